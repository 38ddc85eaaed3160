import { columnsOf } from "./pdf-columns.js";

/**
 * Rebuilds reading order from positioned PDF text: items → lines → blocks,
 * with two-column pages read column by column, hyphenated line ends joined,
 * and running headers and footers dropped. Pure: no pdf.js here, so it is
 * tested on hand-built items.
 */

/** One positioned run of text, as pdf.js `getTextContent()` gives it (PDF user space: y grows upward). */
export interface PdfTextItem {
  str: string;
  /** Left edge and baseline. */
  x: number;
  y: number;
  width: number;
  /** Font size (the text matrix's vertical scale). */
  size: number;
  /** pdf.js: the item ends a line. */
  hasEOL: boolean;
}

/** One page's items and size. */
export interface PdfPageText {
  items: PdfTextItem[];
  width: number;
  height: number;
}

/** A line of text on a page. */
export interface PdfLine {
  text: string;
  x: number;
  y: number;
  size: number;
}

/** A block of a page in reading order: a paragraph, or a heading when its type is larger than the body. */
export interface PdfBlock {
  kind: "heading" | "paragraph";
  text: string;
  size: number;
}

/** Lines in the top or bottom share of a page that are candidates for running headers and footers. */
const MARGIN_SHARE = 0.09;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Whether a page is set in columns: its text splits at a gutter ({@link columnsOf}). */
export function isTwoColumn(page: PdfPageText): boolean {
  return columnsOf(page.items).length > 1;
}

/** Groups items into lines (same baseline within half the type size), top to bottom, left to right. */
export function linesOf(items: readonly PdfTextItem[]): PdfLine[] {
  const sorted = items.filter((i) => i.str !== "").sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Array<{ items: PdfTextItem[]; y: number; size: number }> = [];
  for (const item of sorted) {
    const line = lines.find((l) => Math.abs(l.y - item.y) <= Math.max(1, 0.5 * Math.min(l.size, item.size || l.size)));
    if (line) {
      line.items.push(item);
      line.size = Math.max(line.size, item.size);
    } else lines.push({ items: [item], y: item.y, size: item.size });
  }
  return lines
    .sort((a, b) => b.y - a.y)
    .map((l) => {
      const parts = l.items.sort((a, b) => a.x - b.x);
      let text = "";
      let end = Number.NEGATIVE_INFINITY;
      for (const p of parts) {
        const gap = p.x - end;
        if (text && gap > 0.15 * (p.size || l.size) && !text.endsWith(" ") && !p.str.startsWith(" ")) text += " ";
        // Within one item only: across items, "i < n" and table rows of digits are single letters apart too.
        text += joinSpacedLetters(p.str);
        end = p.x + p.width;
      }
      return { text: text.replace(/\s+/g, " ").trim(), x: parts[0]?.x ?? 0, y: l.y, size: l.size };
    })
    .filter((l) => l.text !== "");
}

/** Four or more runs of one to three letters, one space apart: a letter-spaced word as pdf.js may spell it. */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])(?:[\p{L}\p{N}]{1,3} ){3,}[\p{L}\p{N}]{1,3}(?![\p{L}\p{N}])/gu;

/** Whether a run is letter-spacing rather than short words: most of its pieces are single letters. */
function isSpacedWord(run: string): boolean {
  const pieces = run.split(" ");
  return pieces.filter((p) => [...p].length === 1).length >= pieces.length * 0.6;
}

/**
 * An item's text with its letter-spaced words closed up: pdf.js puts a space
 * between glyphs set wide apart ("P R O P E R T Y", "P ro p e rty" where
 * kerning pairs stay together), and keeps the wider real word break as an
 * item of its own, so such a run inside one item is one word.
 */
export function joinSpacedLetters(text: string): string {
  return text.replace(SPACED_LETTERS, (run) => (isSpacedWord(run) ? run.replace(/ /g, "") : run));
}

/** A page's lines in reading order: column by column ({@link columnsOf}), each top to bottom. */
export function readingOrder(page: PdfPageText): PdfLine[] {
  return columnsOf(page.items).flatMap((column) => linesOf(column));
}

/** The text of a line with digits folded, so "Page 3" and "Page 4" count as the same running footer. */
const shapeOf = (text: string) => text.replace(/\d+/g, "#").replace(/\s+/g, " ").trim().toLowerCase();

/**
 * Running headers and footers: line shapes in a page's top or bottom margin
 * that recur on at least half the pages (and at least 3), plus bare page numbers there.
 */
export function runningLines(pages: readonly PdfPageText[], lines: readonly PdfLine[][]): Set<string> {
  const counts = new Map<string, number>();
  pages.forEach((page, i) => {
    const seen = new Set<string>();
    for (const l of lines[i] ?? []) {
      if (l.y < page.height * (1 - MARGIN_SHARE) && l.y > page.height * MARGIN_SHARE) continue;
      seen.add(shapeOf(l.text));
    }
    for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
  });
  const running = new Set<string>(["#", "- # -", "page #", "# of #"]);
  for (const [shape, n] of counts) if (n >= 3 && n >= pages.length / 2) running.add(shape);
  return running;
}

/** Whether a line is in the page margins and is running matter. */
export function isRunning(line: PdfLine, page: PdfPageText, running: ReadonlySet<string>): boolean {
  const inMargin = line.y >= page.height * (1 - MARGIN_SHARE) || line.y <= page.height * MARGIN_SHARE;
  return inMargin && running.has(shapeOf(line.text));
}

/**
 * Joins lines into blocks. A new block starts at a vertical gap over 1.6 line
 * heights, at a change of type size, or when a line starts lower in a new
 * column. A line ending in a hyphen after a letter, followed by a lower-case
 * start, is joined without the hyphen ("infor-" + "mation" → "information").
 * Blocks in type at least 1.2 × `bodySize` and under 120 characters are headings.
 */
export function blocksOf(lines: readonly PdfLine[], bodySize: number): PdfBlock[] {
  const blocks: PdfBlock[] = [];
  let current: { lines: PdfLine[] } | null = null;
  const close = () => {
    if (!current) return;
    let text = "";
    for (const l of current.lines) {
      if (!text) text = l.text;
      else if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(l.text)) text = text.slice(0, -1) + l.text;
      else text += ` ${l.text}`;
    }
    const size = median(current.lines.map((l) => l.size));
    const heading = size >= bodySize * 1.2 && text.length < 120 && !/[.,;:]$/.test(text);
    blocks.push({ kind: heading ? "heading" : "paragraph", text, size });
    current = null;
  };
  let previous: PdfLine | null = null;
  for (const line of lines) {
    const gap = previous ? previous.y - line.y : 0;
    const newColumn = previous !== null && gap < 0;
    const sizeChange =
      previous !== null && Math.abs(line.size - previous.size) > 0.15 * Math.max(line.size, previous.size);
    if (!current || newColumn || sizeChange || gap > 1.6 * Math.max(line.size, previous?.size ?? 0)) {
      close();
      current = { lines: [] };
    }
    current.lines.push(line);
    previous = line;
  }
  close();
  return blocks;
}

/** The body type size of a document: the size that sets the most characters. */
export function bodySizeOf(lines: readonly PdfLine[]): number {
  const chars = new Map<number, number>();
  for (const l of lines) {
    const key = Math.round(l.size * 2) / 2;
    chars.set(key, (chars.get(key) ?? 0) + l.text.length);
  }
  let best = 0;
  let bestCount = -1;
  for (const [size, n] of chars)
    if (n > bestCount) {
      best = size;
      bestCount = n;
    }
  return best;
}
