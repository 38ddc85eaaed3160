import { stripMarker, type TextUnit, textUnits } from "../ingest/units.js";
import { queryTerms } from "../retrieve/terms.js";
import type { QuestionAnalysis } from "./question.js";
import { hasQuantity, isInstruction, isWarning, wordCount } from "./unit-features.js";

/** A retrieved passage offered to the extractive answerer. */
export interface ExtractivePassage {
  /** The source's citation number before renumbering. */
  source: number;
  text: string;
  /** Book title and heading path, e.g. "Water › WATER PURIFICATION". */
  heading: string;
  /** Lead-in sentence carried from an earlier chunk (a list continued here), if any. */
  leadIn?: string | null;
}

/** One line of an extractive answer. */
export interface AnswerLine {
  source: number;
  /** Display text: a list item keeps its marker (normalised to `- ` or `n. `). */
  text: string;
  kind: "lead-in" | "item" | "row" | "sentence";
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
  /** Words kept of one list item before it is cut at a sentence end (default 45). */
  maxItemWords?: number;
}

interface Candidate {
  source: number;
  rank: number;
  /** Position in the passage (the carried lead-in is -1). */
  pos: number;
  kind: TextUnit["kind"];
  leadIn: boolean;
  text: string;
  /**
   * The list this item or row belongs to: the position of its lead-in, or of
   * the run's first item when it has none (-1: the lead-in carried from an
   * earlier chunk); null for prose.
   */
  group: number | null;
  stems: Set<string>;
  score: number;
  /** A topic word is in the unit itself or its lead-in (not only in the heading). */
  onTopic: boolean;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

function candidatesOf(p: ExtractivePassage, rank: number): Candidate[] {
  const out: Candidate[] = [];
  let group: number | null = null;
  if (p.leadIn) {
    out.push(make(p, rank, -1, "sentence", true, p.leadIn, null));
    group = -1;
  }
  textUnits(p.text).forEach((u, pos) => {
    const text = p.text.slice(u.start, u.end);
    const listed = u.kind === "item" || u.kind === "row";
    if (u.kind === "sentence") group = null;
    else if (listed && group === null) group = pos;
    out.push(make(p, rank, pos, u.kind, u.leadIn, text, listed ? group : null));
    if (u.leadIn) group = pos;
  });
  return out;
}

function make(
  p: ExtractivePassage,
  rank: number,
  pos: number,
  kind: TextUnit["kind"],
  leadIn: boolean,
  text: string,
  group: number | null,
): Candidate {
  return {
    source: p.source,
    rank,
    pos,
    kind,
    leadIn,
    text,
    group,
    stems: new Set(queryTerms(text)),
    score: 0,
    onTopic: false,
  };
}

function mass(terms: readonly string[], idf: Map<string, number>, has: (t: string) => boolean): number {
  let m = 0;
  for (const t of terms) if (has(t)) m += idf.get(t) ?? 0;
  return m;
}

/**
 * Scores every unit of every passage for the question. Four signals:
 *
 * 1. query-term coverage weighted by IDF (over the candidate units), counting a
 *    list's lead-in towards its items;
 * 2. agreement of the passage's heading path with the question's topic, so a
 *    hypothermia question prefers units under "Hypothermia" to units under "Heatstroke";
 * 3. the form the question type wants: instructions, steps and quantities for
 *    procedures, listed signs for signs, a number with a unit for quantities,
 *    a defining sentence for definitions;
 * 4. a penalty for units that touch the topic only in passing.
 *
 * A unit that contains no topic word (whole words on the stem, so "heartburn"
 * is not "burn"), in itself, its lead-in or its heading, scores 0. A unit that
 * mentions what the question excludes ("without matches") is demoted.
 */
function score(q: QuestionAnalysis, passages: readonly ExtractivePassage[], all: Candidate[]): void {
  const df = new Map<string, number>();
  for (const t of q.terms) df.set(t, all.filter((c) => c.stems.has(t)).length);
  const idf = new Map(q.terms.map((t) => [t, Math.log(1 + all.length / (1 + (df.get(t) ?? 0)))]));
  const termMass = mass(q.terms, idf, () => true) || 1;
  const topicMass = mass(q.topic, idf, () => true) || 1;
  const headings = new Map(passages.map((p) => [p.source, new Set(queryTerms(p.heading))]));
  const bySource = new Map<number, Candidate[]>();
  for (const c of all) bySource.set(c.source, [...(bySource.get(c.source) ?? []), c]);
  for (const c of all) {
    if (c.kind === "caption") continue;
    const first = c.group === null ? null : bySource.get(c.source)?.find((x) => x.pos === c.group);
    const lead = first?.leadIn ? first : null;
    const has = (t: string) => c.stems.has(t) || Boolean(lead?.stems.has(t));
    const head = headings.get(c.source) ?? new Set<string>();
    const topicInUnit = q.topic.some(has);
    const ownTopic = mass(q.topic, idf, (t) => c.stems.has(t)) / topicMass;
    c.onTopic = topicInUnit;
    if (!topicInUnit && !q.topic.some((t) => head.has(t))) continue;
    const textCov = mass(q.terms, idf, has) / termMass;
    // The heading counts every question word: "treat" picks the Treatment section of the topic's chapter.
    const headCov =
      (mass(q.topic, idf, (t) => head.has(t)) / topicMass) * 0.75 +
      (mass(q.terms, idf, (t) => head.has(t)) / termMass) * 0.25;
    const words = wordCount(c.text);
    let form = 0;
    const instruction = isInstruction(c.text);
    const quantity = hasQuantity(c.text);
    const listed = c.kind === "item" || c.kind === "row";
    if (q.type === "procedure") form += (instruction ? 0.25 : 0) + (listed ? 0.1 : 0) + (quantity ? 0.1 : 0);
    else if (q.type === "signs") {
      const signWords = /\b(signs?|symptoms?|indications?)\b/i;
      if (c.leadIn && signWords.test(c.text)) form += 0.3;
      if (listed && (signWords.test(lead?.text ?? "") || signWords.test([...head].join(" ")))) form += 0.3;
      if (listed) form += 0.1;
    } else if (q.type === "quantity") form += quantity && ownTopic > 0 ? 0.45 * ownTopic : -0.2;
    else if (q.type === "definition") {
      const opening = c.text.split(/\s+/).slice(0, 10).join(" ");
      if (
        /\b(is|are|was|were|means|refers to)\b/i.test(opening) &&
        q.topic.some((t) => queryTerms(opening).includes(t))
      )
        form += 0.3;
    } else if (q.type === "general") form += instruction ? 0.1 : 0;
    let s = 0.6 * textCov + 0.4 * headCov + form + 0.1 * (1 - c.rank / passages.length);
    // In passing: the topic is not what this unit's section is about, and the unit holds little of it.
    if (headCov === 0 && mass(q.topic, idf, has) / topicMass < 0.5) s *= 0.6;
    if (!topicInUnit) s *= 0.5;
    if (q.excluded.some((t) => c.stems.has(t))) s *= 0.15;
    else if (q.excluded.some((t) => head.has(t))) s *= 0.4;
    if (words < 4 && !listed) s *= 0.3;
    else if (words > 80) s *= 0.7;
    if (c.kind === "sentence" && !c.leadIn && !/[.!?:;)"”']$/.test(c.text) && words < 12) s *= 0.5;
    c.score = s;
  }
}

/** Cuts a long list item at a sentence end within `maxWords` words. */
function clip(text: string, maxWords: number): string {
  if (wordCount(text) <= maxWords) return text;
  let out = "";
  for (const seg of segmenter.segment(text)) {
    const next = out + seg.segment;
    if (out && wordCount(next) > maxWords) return `${out.trim()} …`;
    out = next;
  }
  return out.trim();
}

function display(c: Candidate, maxItemWords: number, inList: boolean): AnswerLine {
  const kind = c.leadIn ? "lead-in" : c.kind === "item" ? "item" : c.kind === "row" ? "row" : "sentence";
  const flat = c.text.replace(/\s+/g, " ").trim();
  let text = flat;
  if (kind === "item") {
    const numbered = /^\(?(\d{1,3})[.)]\s/.exec(flat);
    // A step number means something only with its list around it.
    text = `${numbered && inList ? `${numbered[1]}.` : "-"} ${clip(stripMarker(flat), maxItemWords)}`;
  }
  return { source: c.source, text, kind, score: c.score };
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
  const maxWords = opts.maxWords ?? 230;
  const maxItemWords = opts.maxItemWords ?? 45;
  if (q.terms.length === 0 || passages.length === 0) return { lines: [], best: 0 };
  const all = passages.flatMap((p, rank) => candidatesOf(p, rank));
  score(q, passages, all);
  const ranked = all.filter((c) => c.score > 0).sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best) return { lines: [], best: 0 };

  const chosen: Candidate[] = [];
  let words = 0;
  let itemWords = maxItemWords;
  /** Units shown as part of a whole list: only they keep their step numbers. */
  const whole = new Set<Candidate>();
  const take = (c: Candidate, force = false): boolean => {
    if (chosen.length >= maxLines || chosen.some((x) => x.text === c.text)) return false;
    const w = Math.min(wordCount(c.text), itemWords);
    if (!force && words + w > maxWords) return false;
    chosen.push(c);
    words += w;
    return true;
  };
  const unitsOf = (source: number) => all.filter((c) => c.source === source).sort((a, b) => a.pos - b.pos);
  const wantsList = q.type === "procedure" || q.type === "signs" || q.type === "general";
  const first = best.group === null ? null : (unitsOf(best.source).find((c) => c.pos === best.group) ?? null);
  const lead = best.leadIn ? best : first?.leadIn ? first : null;
  const listed = wantsList && (best.leadIn || best.group !== null);
  const group = best.leadIn ? best.pos : best.group;
  if (!listed) {
    if (lead) take(lead, true);
    take(best, true);
  } else {
    // The whole list: from the chunk that holds its lead-in, then from chunks that continue it (same lead-in carried).
    const members = (p: ExtractivePassage): Candidate[] => {
      const units = unitsOf(p.source);
      const own = lead ? units.find((c) => c.leadIn && c.pos >= 0 && c.text === lead.text) : undefined;
      if (own) return units.filter((c) => c === own || c.group === own.pos);
      if (lead && p.leadIn === lead.text) return units.filter((c) => c.pos >= 0 && c.group === -1);
      return p.source === best.source ? units.filter((c) => c.pos === group || c.group === group) : [];
    };
    const parts = passages.map(members).filter((m) => m.length > 0);
    parts.sort((a, b) => Number(b.some((c) => c.leadIn)) - Number(a.some((c) => c.leadIn)));
    const ownLead = parts[0]?.find((c) => c.leadIn);
    const size = new Set(parts.flat().map((c) => c.text)).size;
    // A long list shows every item, each cut shorter, rather than the first few whole.
    itemWords = Math.max(18, Math.min(maxItemWords, Math.floor(maxWords / Math.max(1, size))));
    if (ownLead ?? lead) take((ownLead ?? lead) as Candidate, true);
    for (const c of parts.flat()) if (c.kind !== "caption") take(c, c === best);
    for (const c of parts.flat()) whole.add(c);
  }
  // Other strong lines, on topic in their own words; fewer when a list already answers.
  const floor = best.score * (listed ? 0.75 : 0.6);
  let extras = listed || q.type === "quantity" || q.type === "yes-no" ? 3 : 6;
  for (const c of ranked) {
    if (c.score < floor || extras <= 0) break;
    if (!c.onTopic || c.leadIn || chosen.some((x) => x.text === c.text || overlap(x.stems, c.stems) > 0.8)) continue;
    if (take(c)) extras--;
  }
  // Cautions in the book's own words stay next to what they qualify.
  for (const c of [...chosen]) {
    const next = unitsOf(c.source).find((x) => x.pos === c.pos + 1);
    if (next && isWarning(next.text) && !chosen.includes(next)) take(next, true);
  }

  const sourceOrder = [...new Set(chosen.map((c) => c.source))];
  const lines = sourceOrder.flatMap((s) =>
    chosen
      .filter((c) => c.source === s)
      .sort((a, b) => a.pos - b.pos)
      .filter((c, i, arr) => arr.findIndex((x) => x.text === c.text) === i)
      .map((c) => display(c, itemWords, whole.has(c))),
  );
  return { lines, best: best.score };
}

/** Renders answer lines with `[n]` after each; sources are renumbered by the caller first. */
export function renderLines(lines: readonly AnswerLine[]): string {
  const out: string[] = [];
  let last: number | null = null;
  for (const l of lines) {
    if (last !== null && l.source !== last) out.push("");
    out.push(`${l.text} [${l.source}]`);
    last = l.source;
  }
  return `From the library:\n\n${out.join("\n")}`;
}
