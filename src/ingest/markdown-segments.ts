import { LimitError } from "./limits.js";

/** A piece of a Markdown source: text for remark, or a large pipe table read without it. */
export type MarkdownSegment = { kind: "markdown"; text: string } | { kind: "table"; rows: string[][] };

/** Sources longer than this are parsed in segments, so remark's syntax tree stays small. */
export const SEGMENT_CHARS = 256 * 1024;
/** Pipe tables with more rows than this skip remark: its GFM table parser needs ~1 KB of heap per source byte. */
export const FAST_TABLE_ROWS = 1000;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const ORDERED_MARKER = /^\d{1,9}[.)][ \t]/;

/**
 * Deepest nesting in a Markdown source: block-quote and list markers at the
 * start of a line plus its indentation (two columns a level, a tab four
 * columns), outside fenced code. remark's container parsing is quadratic in
 * depth and its tree recursion overflows the stack past a few thousand levels,
 * so this runs first.
 */
export function markdownDepth(text: string): number {
  let max = 0;
  let fence: string | null = null;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, Math.min(end, start + 4096));
    start = end + 1;
    const f = FENCE.exec(line);
    if (f) {
      const mark = (f[1] as string)[0] as string;
      if (fence === null) fence = mark;
      else if (fence === mark) fence = null;
      continue;
    }
    if (fence !== null) continue;
    let depth = 0;
    let col = 0;
    let i = 0;
    while (i < line.length) {
      const ch = line[i];
      if (ch === " ") {
        col++;
        i++;
      } else if (ch === "\t") {
        col += 4;
        i++;
      } else if (ch === ">") {
        // One space after ">" belongs to the marker (CommonMark §5.1), not to indentation.
        depth++;
        i += line[i + 1] === " " ? 2 : 1;
      } else if ((ch === "-" || ch === "*" || ch === "+") && (line[i + 1] === " " || line[i + 1] === "\t")) {
        depth++;
        i += 2;
      } else {
        const ordered = ORDERED_MARKER.exec(line.slice(i, i + 12));
        if (!ordered) break;
        depth++;
        i += ordered[0].length;
      }
    }
    max = Math.max(max, depth + Math.floor(col / 2));
  }
  return max;
}

/**
 * Throws when the source nests deeper than `maxDepth` ({@link markdownDepth}).
 * @throws LimitError
 */
export function assertMarkdownDepth(text: string, maxDepth: number): void {
  const depth = markdownDepth(text);
  if (depth > maxDepth)
    throw new LimitError(`Markdown nests ${depth} levels deep, over the limit of ${maxDepth} (maxMarkdownDepth)`);
}

/** Cells of one pipe-table row: outer pipes dropped, split on pipes not escaped with a backslash. */
export function tableCells(line: string): string[] {
  let body = line.trim();
  if (body.startsWith("|")) body = body.slice(1);
  if (body.endsWith("|") && !body.endsWith("\\|")) body = body.slice(0, -1);
  return body.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}

/**
 * Splits a Markdown source into segments that parse independently:
 * - at blank lines followed by an unindented line, outside fenced code, once a segment passes {@link SEGMENT_CHARS};
 * - around pipe tables of more than {@link FAST_TABLE_ROWS} rows, which become `table` segments.
 *
 * A source under the segment size with no large table is returned whole, so
 * ordinary books parse exactly as one remark tree.
 */
export function segmentMarkdown(text: string): MarkdownSegment[] {
  const lines = text.split("\n");
  const out: MarkdownSegment[] = [];
  let current: string[] = [];
  let size = 0;
  let fence: string | null = null;
  const push = () => {
    if (current.length > 0) out.push({ kind: "markdown", text: current.join("\n") });
    current = [];
    size = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const f = FENCE.exec(line);
    if (f) {
      const mark = (f[1] as string)[0] as string;
      if (fence === null) fence = mark;
      else if (fence === mark) fence = null;
    }
    if (fence === null && line.includes("|") && DELIMITER_ROW.test(lines[i + 1] ?? "")) {
      let end = i + 2;
      while (end < lines.length && (lines[end] as string).includes("|") && (lines[end] as string).trim() !== "") end++;
      if (end - i - 2 > FAST_TABLE_ROWS) {
        push();
        out.push({ kind: "table", rows: [line, ...lines.slice(i + 2, end)].map(tableCells) });
        i = end - 1;
        continue;
      }
    }
    current.push(line);
    size += line.length + 1;
    const next = lines[i + 1];
    if (fence === null && size >= SEGMENT_CHARS && line.trim() === "" && next !== undefined && /^\S/.test(next)) push();
  }
  push();
  return out;
}
