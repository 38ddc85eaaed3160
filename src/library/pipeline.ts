import { type FileHandle, open } from "node:fs/promises";
import { formatBytes, type ParseLimits } from "../ingest/limits.js";
import { formatOf, parseBytes } from "../ingest/parse.js";
import { packReaderText } from "../ingest/reader-text.js";
import { parseSubtitles } from "../ingest/subtitles.js";
import type { ParsedDocument, Published } from "../ingest/types.js";
import type { ChunkRecord } from "../store/chunk-store.js";
import { mediaMtimeMs, sidecarOf } from "./media.js";
import { contentHash, SAFE_READ_FLAGS } from "./paths.js";
import { buildRecords, type ChunkSettings } from "./records.js";
import { describeIoError } from "./scan.js";

/** One file to read and parse, as sent to a parse worker (structured-cloneable). */
export interface FileTask {
  /** Absolute path, already resolved inside the library root. */
  abs: string;
  /** Library-relative path (names the format and the fallback title). */
  path: string;
  /** SHA-256 of the bytes last indexed; equal bytes are not parsed again. */
  knownHash: string | null;
  /** Parse even when the bytes are unchanged, to store the reader text an index from before the reader lacks. */
  wantReader?: boolean;
  /** Parse even when the bytes are unchanged, to read the publication facts an index from before them lacks. */
  wantMeta?: boolean;
  limits: ParseLimits;
  /** With no embedding model the worker also chunks (the estimate needs no tokenizer); null leaves chunking to the caller. */
  chunking: (ChunkSettings & { docId: string }) | null;
}

/** File facts every outcome that opened the file carries. */
interface Facts {
  size: number;
  /** Modification time, whole epoch milliseconds. */
  mtimeMs: number;
}

/**
 * What became of one file:
 * - `gone`: it does not exist (the indexer still needs a folder listing before deleting anything);
 * - `unreadable`: an I/O error such as EACCES or EIO, which never deletes a document;
 * - `skipped`: a symbolic link or an empty file;
 * - `failed`: not a regular file, over a limit, not text, corrupt;
 * - `unchanged`: the same bytes as last indexed;
 * - `parsed`: a new {@link ParsedDocument}.
 */
export type FileOutcome =
  | { kind: "gone" }
  | { kind: "unreadable"; reason: string }
  | ({ kind: "skipped"; reason: string } & Facts)
  | ({ kind: "failed"; reason: string; hash: string | null } & Partial<Facts>)
  | ({ kind: "unchanged"; hash: string; reader?: Uint8Array; published?: Published } & Facts)
  | ({
      kind: "parsed";
      hash: string;
      doc: ParsedDocument;
      /** The reader's copy of the text and outline, packed ({@link packReaderText}). */
      reader: Uint8Array;
      records?: ChunkRecord[];
    } & Facts);

function fileKind(s: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}) {
  if (s.isFIFO()) return "a FIFO";
  if (s.isSocket()) return "a socket";
  if (s.isCharacterDevice() || s.isBlockDevice()) return "a device";
  return "a folder or special file";
}

/**
 * Reads, hashes and parses one library file: the unit of work a parse worker
 * runs. The file is opened with `O_NOFOLLOW | O_NONBLOCK` and checked on the
 * open handle, so a symbolic link is never followed, a FIFO never blocks, and
 * the bytes hashed are the bytes parsed.
 *
 * Never throws for a bad file: every failure is an outcome with a reason.
 */
export async function readBookFile(task: FileTask): Promise<FileOutcome> {
  let fh: FileHandle;
  try {
    fh = await open(task.abs, SAFE_READ_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "gone" };
    if (code === "ELOOP")
      return { kind: "skipped", reason: "symbolic link: Almanac does not follow links", size: 0, mtimeMs: 0 };
    return { kind: "unreadable", reason: `cannot open: ${describeIoError(err)}` };
  }
  try {
    const s = await fh.stat();
    const facts: Facts = { size: s.size, mtimeMs: Math.trunc(s.mtimeMs) };
    if (!s.isFile()) return { kind: "failed", reason: `not a regular file (${fileKind(s)})`, hash: null, ...facts };
    if (s.size === 0) return { kind: "skipped", reason: "empty file", ...facts };
    if (formatOf(task.path) === "media") return await readMediaSubtitles(task, s.size, facts.mtimeMs);
    if (s.size > task.limits.maxFileBytes)
      return {
        kind: "failed",
        reason: `file is ${formatBytes(s.size)}, over the ${formatBytes(task.limits.maxFileBytes)} limit (maxFileBytes)`,
        hash: null,
        ...facts,
      };
    let bytes: Buffer;
    try {
      bytes = await fh.readFile();
    } catch (err) {
      return { kind: "unreadable", reason: `cannot read: ${describeIoError(err)}` };
    }
    return await outcomeOf(task, contentHash(bytes), facts, () => parseBytes(bytes, task.path, task.limits));
  } finally {
    await fh.close();
  }
}

