// What the reader routes need on every request, apart from the book parsers (epub2, remark, parse5), which
// load on first use so an idle server does not hold them.
import { open } from "node:fs/promises";
import { formatBytes } from "../ingest/limits.js";
import { SAFE_READ_FLAGS } from "../library/paths.js";

/** Largest chapter file or Markdown book shown in original layout (it is parsed on the server's main thread). */
export const MAX_ORIGINAL_BYTES = 2 * 1024 * 1024;
/** Largest image served from inside a book. */
export const MAX_BOOK_IMAGE_BYTES = 10 * 1024 * 1024;

/** Thrown when a book part cannot be shown in original layout; the message says why. */
export class OriginalUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OriginalUnavailableError";
  }
}

/**
 * A library file's bytes, read the way the indexer reads them: no symbolic
 * link followed, no FIFO waited on, regular files only, at most `maxBytes`.
 * @throws OriginalUnavailableError otherwise.
 */
export async function readLibraryFile(abs: string, maxBytes: number): Promise<Buffer> {
  const fh = await open(abs, SAFE_READ_FLAGS).catch(() => {
    throw new OriginalUnavailableError("the book file cannot be opened (moved, removed, or a link)");
  });
  try {
    const s = await fh.stat();
    if (!s.isFile()) throw new OriginalUnavailableError("the book is no longer a regular file");
    if (s.size > maxBytes)
      throw new OriginalUnavailableError(
        `the book is ${formatBytes(s.size)}, too large for the original layout; the text view shows it`,
      );
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

/**
 * A Markdown book's text for the original layout.
 * @throws OriginalUnavailableError when it cannot be read or is over {@link MAX_ORIGINAL_BYTES}.
 */
export async function markdownSource(abs: string): Promise<string> {
  return (await readLibraryFile(abs, MAX_ORIGINAL_BYTES)).toString("utf8");
}
