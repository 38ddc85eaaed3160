import { rowCells, stripMarker } from "../ingest/units.js";
import { documentFactLine, documentQuestion } from "./document-facts.js";
import type { QuestionAnalysis } from "./question.js";
import { isWarning, wordCount } from "./unit-features.js";
import { type Candidate, candidatesOf, type ExtractivePassage, scoreCandidates } from "./unit-score.js";

export type { ExtractivePassage } from "./unit-score.js";

/** One line of an extractive answer. */
export interface AnswerLine {
  source: number;
  /** Display text: a list item keeps its marker (normalised to `- ` or `n. `). */
  text: string;
  /**
   * `section`: the heading path of the lines below it, shown when they are on
   * the topic only through their section ("Hypothermia › Treatment" over
   * "- Change into dry clothes."); it quotes no passage text and carries no citation.
   * `more`: "…and 3 more items in the book", for the items of a list left out whole; it cites where they are.
   * `fact`: a fact from the document's metadata ("Walden — Author: Henry David Thoreau"), citing a passage of it.
   */
  kind: "section" | "lead-in" | "item" | "row" | "sentence" | "more" | "fact";
  score: number;
}

/** The extractive answer before rendering. */
export interface ExtractiveResult {
  lines: AnswerLine[];
  /** Score of the best unit (0 when nothing on topic was found). */
  best: number;
}

/** Answer limits. */
export interface ExtractiveOptions {
  /** Most lines, lead-ins and items included (default 12). */
  maxLines?: number;
  /** Word budget for the whole answer (default 230). */
  maxWords?: number;
}

/** Openings of a sentence whose subject is in the sentence before it. */
const ANAPHOR = /^(?:he|she|it|they|this|these|those|his|her|its|their|there|such|the latter|the former)\b/i;

/** Lines a whole list may take (lead-in and items), so a 16-step procedure is not cut at step 11; its word budget is 1.5× too. */
const WHOLE_LIST_LINES = 20;

/**
 * A unit as an answer line. Items are shown whole: a step cut short can
 * drop its wait, its dose or its warning ("Let stand 30 minutes"), and a
 * person following it could act too early. Answers get shorter by leaving
 * out whole items instead ({@link extractAnswer}).
 */
function display(c: Candidate, inList: boolean): AnswerLine {
  const kind = c.leadIn ? "lead-in" : c.kind === "item" ? "item" : c.kind === "row" ? "row" : "sentence";
  const flat = c.text.replace(/\s+/g, " ").trim();
  let text = flat;
  if (kind === "row" && c.header && !inList) text = withHeader(rowCells(flat), c.header);
  if (kind === "item") {
    const numbered = /^\(?(\d{1,3})[.)]\s/.exec(flat);
    // A step number means something only with its list around it.
    text = `${numbered && inList ? `${numbered[1]}.` : "-"} ${stripMarker(flat)}`;
  }
  return { source: c.source, text, kind, score: c.score };
}

/**
 * A table row shown alone, read with its table's header: "Letter M — Word:
 * Mike — Pronunciation: MIKE" for "M | Mike | MIKE", so the reader knows what each cell is.
 */
function withHeader(cells: readonly string[], header: readonly string[]): string {
  return cells
    .map((cell, i) => {
      const name = header[i]?.trim();
      if (!name) return cell;
      return i === 0 ? `${name} ${cell}` : `${name}: ${cell}`;
    })
    .join(" — ");
}

/**
 * A factual answer's lines of one source, best first: the line that answers
 * should be read first, not after the lines before it in the book. A
 * sentence that refers back keeps the one it refers to just before it.
 */
function bestFirst(units: readonly Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const c of [...units].sort((a, b) => b.score - a.score)) {
    if (out.includes(c)) continue;
    const prev = ANAPHOR.test(c.text) ? units.find((x) => x.pos === c.pos - 1) : undefined;
    if (prev && !out.includes(prev)) out.push(prev);
    out.push(c);
  }
  return out;
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.min(a.size, b.size);
}

/**
 * Builds an extractive answer: scores the units of the passages, then
 * presents them like a field manual. When the best unit is a list's lead-in
 * or one of its items (and the question asks for steps or signs), the lead-in
 * and its items are shown together; other strong units follow. Warnings that
 * directly follow a chosen unit in the book ("NOTE: …", "Do not…") are kept
 * next to it. Lines are grouped by source, in document order within a source.
 *
 * @param q - the analysed question ({@link analyseQuestion}).
 * @param passages - ranked passages, best first.
 * @returns lines citing the passages' `source` numbers (not yet renumbered); empty when nothing is on topic.
 */
