/**
 * Limits that keep one hostile or broken file from exhausting the appliance.
 * Every value is configurable (see `src/config.ts`); the defaults fit a
 * Raspberry Pi 4 with 4 GB and still index any real book.
 */
export interface ParseLimits {
  /** Largest file read, bytes. Default 256 MiB. */
  maxFileBytes: number;
  /** Largest normalised document text, UTF-16 code units. Default 20 M (a long encyclopaedia volume is ~5 M). */
  maxTextChars: number;
  /** Largest uncompressed size of one EPUB archive entry, bytes. Default 64 MiB. */
  maxEpubEntryBytes: number;
  /** Largest uncompressed size of all EPUB archive entries together, bytes. Default 200 MiB. */
  maxEpubTotalBytes: number;
  /** Most EPUB archive entries. Default 20,000. */
  maxEpubEntries: number;
  /** Most EPUB spine items (chapter files). Default 5,000. */
  maxSpineItems: number;
  /** Deepest Markdown nesting (lists, block quotes, indentation), checked before remark runs. Default 64. */
  maxMarkdownDepth: number;
  /** Read scanned PDFs with OCR (tesseract + pdftoppm, when installed). Default false: OCR is slow. */
  pdfOcr?: boolean;
}

/** The default {@link ParseLimits}. */
export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxFileBytes: 256 * 1024 * 1024,
  maxTextChars: 20_000_000,
  maxEpubEntryBytes: 64 * 1024 * 1024,
  maxEpubTotalBytes: 200 * 1024 * 1024,
  maxEpubEntries: 20_000,
  maxSpineItems: 5_000,
  maxMarkdownDepth: 64,
};

/**
 * Thrown when a file breaks a {@link ParseLimits} limit. The message names the
 * limit and its value, because it is shown to the user against the file.
 */
export class LimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LimitError";
  }
}

/** Thrown for content that is not what its extension says (binary named `.md`). */
export class NotTextError extends Error {
  constructor(detail: string) {
    super(`not a text file (${detail})`);
    this.name = "NotTextError";
  }
}

/** `1.2 GB`, `64 MB`, `512 KB`: a byte count for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

/**
 * Refuses a decoded text longer than `max` UTF-16 code units.
 * @throws LimitError naming the length and the limit.
 */
export function assertTextLength(text: string, max: number): void {
  if (text.length > max)
    throw new LimitError(
      `text is ${(text.length / 1e6).toFixed(1)} M characters, over the limit of ${(max / 1e6).toFixed(1)} M (maxTextChars)`,
    );
}
