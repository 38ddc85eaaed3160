import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parseEpub } from "./epub.js";
import { parseMarkdown } from "./markdown.js";
import { parseText } from "./text.js";
import type { DocumentFormat, ParsedDocument } from "./types.js";

const EXTENSIONS: Record<string, DocumentFormat> = {
  ".epub": "epub",
  ".md": "markdown",
  ".markdown": "markdown",
  ".txt": "text",
  ".text": "text",
};

/** The format a path would be parsed as, or null for files Almanac ignores. */
export function formatOf(path: string): DocumentFormat | null {
  return EXTENSIONS[extname(path).toLowerCase()] ?? null;
}

/**
 * Parses one book file by extension.
 *
 * @throws Error for unsupported extensions, unreadable files and corrupt books;
 *   the message names what failed so it can be shown against the file in status.
 */
export async function parseFile(path: string): Promise<ParsedDocument> {
  const format = formatOf(path);
  switch (format) {
    case "epub":
      return parseEpub(path);
    case "markdown":
      return parseMarkdown(await readFile(path), path);
    case "text":
      return parseText(await readFile(path), path);
    default:
      throw new Error(`unsupported file type: ${extname(path) || "(none)"}`);
  }
}