/** The publication facts of a format that states none: stored so the document is not read again for them. */
const NO_FACTS: Published = { year: null, publisher: null, language: null };

/**
 * The outcome of bytes hashed to `hash`: unchanged (with the reader text or
 * the publication facts when asked for them), parsed (chunked too when the task says so), or failed with
 * the parser's message.
 */
async function outcomeOf(
  task: FileTask,
  hash: string,
  facts: Facts,
  parse: () => ParsedDocument | Promise<ParsedDocument>,
): Promise<FileOutcome> {
  const unchanged = hash === task.knownHash;
  if (unchanged && !task.wantReader && !task.wantMeta) return { kind: "unchanged", hash, ...facts };
  try {
    const doc = await parse();
    // A book with no word in it is never "indexed": it would be missing from every search without a word of why.
    if (!/[\p{L}\p{N}]/u.test(doc.text)) return { kind: "failed", reason: noTextReason(doc), hash, ...facts };
    const published = task.wantMeta ? { published: doc.published ?? NO_FACTS } : {};
    if (unchanged && !task.wantReader) return { kind: "unchanged", hash, ...published, ...facts };
    const reader = packReaderText(doc);
    if (unchanged) return { kind: "unchanged", hash, reader, ...published, ...facts };
    if (!task.chunking) return { kind: "parsed", hash, doc, reader, ...facts };
    const records = buildRecords(task.chunking.docId, task.path, doc, task.chunking, null);
    // The text travels back as chunks and packed: the caller needs the outline and metadata, not a third copy.
    return { kind: "parsed", hash, doc: { ...doc, text: "", sections: [] }, reader, records, ...facts };
  } catch (err) {
    return { kind: "failed", reason: (err as Error).message || String(err), hash, ...facts };
  }
}

/** Why a parsed document with no text fails: the parser's own notes on what it left out, when it has any. */
function noTextReason(doc: ParsedDocument): string {
  const notes = doc.warnings?.length ? `: ${doc.warnings.join("; ")}` : "";
  return `no text could be read from this ${doc.format === "text" ? "file" : doc.format}${notes}`;
}

/**
 * A video or audio file is indexed from its subtitle file ({@link sidecarOf});
 * the media itself is never read here. Without subtitles it is skipped. The
 * hash covers the subtitles and the media's size, the time the later of the two.
 */
async function readMediaSubtitles(task: FileTask, mediaSize: number, ownMtimeMs: number): Promise<FileOutcome> {
  const facts: Facts = { size: mediaSize, mtimeMs: await mediaMtimeMs(task.abs, ownMtimeMs) };
  const sidecar = await sidecarOf(task.abs);
  if (!sidecar)
    return { kind: "skipped", reason: "no subtitles: add a .srt or .vtt file with the same name", ...facts };
  let bytes: Buffer;
  try {
    const fh = await open(sidecar, SAFE_READ_FLAGS);
    try {
      const s = await fh.stat();
      if (s.size > task.limits.maxFileBytes)
        return {
          kind: "failed",
          reason: `the subtitle file is ${formatBytes(s.size)}, over the limit`,
          hash: null,
          ...facts,
        };
      bytes = await fh.readFile();
    } finally {
      await fh.close();
    }
  } catch (err) {
    return { kind: "unreadable", reason: `cannot read the subtitles: ${describeIoError(err)}` };
  }
  const hash = contentHash(Buffer.concat([bytes, Buffer.from(`\0${mediaSize}`)]));
  return outcomeOf(task, hash, facts, () => parseSubtitles(bytes, task.path, task.limits));
}
