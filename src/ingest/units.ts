/**
 * The smallest pieces of text that chunking and answering work with: prose
 * sentences, list items, table rows and figure captions, with exact offsets.
 *
 * Parsers write lists as one line per item with its marker (`- `, `1. `) and
 * tables as one line per row with ` | ` between cells (see `markdown.ts`,
 * `html-text.ts`), so a line-level look is enough to tell them apart.
 */

/** What a unit is. */
export type UnitKind = "sentence" | "item" | "row" | "caption";

/** One unit: `text.slice(start, end)` is its text, trimmed. */
export interface TextUnit {
  kind: UnitKind;
  /** Start offset (inclusive) into the text, UTF-16 code units. */
  start: number;
  /** End offset (exclusive). */
  end: number;
  /** First unit of a blank-line separated paragraph. */
  paragraphStart: boolean;
  /**
   * A sentence ending in ":" directly followed by list items or table rows
   * ("Purify water by the following methods:"): it introduces them and must
   * stay with them.
   */
  leadIn: boolean;
}

/** A list item line: bullet, number or letter marker, then text. */
export const ITEM_LINE = /^(?:[-*•+–]|\(?\d{1,3}[.)]|\(?[a-zA-Z]\))\s+\S/;
/** The cells of a table row ("M | Mike | MIKE" → ["M", "Mike", "MIKE"]). */
export function rowCells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => c.trim());
}

/** A table row line as the parsers write it. */
const ROW_LINE = / \| /;
/**
 * A figure caption or image placeholder ("Figure G-12. Bowline…",
 * "[Illustration: Bowline knot.]"): short, and useless as an answer on its own.
 */
