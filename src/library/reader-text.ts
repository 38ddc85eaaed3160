import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Section } from "../ingest/types.js";

/** What the reader needs of a document: its normalised text and section outline, as parsed. */
export interface ReaderText {
  /** The normalised text that citation offsets index (UTF-16 code units). */
  text: string;
  /** Sections in document order, tiling `text` (see {@link Section}). */
  sections: Section[];
}

/**
 * Packs a document's reader text for storage: JSON, raw-deflated (level 6).
 * Worker-safe; the parse worker packs it so the main thread only stores bytes.
 * Prose deflates to about a third.
 */
export function packReaderText(doc: ReaderText): Buffer {
  return deflateRawSync(Buffer.from(JSON.stringify({ text: doc.text, sections: doc.sections })));
}

/**
 * Unpacks {@link packReaderText} output.
 * @throws Error when the bytes are not a packed reader text.
 */
export function unpackReaderText(body: Uint8Array): ReaderText {
  const parsed = JSON.parse(inflateRawSync(body).toString("utf8")) as Partial<ReaderText>;
  if (typeof parsed.text !== "string" || !Array.isArray(parsed.sections)) throw new Error("not a packed reader text");
  return { text: parsed.text, sections: parsed.sections };
}