export function extractAnswer(
  q: QuestionAnalysis,
  passages: readonly ExtractivePassage[],
  opts: ExtractiveOptions = {},
): ExtractiveResult {
  const maxLines = opts.maxLines ?? 12;
  let lineCap = maxLines;
  const maxWords = opts.maxWords ?? 230;
  let wordCap = maxWords;
  if (q.terms.length === 0 || passages.length === 0) return { lines: [], best: 0 };
  const bySource = new Map(passages.map((p, rank) => [p.source, candidatesOf(p, rank, q.language.code)]));
  const all = [...bySource.values()].flat();
  scoreCandidates(q, passages, bySource);
  const ranked = all.filter((c) => c.score > 0).sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best) return { lines: [], best: 0 };

  const chosen: Candidate[] = [];
  let words = 0;
  /** Units shown as part of a whole list: only they keep their step numbers. */
  const whole = new Set<Candidate>();
  const take = (c: Candidate, force = false): boolean => {
    if (chosen.length >= lineCap || chosen.some((x) => x.text === c.text)) return false;
    const w = wordCount(c.text);
    if (!force && words + w > wordCap) return false;
    chosen.push(c);
    words += w;
    return true;
  };
  const unitsOf = (source: number): readonly Candidate[] => bySource.get(source) ?? [];
  /** The items of the shown list left out for length, and where the first of them is. */
  let more: { source: number; count: number } | null = null;
  const wantsList = q.type === "procedure" || q.type === "signs" || q.type === "general";
  const first = best.group === null ? null : (unitsOf(best.source).find((c) => c.pos === best.group) ?? null);
  const lead = best.leadIn ? best : first?.leadIn ? first : null;
  // The row a question names by its key is the answer; the rest of its table is not.
  const listed = wantsList && (best.leadIn || best.group !== null) && !best.keyed;
  const group = best.leadIn ? best.pos : best.group;
  if (!listed) {
    if (lead) take(lead, true);
    take(best, true);
  } else {
    // The whole list: from the chunk that holds its lead-in, then from chunks that continue it (same lead-in carried).
    const bestHeading = passages.find((p) => p.source === best.source)?.heading;
    const members = (p: ExtractivePassage): Candidate[] => {
      // A list never crosses a section, so another section's list with the same lead-in ("Heat exhaustion:") is not this one.
      if (p.source !== best.source && p.heading !== bestHeading) return [];
      const units = unitsOf(p.source);
      const own = lead ? units.find((c) => c.leadIn && c.pos >= 0 && c.text === lead.text) : undefined;
      if (own) return units.filter((c) => c === own || c.group === own.pos);
      if (lead && p.leadIn === lead.text) return units.filter((c) => c.pos >= 0 && c.group === -1);
      return p.source === best.source ? units.filter((c) => c.pos === group || c.group === group) : [];
    };
    const startOf = new Map(passages.map((p) => [p.source, p.start ?? 0]));
    const parts = passages.map(members).filter((m) => m.length > 0);
    // The part holding the lead-in first, then the continuations in book order.
    const key = (m: Candidate[]) =>
      m.some((c) => c.leadIn && c.pos >= 0) ? -1 : (startOf.get(m[0]?.source ?? 0) ?? 0);
    parts.sort((a, b) => key(a) - key(b));
    lineCap = Math.max(maxLines, WHOLE_LIST_LINES);
    wordCap = Math.round(maxWords * 1.5);
    const ownLead = parts[0]?.find((c) => c.leadIn);
    if (ownLead ?? lead) take((ownLead ?? lead) as Candidate, true);
    // Items in book order, each whole; once one does not fit, the rest are left out together and counted,
    // so the answer never skips a step in the middle.
    const items = parts.flat().filter((c) => c.kind !== "caption" && !c.leadIn);
    const cut = items.findIndex((c) => !chosen.includes(c) && !take(c, c === best));
    for (const c of parts.flat()) whole.add(c);
    if (cut >= 0) {
      // The unit that matched best is shown even past the cut.
      if (items.slice(cut).includes(best)) take(best, true);
      const left = new Set(items.slice(cut).map((c) => c.text));
      for (const c of chosen) left.delete(c.text);
      if (left.size > 0) more = { source: items[cut]?.source ?? best.source, count: left.size };
    }
  }
  // Other strong lines, on topic in their own words; fewer when a list already answers.
  const floor = best.score * (listed ? 0.75 : 0.6);
  let extras = listed || q.type === "quantity" || q.type === "yes-no" ? 3 : 6;
  for (const c of ranked) {
    if (c.score < floor || extras <= 0) break;
    if (!c.onTopic || c.leadIn || chosen.some((x) => x.text === c.text || overlap(x.stems, c.stems) > 0.8)) continue;
    // The question named one row of this table; its other rows are not answers.
    if (best.keyed && c.kind === "row" && c.source === best.source && c.group === best.group) continue;
    if (take(c)) extras--;
  }
  // Cautions in the book's own words stay next to what they qualify.
  for (const c of [...chosen]) {
    const next = unitsOf(c.source).find((x) => x.pos === c.pos + 1);
    if (next && isWarning(next.text) && !chosen.includes(next)) take(next, true);
  }
  // A sentence that refers back ("He is also the oldest quarterback…") is read with the one it refers to.
  for (const c of [...chosen]) {
    if (c.kind !== "sentence" || c.leadIn || !ANAPHOR.test(c.text)) continue;
    const prev = unitsOf(c.source).find((x) => x.pos === c.pos - 1);
    if (prev && prev.kind === "sentence" && !prev.leadIn && !chosen.includes(prev)) take(prev, true);
  }

  const factual = !listed && q.answerType !== null;
  const sourceOrder = [...new Set(chosen.map((c) => c.source))];
  const lines = sourceOrder.flatMap((s) => {
    const inOrder = chosen
      .filter((c) => c.source === s)
      .sort((a, b) => a.pos - b.pos)
      .filter((c, i, arr) => arr.findIndex((x) => x.text === c.text) === i);
    const group = factual ? bestFirst(inOrder) : inOrder;
    const section = passages.find((p) => p.source === s)?.section;
    const label: AnswerLine[] =
      section && group.some((c) => c.viaSection) ? [{ source: s, text: section, kind: "section", score: 0 }] : [];
    const rest: AnswerLine[] =
      more && more.source === s
        ? [
            {
              source: s,
              text: `…and ${more.count} more ${more.count === 1 ? "item" : "items"} of this list in the book`,
              kind: "more",
              score: 0,
            },
          ]
        : [];
    const shown = group.map((c) => display(c, whole.has(c)));
    // The note goes right after the list's last shown item.
    const lastItem = shown.map((l) => l.kind).lastIndexOf("item");
    return lastItem >= 0 && rest.length
      ? [...label, ...shown.slice(0, lastItem + 1), ...rest, ...shown.slice(lastItem + 1)]
      : [...label, ...shown, ...rest];
  });
  return { lines: withDocumentFact(q, passages, lines), best: best.score };
}

