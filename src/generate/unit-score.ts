import { FACT_LINE, isListTitle, rowCells, type TextUnit, textUnits } from "../ingest/units.js";
import { queryTerms } from "../retrieve/terms.js";
import { holdsAnswerType, numberNear } from "./answer-type.js";
import type { DocumentInfo } from "./document-facts.js";
import type { QuestionAnalysis } from "./question.js";
import { hasQuantity, isInstruction, wordCount } from "./unit-features.js";

/** A retrieved passage offered to the extractive answerer. */
export interface ExtractivePassage {
  /** The source's citation number before renumbering. */
  source: number;
  text: string;
  /** Book title and heading path, e.g. "Water › WATER PURIFICATION". */
  heading: string;
  /** Lead-in sentence carried from an earlier chunk (a list continued here), if any. */
  leadIn?: string | null;
  /** Start offset of the passage in its document: the parts of a list split over chunks are shown in book order. */
  start?: number;
  /** Heading path inside the book ("Hypothermia › Treatment"), shown above lines that need it. */
  section?: string;
  /** The passage's document as its metadata gives it: questions about the document itself are answered from it. */
  document?: DocumentInfo;
}

/** One scored unit of a passage (sentence, list item, table row, or a carried lead-in). */
export interface Candidate {
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
  /** On topic: a topic word is in the unit or its lead-in, or its section's heading names the whole topic. */
  onTopic: boolean;
  /** On topic only through its section's heading: the reader needs the heading to know what it is about. */
  viaSection: boolean;
  /** For a table row below its table's first row: that row's cells, the header ("Letter", "Word", "Pronunciation"). */
  header?: string[];
  /** A row whose first cell is a word of the question ("M" in "the word for the letter M"): the row the question names. */
  keyed?: boolean;
}

/**
 * The paragraphs of `units` that are procedures in prose ("To use the bow
 * and drill, first prepare the fire lay. Then place… Place one foot…"): at
 * least three sentences, half of them instructions. Their sentences are
 * steps, shown together as a list would be.
 * @returns the position of each such paragraph's first unit, by unit position.
 */
function proseProcedures(units: readonly TextUnit[], text: string): Map<number, number> {
  const out = new Map<number, number>();
  let start = 0;
  for (let i = 1; i <= units.length; i++) {
    if (i < units.length && !(units[i] as TextUnit).paragraphStart) continue;
    const para = units.slice(start, i);
    const sentences = para.filter((u) => u.kind === "sentence" && !u.leadIn);
    const steps = sentences.filter((u) => isInstruction(text.slice(u.start, u.end))).length;
    if (sentences.length === para.length && sentences.length >= 3 && steps * 2 >= sentences.length)
      for (let j = start; j < i; j++) out.set(j, start);
    start = i;
  }
  return out;
}

/**
 * The units of one passage as candidates, with list membership (list items
 * and rows under their lead-in, sentences of a prose procedure under its
 * first sentence); a carried lead-in comes first (position -1).
 * @param language - the language units are stemmed in: the question's ({@link QuestionAnalysis.language}); "" for English rules.
 */