const CAPTION_LINE = /^\[?(?:figures?|fig\.|illustrations?|plates?|diagrams?|images?)\b[\s\S]{0,160}$/i;

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Kind of a single line of text, or null for prose. */
export function lineKind(line: string): Exclude<UnitKind, "sentence"> | null {
  const t = line.trim();
  if (CAPTION_LINE.test(t) && !/[.!?]\s+\S.*[.!?]\s+\S/.test(t)) return "caption";
  if (ITEM_LINE.test(t)) return "item";
  if (ROW_LINE.test(t)) return "row";
  return null;
}

/**
 * A sentence end that is an abbreviation or an initial, not a full stop:
 * UAX #29 ends a sentence at "St." in "the St. Johns River" and at "W." in
 * "Mayor W. Haydon Burns" when a capital follows.
 */
const ABBREVIATION_END =
  /(?:^|[\s(])(?:St|Mt|Ft|Mr|Mrs|Ms|Dr|Prof|Gen|Col|Capt|Lt|Sgt|Rev|Hon|Jr|Sr|No|Vol|Fig|vs|etc|approx|Co|Inc|Ltd|Bros|U\.S|U\.K|\p{Lu})\.$/u;

/** A fact line of an infobox or a data sheet (its label is group 1): "Born: September 23, 1930, Albany, Georgia" (a short label, a colon, a value). */
export const FACT_LINE = /^(\p{L}[\p{L}()' -]{0,30}):\s+\S/u;

/**
 * Pushes the sentences of a prose run; its fact lines ({@link FACT_LINE})
 * are units of their own, since a run of them has no sentence ends to split at.
 */
function pushSentences(text: string, from: number, to: number, paragraphStart: boolean, out: TextUnit[]): void {
  const lines: Array<[number, number]> = [];
  for (let at = from; at < to; ) {
    const nl = text.indexOf("\n", at);
    const end = nl === -1 || nl > to ? to : nl;
    lines.push([at, end]);
    at = end + 1;
  }
  if (lines.length < 2 || !lines.some(([a, b]) => FACT_LINE.test(text.slice(a, b).trim()))) {
    segmentSentences(text, from, to, paragraphStart, out);
    return;
  }
  let first = paragraphStart;
  let runFrom = -1;
  const flush = (until: number) => {
    if (runFrom < 0) return;
    const before = out.length;
    segmentSentences(text, runFrom, until, first, out);
    if (out.length > before) first = false;
    runFrom = -1;
  };
  for (const [a, b] of lines) {
    const line = text.slice(a, b);
    if (!FACT_LINE.test(line.trim())) {
      if (runFrom < 0) runFrom = a;
      continue;
    }
    flush(a);
    const s = a + (line.length - line.trimStart().length);
    out.push({ kind: "sentence", start: s, end: s + line.trim().length, paragraphStart: first, leadIn: false });
    first = false;
  }
  flush(to);
}

function segmentSentences(text: string, from: number, to: number, paragraphStart: boolean, out: TextUnit[]): void {
  let first = paragraphStart;
  let joinNext = false;
  for (const seg of segmenter.segment(text.slice(from, to))) {
    const raw = seg.segment;
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const s = from + seg.index + (raw.length - raw.trimStart().length);
    const last = out.at(-1);
    if (joinNext && last) last.end = s + trimmed.length;
    else out.push({ kind: "sentence", start: s, end: s + trimmed.length, paragraphStart: first, leadIn: false });
    joinNext = ABBREVIATION_END.test(trimmed);
    first = false;
  }
}

/**
 * Splits `[start, end)` of `text` into units. Paragraphs are separated by a
 * blank line; inside one, item, row and caption lines are units of their own
 * and other lines are split into sentences (Unicode UAX #29 sentence
 * boundaries via `Intl.Segmenter`). A sentence ending in ":" that is followed
 * by an item or row is marked {@link TextUnit.leadIn}.
 */
export function textUnits(text: string, start = 0, end = text.length): TextUnit[] {
  const units: TextUnit[] = [];
  let pos = start;
  while (pos < end) {
    const brk = text.indexOf("\n\n", pos);
    const paraEnd = brk === -1 || brk > end ? end : brk;
    let paragraphStart = true;
    let proseFrom = -1;
    let lineStart = pos;
    const flushProse = (to: number) => {
      if (proseFrom < 0) return;
      const before = units.length;
      pushSentences(text, proseFrom, to, paragraphStart, units);
      if (units.length > before) paragraphStart = false;
      proseFrom = -1;
    };
    while (lineStart < paraEnd) {
      const nl = text.indexOf("\n", lineStart);
      const lineEnd = nl === -1 || nl > paraEnd ? paraEnd : nl;
      const line = text.slice(lineStart, lineEnd);
      const kind = lineKind(line);
      if (kind) {
        flushProse(lineStart);
        const lead = line.length - line.trimStart().length;
        const trimmed = line.trim();
        if (trimmed) {
          const s = lineStart + lead;
          units.push({ kind, start: s, end: s + trimmed.length, paragraphStart, leadIn: false });
          paragraphStart = false;
        }
      } else if (proseFrom < 0) proseFrom = lineStart;
      lineStart = lineEnd + 1;
    }
    flushProse(paraEnd);
    pos = paraEnd + 2;
  }
  for (let i = 0; i + 1 < units.length; i++) {
    const u = units[i] as TextUnit;
    const next = units[i + 1] as TextUnit;
    if (
      u.kind === "sentence" &&
      text.slice(u.start, u.end).endsWith(":") &&
      (next.kind === "item" || next.kind === "row")
    )
      u.leadIn = true;
  }
  return units;
}

/** The unit's text with its list marker removed ("- Boil it." → "Boil it."). */
export function stripMarker(line: string): string {
  return line.replace(/^(?:[-*•+–]|\(?\d{1,3}[.)]|\(?[a-zA-Z]\))\s+/, "");
}

/**
 * Whether a lead-in labels its list ("Tinder:", "Signs and symptoms:") rather
 * than introduces it in a sentence: one clause ending in ":", at most
 * `maxWords` words (default 4). A label names what the list is about, as a
 * sub-heading would.
 */
export function isListTitle(leadIn: string, maxWords = 4): boolean {
  return /^[^.!?;]+:$/.test(leadIn) && (leadIn.match(/\S+/g)?.length ?? 0) <= maxWords;
}

/**
 * The list titles ({@link isListTitle}) in a chunk, so the index can weigh
 * them with the heading path.
 *
 * @param carried - a lead-in carried from an earlier chunk, checked too.
 */
export function listTitles(text: string, carried?: string | null): string[] {
  const leads = textUnits(text)
    .filter((u) => u.leadIn)
    .map((u) => text.slice(u.start, u.end));
  if (carried) leads.unshift(carried);
  return [...new Set(leads.filter((l) => isListTitle(l)))];
}
