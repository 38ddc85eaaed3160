import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { PageStart, Section } from "./types.js";

/** What the reader needs of a document: its normalised text and section outline, as parsed. */
export interface ReaderText {
  /** The normalised text that citation offsets index (UTF-16 code units). */
  text: string;
  /** Sections in document order, tiling `text` (see {@link Section}). */
  sections: Section[];
  /** Paginated documents (PDF): where each page starts, with its label. */
  pages?: PageStart[];
}

/**
 * Packs a document's reader text for storage: JSON, raw-deflated (level 6).
 * Worker-safe; the parse worker packs it so the main thread only stores bytes.
 * Prose deflates to about a third.
 */
export function packReaderText(doc: ReaderText): Buffer {
  const body: ReaderText = { text: doc.text, sections: doc.sections, ...(doc.pages ? { pages: doc.pages } : {}) };
  return deflateRawSync(Buffer.from(JSON.stringify(body)));
}

/**
 * Unpacks {@link packReaderText} output.
 * @throws Error when the bytes are not a packed reader text.
 */
export function unpackReaderText(body: Uint8Array): ReaderText {
  const parsed = JSON.parse(inflateRawSync(body).toString("utf8")) as Partial<ReaderText>;
  if (typeof parsed.text !== "string" || !Array.isArray(parsed.sections)) throw new Error("not a packed reader text");
  return {
    text: parsed.text,
    sections: parsed.sections,
    ...(Array.isArray(parsed.pages) ? { pages: parsed.pages } : {}),
  };
}