export function candidatesOf(p: ExtractivePassage, rank: number, language = ""): Candidate[] {
  const out: Candidate[] = [];
  let group: number | null = null;
  if (p.leadIn) {
    out.push(make(p, rank, -1, "sentence", true, p.leadIn, null, language));
    group = -1;
  }
  const units = textUnits(p.text);
  const procedures = proseProcedures(units, p.text);
  let header: string[] | undefined;
  units.forEach((u, pos) => {
    const text = p.text.slice(u.start, u.end);
    const listed = u.kind === "item" || u.kind === "row";
    if (u.kind === "sentence") group = null;
    else if (listed && group === null) group = pos;
    const c = make(p, rank, pos, u.kind, u.leadIn, text, listed ? group : (procedures.get(pos) ?? null), language);
    if (u.kind !== "row") header = undefined;
    else if (!header) header = rowCells(text);
    else c.header = header;
    out.push(c);
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
  language: string,
): Candidate {
  return {
    source: p.source,
    rank,
    pos,
    kind,
    leadIn,
    text,
    group,
    stems: new Set(queryTerms(text, language)),
    score: 0,
    onTopic: false,
    viaSection: false,
  };
}

/**
 * Whether a unit's section is about the whole topic, read from its heading
 * path components and its list title (outermost first): every topic term
 * must be in a component that is mostly topic (at least a third of its
 * words), so "Hypothermia › Treatment" and "Lean-to" name their topic while
 * a long chapter title that mentions it ("Getting lost—camping out—roughing
 * it…") does not. A list title that names another of the section's subjects
 * ("Heatstroke:" under "Heat exhaustion and heatstroke") takes its items out.
 */
function aboutTopic(topic: readonly string[], parts: readonly Set<string>[]): boolean {
  const share = (p: Set<string>) => (p.size === 0 ? 0 : topic.filter((t) => p.has(t)).length / p.size);
  if (!topic.every((t) => parts.some((p) => p.has(t) && share(p) >= 1 / 3))) return false;
  const innermost = parts.at(-1);
  const outer = parts.slice(0, -1);
  const other = innermost && [...innermost].some((w) => outer.some((p) => p.has(w)));
  return !(other && innermost && share(innermost) === 0);
}

/** Score added to a unit holding an expression of the question's answer type (half of it taken from one without). */
const ANSWER_TYPE_BONUS = 0.25;

/** Score added to the table row a question names by its first cell. */
const KEYED_ROW_BONUS = 0.5;

/** Score added to a "Label: value" fact line whose label the question asks about. */
const FACT_LINE_BONUS = 0.5;

/** The stemmed words of a fact line's label ("Born: …" → ["born"]; "Occupation(s): …" → ["occupation"]), or null. */
export function factLabel(text: string, language = ""): string[] | null {
  const m = FACT_LINE.exec(text.trim());
  return m?.[1] ? queryTerms(m[1].replace(/\(s\)/g, ""), language) : null;
}

/**
 * Stems equal but for an ending the light stemmer keeps on short words:
 * "died", "dies" and "die" all end up "di" ({@link stem} strips no suffix that would leave under 3 letters).
 */
function sameStem(a: string, b: string): boolean {
  const bare = (x: string) => x.replace(/(?:ed|es|e|d|s)$/, "");
  return a === b || bare(a) === bare(b);
}

function mass(terms: readonly string[], idf: Map<string, number>, has: (t: string) => boolean): number {
  let m = 0;
  for (const t of terms) if (has(t)) m += idf.get(t) ?? 0;
  return m;
}

/**
 * Scores every unit of every passage (`bySource`: each passage's {@link candidatesOf}, in
 * position order) for the question, setting `score`, `onTopic` and `viaSection`. Four signals:
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
export function scoreCandidates(
  q: QuestionAnalysis,
  passages: readonly ExtractivePassage[],
  bySource: ReadonlyMap<number, readonly Candidate[]>,
): void {
  const all = [...bySource.values()].flat();
  const asked = new Set(q.terms);
  const df = new Map<string, number>();
  for (const t of q.terms) df.set(t, all.filter((c) => c.stems.has(t)).length);
  // In a follow-up, the words typed in this turn say what is asked; carried words only set the scene.
  const weight = (t: string) => (q.focus.includes(t) ? 2 : 1);
  const idf = new Map(q.terms.map((t) => [t, weight(t) * Math.log(1 + all.length / (1 + (df.get(t) ?? 0)))]));
  const termMass = mass(q.terms, idf, () => true) || 1;
  const topicMass = mass(q.topic, idf, () => true) || 1;
  const headings = new Map(
    passages.map((p) => [p.source, p.heading.split(" › ").map((h) => new Set(queryTerms(h, q.language.code)))]),
  );
  const context = new Map<Candidate, { lead: Candidate | null; head: Set<string>; inSection: boolean }>();
  for (const c of all) {
    const first = c.group === null ? null : bySource.get(c.source)?.find((x) => x.pos === c.group);
    const lead = first?.leadIn ? first : null;
    const parts = headings.get(c.source) ?? [];
    const title = lead && isListTitle(lead.text) ? lead.stems : null;
    // A list's title ("Tinder:") is a sub-heading for its items.
    const head = new Set([...parts.flatMap((p) => [...p]), ...(title ?? [])]);
    context.set(c, { lead, head, inSection: aboutTopic(q.topic, title ? [...parts, title] : parts) });
  }
  // When the library has a section on the topic, units elsewhere only touch it in passing.
  const sectionFound = [...context.values()].some((x) => x.inSection);
  for (const c of all) {
    if (c.kind === "caption") continue;
    const { lead, head, inSection } = context.get(c) as {
      lead: Candidate | null;
      head: Set<string>;
      inSection: boolean;
    };
    // A row is read with its table's header, as an item is with its lead-in.
    const header = c.header ? new Set(queryTerms(c.header.join(" "), q.language.code)) : null;
    // A fact line's label is matched on its stem less its ending: "Died:" answers "die".
    const label = factLabel(c.text, q.language.code);
    const labelled = (t: string) => Boolean(label?.some((l) => sameStem(l, t)));
    const has = (t: string) => c.stems.has(t) || Boolean(lead?.stems.has(t)) || Boolean(header?.has(t)) || labelled(t);
    const topicInUnit = q.topic.some(has);
    const ownTopic = mass(q.topic, idf, (t) => c.stems.has(t)) / topicMass;
    c.onTopic = topicInUnit || inSection;
    c.viaSection = !topicInUnit && inSection;
    if (!topicInUnit && !q.topic.some((t) => head.has(t))) continue;
    // A unit is read in its section: the heading path lends it the words the section is about.
    const textCov =
      0.75 * (mass(q.terms, idf, (t) => has(t) || head.has(t)) / termMass) +
      0.25 * (mass(q.terms, idf, has) / termMass);
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
        q.topic.some((t) => queryTerms(opening, q.language.code).includes(t))
      )
        form += 0.3;
    } else if (q.type === "general") form += instruction ? 0.1 : 0;
    // A factual question wants its answer's kind of expression (a year, a number, a name) in the unit itself;
    // quantities are already the form a quantity question wants (above).
    if (q.answerType && !(q.answerType === "number" && q.type === "quantity"))
      form += holdsAnswerType(c.text, q.answerType, asked) ? ANSWER_TYPE_BONUS : -ANSWER_TYPE_BONUS / 2;
    if (q.counted && numberNear(c.text, q.counted)) form += ANSWER_TYPE_BONUS;
    // A fact line ("Born: September 23, 1930, Albany, Georgia") whose label is a word of the question, in a
    // section that names the rest of the question's subject, states the answer outright.
    if (label && q.terms.some(labelled)) {
      const rest = q.topic.filter((t) => !labelled(t));
      if (rest.every((t) => head.has(t) || c.stems.has(t))) form += FACT_LINE_BONUS;
    }
    if (c.header && q.keys.includes((rowCells(c.text)[0] ?? "").toLowerCase())) {
      c.keyed = true;
      form += KEYED_ROW_BONUS;
    }
    let s = 0.6 * textCov + 0.4 * headCov + form + 0.1 * (1 - c.rank / passages.length);
    // In passing: the topic is not what this unit's section is about, and the unit holds little of it.
    if (headCov === 0 && mass(q.topic, idf, has) / topicMass < 0.5) s *= 0.6;
    if (!c.onTopic) s *= 0.5;
    else if (sectionFound && !inSection) s *= 0.85;
    if (q.excluded.some((t) => c.stems.has(t))) s *= 0.15;
    else if (q.excluded.some((t) => head.has(t))) s *= 0.4;
    if (words < 4 && !listed) s *= 0.3;
    else if (words > 80) s *= 0.7;
    if (c.kind === "sentence" && !c.leadIn && !/[.!?:;)"”']$/.test(c.text) && words < 12) s *= 0.5;
    c.score = s;
  }
}
