import type { ReaderText } from "../ingest/reader-text.js";
import { type Block, blocksOf, type Highlight } from "./blocks.js";
import { type Chapter, chapterAt, chaptersOf, type TocEntry, tocOf } from "./chapters.js";

/** What the reader was asked to show, from the query string; anything out of range is ignored. */
export interface ReaderQuery {
  /** The cited range [start, end) to highlight (offsets into the normalised text). */
  start?: number;
  end?: number;
  /** An offset to open at (a table-of-contents entry). */
  at?: number;
  /** A chapter index (previous/next links). */
  chapter?: number;
}

/** A chapter as listed in navigation. */
export interface ChapterLink {
  index: number;
  title: string;
}

/** Everything one reader page shows, as plain data for the view. */
export interface ReaderPage {
  chapter: ChapterLink & { start: number; end: number };
  chapterCount: number;
  prev: ChapterLink | null;
  next: ChapterLink | null;
  toc: Array<TocEntry & { chapter: number }>;
  blocks: Block[];
  /** The highlighted range when it was valid for this document. */
  highlight: Highlight | null;
  /** PDF: the 1-based physical page the highlight (or this reader page) starts on, for the original file's `#page=`. */
  physicalPage: number | null;
  /** PDF: the pages that start on this reader page, by the offset of their first block. */
  pageStarts: Array<{ start: number; label: string }>;
  /** EPUB: the spine position of the page's first section (its original chapter file), else null. */
  spineIndex: number | null;
}

function titleOf(c: Chapter, docTitle: string): string {
  if (c.path.length > 0) return c.path.join(" › ");
  return c.index === 0 ? docTitle : `${docTitle} (part ${c.index + 1})`;
}

const whole = (n: number | undefined, max: number): n is number =>
  n !== undefined && Number.isInteger(n) && n >= 0 && n <= max;

/**
 * Builds a reader page: the chapter holding the cited range (else the `at`
 * offset, else the `chapter` index, else the first), its blocks with the
 * range highlighted, the table of contents and previous/next chapters.
 */
export function readerPage(doc: ReaderText, docTitle: string, q: ReaderQuery): ReaderPage {
  const chapters = chaptersOf(doc);
  const n = doc.text.length;
  const highlight = whole(q.start, n) && whole(q.end, n) && q.end > q.start ? { start: q.start, end: q.end } : null;
  let chapter: Chapter;
  if (highlight) chapter = chapterAt(chapters, highlight.start);
  else if (whole(q.at, n)) chapter = chapterAt(chapters, q.at);
  else if (whole(q.chapter, chapters.length - 1)) chapter = chapters[q.chapter] as Chapter;
  else chapter = chapters[0] as Chapter;
  // A passage that runs over a page break shows the pages it spans together, so it is highlighted whole.
  let last = chapter;
  if (highlight)
    while (last.end < highlight.end && chapters[last.index + 1]) last = chapters[last.index + 1] as Chapter;
  const shown: Chapter = { ...chapter, end: last.end };
  const link = (c: Chapter | undefined): ChapterLink | null =>
    c ? { index: c.index, title: titleOf(c, docTitle) } : null;
  return {
    chapter: { ...(link(chapter) as ChapterLink), start: shown.start, end: shown.end },
    chapterCount: chapters.length,
    prev: link(chapters[chapter.index - 1]),
    next: link(chapters[last.index + 1]),
    toc: tocOf(doc).map((t) => ({ ...t, chapter: chapterAt(chapters, t.start).index })),
    blocks: blocksOf(doc, shown, highlight),
    highlight,
    pageStarts: (doc.pages ?? []).filter((p) => p.start >= shown.start && p.start < shown.end),
    physicalPage: physicalPageAt(doc, highlight?.start ?? shown.start),
    spineIndex:
      doc.sections.find((x) => x.end > (highlight?.start ?? shown.start) && x.spineIndex !== undefined)?.spineIndex ??
      null,
  };
}

/** The 1-based physical page holding `offset`, or null for a document without pages. */
function physicalPageAt(doc: ReaderText, offset: number): number | null {
  if (!doc.pages?.length) return null;
  let n = 1;
  doc.pages.forEach((p, i) => {
    if (p.start <= offset) n = i + 1;
  });
  return n;
}
