import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from "./limits.js";
import { assertText } from "./sniff.js";
import { MEDIA_EXTENSIONS } from "./subtitles.js";
import type { DocumentFormat, ParsedDocument } from "./types.js";

const EXTENSIONS: Record<string, DocumentFormat> = {
  ".epub": "epub",
  ".md": "markdown",
  ".markdown": "markdown",
  ".txt": "text",
  ".text": "text",
  ".pdf": "pdf",
  ".html": "html",
  ".htm": "html",
  ".zim": "zim",
  // The first part of a split archive stands for all its parts (ingest/zim/parts.ts).
  ".zimaa": "zim",
  ...Object.fromEntries(MEDIA_EXTENSIONS.map((e) => [e, "media" as const])),
};

/**
 * The version of the format readers, raised when a reader starts to read files it failed before
 * (2: issue 27's ZIM validation and split archives, EPUB fallbacks and SVG, PDFs scanned per page),
 * so documents failed by an older one are read once more (`DocumentRepository.retryFailedForReaders`).
 */
export const READERS_VERSION = 2;

/** Every file extension Almanac indexes, lower-case with the dot. */
export const INDEXED_EXTENSIONS: readonly string[] = Object.keys(EXTENSIONS);

/** The format a path would be parsed as, or null for files Almanac ignores. */
export function formatOf(path: string): DocumentFormat | null {
  return EXTENSIONS[extname(path).toLowerCase()] ?? null;
}

/**
 * Parses one book from its bytes, by the extension of `path`. Markdown and
 * text must look like text ({@link assertText}); every format is held to `limits`.
 * Each format's parser (pdf.js, linkedom, epub2, remark: tens of MB each) is
 * imported the first time a book of that format is parsed, in the parse
 * worker, so the server's main thread never loads them.
 *
 * @throws NotTextError, LimitError, XmlEntityError, or Error for unsupported
 *   extensions and corrupt books; the message names what failed so it can be
 *   shown against the file in status.
 */
export async function parseBytes(
  bytes: Buffer,
  path: string,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): Promise<ParsedDocument> {
  const format = formatOf(path);
  switch (format) {
    case "epub":
      return (await import("./epub.js")).parseEpub(bytes, limits, path);
    case "markdown":
      assertText(bytes);
      return (await import("./markdown.js")).parseMarkdown(bytes, path, limits);
    case "text":
      assertText(bytes);
      return (await import("./text.js")).parseText(bytes, path, limits.maxTextChars);
    case "pdf": {
      const { parsePdf, ScannedPdfError } = await import("./pdf.js");
      try {
        return await parsePdf(bytes, path, limits);
      } catch (err) {
        if (!(err instanceof ScannedPdfError) || !limits.pdfOcr) throw err;
        const { ocrAvailable, ocrPdf } = await import("./ocr.js");
        if (!ocrAvailable())
          throw new ScannedPdfError(err.pages, "pdfOcr is on but OCR needs Debian's tesseract-ocr and poppler-utils");
        return ocrPdf(bytes, path, err.pages);
      }
    }
    case "html":
      assertText(bytes);
      return (await import("./html-page.js")).parseHtmlPage(bytes, path, limits);
    case "media":
      throw new Error("a media file is indexed from its subtitle file (library/pipeline.ts), not parsed");
    case "zim":
      throw new Error("a ZIM archive is indexed article by article (library/zim-ingest.ts), not parsed whole");
    default:
      throw new Error(`unsupported file type: ${extname(path) || "(none)"}`);
  }
}

/**
 * Reads and parses one book file ({@link parseBytes}). The indexer reads files
 * through `library/pipeline.ts` instead, which refuses links and special files.
 *
 * @throws as {@link parseBytes}, and on I/O errors.
 */
export async function parseFile(path: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): Promise<ParsedDocument> {
  return parseBytes(await readFile(path), path, limits);
}
