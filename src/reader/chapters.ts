import type { ReaderText } from "../ingest/reader-text.js";
import type { Section } from "../ingest/types.js";

/** One page of the reader: a run of whole sections (or, for a long headingless stretch, part of one). */
export interface Chapter {
  /** 0-based position among the document's chapters. */
  index: number;
  /** Offsets [start, end) into the normalised text. */
  start: number;
  end: number;
  /** Heading path shared by the chapter's sections; empty for text before the first heading. */
  path: string[];
}

/** A table-of-contents entry: a heading path where it first starts. */
export interface TocEntry {
  /** Heading text (the last element of the path). */
  title: string;
  /** 1-based outline depth. */
  depth: number;
  /** Offset where the section starts. */
  start: number;
}

/** A chapter page holds at most about this many characters (about 25,000 words) before it is split further. */
export const MAX_CHAPTER_CHARS = 150_000;
/** Headingless stretches over the page size are cut into parts of about this many characters, at block breaks. */
const PART_CHARS = 60_000;
const MAX_DEPTH = 4;

function keyOf(s: Section, depth: number): string {
  return JSON.stringify(s.headingPath.slice(0, depth));
}

/** Cuts [start, end) into parts of about {@link PART_CHARS}, each ending at a blank line where one exists. */
function cutLong(text: string, start: number, end: number, path: string[]): Omit<Chapter, "index">[] {
  const out: Omit<Chapter, "index">[] = [];
  let at = start;
  while (end - at > MAX_CHAPTER_CHARS) {
    const brk = text.indexOf("\n\n", at + PART_CHARS);
    if (brk < 0 || brk >= end - 1) break;
    out.push({ start: at, end: brk, path });
    at = brk + 2;
  }
  out.push({ start: at, end, path });
  return out;
}

function partition(text: string, sections: readonly Section[], depth: number, max: number): Omit<Chapter, "index">[] {
  const out: Omit<Chapter, "index">[] = [];
  let i = 0;
  while (i < sections.length) {
    const first = sections[i] as Section;
    const key = keyOf(first, depth);
    let j = i + 1;
    while (j < sections.length && keyOf(sections[j] as Section, depth) === key) j++;
    const group = sections.slice(i, j);
    const start = first.start;
    const end = (group.at(-1) as Section).end;
    const path = first.headingPath.slice(0, depth);
    if (end - start <= max) out.push({ start, end, path });
    else if (depth < MAX_DEPTH && group.some((s) => s.headingPath.length > depth))
      out.push(...partition(text, group, depth + 1, max));
    else out.push(...cutLong(text, start, end, path));
    i = j;
  }
  return out;
}

/**
 * Splits a document into reader pages. A document up to `max` characters is
 * one page; a longer one is split at its top-level headings, and any part
 * still too long at the next level down (to depth 4), then at blank lines.
 * Pages tile the text: each starts where a section (or block) starts.
 *
 * @param max - page size limit in characters (default {@link MAX_CHAPTER_CHARS}).
 */
export function chaptersOf(doc: ReaderText, max = MAX_CHAPTER_CHARS): Chapter[] {
  if (doc.sections.length === 0) return [{ index: 0, start: 0, end: doc.text.length, path: [] }];
  const first = doc.sections[0] as Section;
  const last = doc.sections.at(-1) as Section;
  const parts =
    last.end - first.start <= max
      ? [{ start: first.start, end: last.end, path: [] }]
      : partition(doc.text, doc.sections, 1, max);
  return parts.map((p, index) => ({ ...p, index }));
}

/** The chapter holding `offset` (the last one starting at or before it), or the first chapter. */
export function chapterAt(chapters: readonly Chapter[], offset: number): Chapter {
  let found = chapters[0] as Chapter;
  for (const c of chapters) if (c.start <= offset) found = c;
  return found;
}

/** The table of contents: one entry per distinct heading path, where it first starts. */
export function tocOf(doc: ReaderText): TocEntry[] {
  const out: TocEntry[] = [];
  let previous = "";
  for (const s of doc.sections) {
    const key = JSON.stringify(s.headingPath);
    if (s.headingPath.length === 0 || key === previous) continue;
    previous = key;
    out.push({ title: s.headingPath.at(-1) as string, depth: s.headingPath.length, start: s.start });
  }
  return out;
}