/** Puts the answer from the document's own metadata first, for a question about the document ({@link documentQuestion}). */
function withDocumentFact(
  q: QuestionAnalysis,
  passages: readonly ExtractivePassage[],
  lines: AnswerLine[],
): AnswerLine[] {
  const asked = documentQuestion(q.question);
  if (!asked) return lines;
  const found = documentFactLine(
    asked,
    passages.map((p) => p.document ?? { title: "", author: null }),
  );
  const source = found ? passages[found.index]?.source : undefined;
  if (!found || source === undefined) return lines;
  return [{ source, text: found.text, kind: "fact", score: 1 }, ...lines.slice(0, 3)];
}

/**
 * Renders answer lines with `[n]` after each, section labels as `**Heading › Path**` and the
 * note on list items left out as `_…and 3 more items of this list in the book (source n)_`
 * lines (Markdown bold, as OpenAI-compatible clients render it); sources are renumbered by the caller first.
 */
export function renderLines(lines: readonly AnswerLine[], fromLibrary = "From the library:"): string {
  const out: string[] = [];
  let last: number | null = null;
  for (const l of lines) {
    if (last !== null && l.source !== last) out.push("");
    // The note on items left out quotes nothing, so it names its source instead of citing it.
    if (l.kind === "more") out.push(`_${l.text} (source ${l.source})_`);
    else out.push(l.kind === "section" ? `**${l.text}**` : `${l.text} [${l.source}]`);
    last = l.source;
  }
  return `${fromLibrary}\n\n${out.join("\n")}`;
}
