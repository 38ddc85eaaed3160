import { decodeText } from "./decode.js";
import { DocumentBuilder, titleFromFileName } from "./document-builder.js";
import { assertTextLength, DEFAULT_PARSE_LIMITS } from "./limits.js";
import { gutenbergPublished } from "./published.js";
import type { ParsedDocument } from "./types.js";

const PG_START = /^\s*\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK[^\n]*$/im;
const PG_END = /^\s*\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK[^\n]*$/im;
/** The one-line footer kept by Gutenberg's per-book repositories ("End of Project Gutenberg's …", "End of the Project Gutenberg EBook of …"). */
const PG_END_LINE = /^\s*End of (?:the )?Project Gutenberg'?s?\b[^\n]*$/im;
const CHAPTER_LINE = /^(?:CHAPTER|Chapter|BOOK|Book|PART|Part)\s+(?:[IVXLCDM]+|\d+|[A-Z][a-z]+)\b[.:]?(?:\s.*)?$/;

/**
 * Strips Project Gutenberg boilerplate: everything up to the `*** START OF …`
 * marker and from the `*** END OF …` marker (or the one-line "End of Project
 * Gutenberg's …" footer) on. Header fields `Title:` and `Author:` are returned
 * when the header carries them, and the header itself ("" when there is none).
 */
export function stripGutenberg(text: string): { body: string; header: string; title?: string; author?: string } {
  let body = text;
  let header = "";
  const start = PG_START.exec(body);
  if (start) {
    header = body.slice(0, start.index);
    body = body.slice(start.index + start[0].length);
  }
  const end = PG_END.exec(body) ?? PG_END_LINE.exec(body);
  if (end) body = body.slice(0, end.index);
  const title = /^Title:\s*(.+)$/m.exec(header)?.[1]?.trim();
  const author = /^Author:\s*(.+)$/m.exec(header)?.[1]?.trim();
  return { body, header, ...(title ? { title } : {}), ...(author ? { author } : {}) };
}

function isShoutedLine(line: string): boolean {
  const t = line.trim();
  const letters = t.replace(/[^A-Za-z]/g, "");
  return t.length <= 80 && letters.length >= 4 && letters === letters.toUpperCase() && !/[.,;]$/.test(t);
}

/**
 * Parses a plain-text book: detects the encoding, normalises line breaks,
 * strips Gutenberg boilerplate and recognises obvious chapter headings
 * ("CHAPTER IV.", "Chapter I" plus a short subtitle paragraph in capitals).
 * Paragraphs are blank-line separated; hard-wrapped lines inside a paragraph
 * are joined with spaces unless the paragraph looks pre-formatted (indented tables, verse).
 *
 * @param bytes - raw file contents.
 * @param path - file path, used for the fallback title.
 * @param maxTextChars - longest decoded text accepted (default 20 M, {@link DEFAULT_PARSE_LIMITS}).
 * @throws LimitError when the text is longer.
 */
export function parseText(
  bytes: Uint8Array,
  path: string,
  maxTextChars = DEFAULT_PARSE_LIMITS.maxTextChars,
): ParsedDocument {
  const { text, encoding } = decodeText(bytes);
  assertTextLength(text, maxTextChars);
  const { body, header, title, author } = stripGutenberg(text);
  const paragraphs = body.split(/\n[ \t]*\n+/);
  const builder = new DocumentBuilder();
  let pendingChapter: string | null = null;
  for (const raw of paragraphs) {
    const lines = raw.split("\n").filter((l) => l.trim() !== "");
    if (lines.length === 0) continue;
    const first = (lines[0] as string).trim();
    // "CHAPTER IV 28" (a trailing page number) is a table-of-contents line, not a heading.
    const joined = lines.map((l) => l.trim()).join(" ");
    if (lines.length <= 2 && CHAPTER_LINE.test(first) && first.length <= 80 && !/\s\d+$/.test(joined)) {
      pendingChapter = joined;
      builder.heading(1, pendingChapter);
      continue;
    }
    if (pendingChapter && lines.length <= 3 && lines.every(isShoutedLine)) {
      // Subtitle paragraph right after "Chapter I": fold it into the chapter heading.
      builder.renameHeading(`${pendingChapter} — ${joined}`);
      pendingChapter = null;
      builder.block(lines.join(" "));
      continue;
    }
    pendingChapter = null;
    if (lines.length === 1 && isShoutedLine(first) && builder.currentPath().length > 0) {
      builder.heading(2, first);
      continue;
    }
    const preformatted = lines.filter((l) => /^\s{2,}|\s{3,}\S/.test(l)).length > lines.length / 2;
    builder.block(preformatted ? lines.join("\n") : lines.map((l) => l.trim()).join(" "));
  }
  const bookTitle = title ?? titleFromFileName(path);
  return builder.build({
    title: bookTitle,
    author: author ?? null,
    format: "text",
    metadata: { encoding },
    published: gutenbergPublished(header, body, bookTitle),
  });
}
