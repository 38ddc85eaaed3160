import type { ReaderText } from "../ingest/reader-text.js";
import type { TextPart } from "../retrieve/highlight.js";
import type { Chapter } from "./chapters.js";

export type { TextPart };

/** One block of a reader page: a heading or a paragraph (which may hold line breaks: lists, tables, verse). */
export interface Block {
  kind: "heading" | "paragraph";
  /** Heading level 2–6 (the page title is level 1); 0 for paragraphs. */
  level: number;
  /** Offsets [start, end) into the normalised text. */
  start: number;
  end: number;
  parts: TextPart[];
}

/** A range to highlight, offsets into the normalised text, `end` exclusive. */
export interface Highlight {
  start: number;
  end: number;
}

const fold = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

function partsOf(text: string, start: number, end: number, mark: Highlight | null): TextPart[] {
  if (!mark || mark.end <= start || mark.start >= end) return [{ text: text.slice(start, end), marked: false }];
  const a = Math.max(start, mark.start);
  const b = Math.min(end, mark.end);
  const parts: TextPart[] = [];
  if (a > start) parts.push({ text: text.slice(start, a), marked: false });
  parts.push({ text: text.slice(a, b), marked: true });
  if (b < end) parts.push({ text: text.slice(b, end), marked: false });
  return parts;
}

/**
 * The blocks of one chapter page, in order, with the highlighted range
 * split out exactly by its offsets. Blocks are the normalised text's
 * paragraphs (separated by a blank line). A section's first block is a
 * heading when it repeats the section's own heading, which is how parsers
 * write headings into the text.
 *
 * @param highlight - the cited range, or null; parts outside the chapter are ignored.
 */
export function blocksOf(doc: ReaderText, chapter: Chapter, highlight: Highlight | null): Block[] {
  const { text } = doc;
  const blocks: Block[] = [];
  for (const s of doc.sections) {
    if (s.end <= chapter.start || s.start >= chapter.end) continue;
    const from = Math.max(s.start, chapter.start);
    const to = Math.min(s.end, chapter.end);
    const heading = s.headingPath.at(-1);
    let at = from;
    while (at < to) {
      const brk = text.indexOf("\n\n", at);
      const end = brk < 0 || brk > to ? to : brk;
      if (end > at) {
        const isHeading = at === s.start && heading !== undefined && fold(text.slice(at, end)) === fold(heading);
        blocks.push({
          kind: isHeading ? "heading" : "paragraph",
          level: isHeading ? Math.min(6, s.headingPath.length + 1) : 0,
          start: at,
          end,
          parts: partsOf(text, at, end, highlight),
        });
      }
      at = end + 2;
    }
  }
  return blocks;
}
