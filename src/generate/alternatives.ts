/**
 * "How do I start a fire without matches?": when the question rules out
 * something that is one section of a chapter ("Starting a fire ›
 * Matches"), the answer is the chapter's other sections, the alternatives,
 * not its general steps (which end with "Light the tinder").
 */
import { stripMarker, textUnits } from "../ingest/units.js";
import type { SearchResult } from "../retrieve/search.js";
import { queryTerms } from "../retrieve/terms.js";
import type { AnswerLine } from "./extractive.js";
import type { QuestionAnalysis } from "./question.js";
import type { ExtractivePassage } from "./unit-score.js";

/** Where the alternatives are: the document and the heading path whose sections they are. */
export interface RuledOut {
  docId: string;
  /** The chapter's heading path ("Starting a fire"). */
  parent: string;
}

const names = (heading: string, q: Pick<QuestionAnalysis, "excluded" | "language">) =>
  queryTerms(heading, q.language.code).some((t) => q.excluded.includes(t));

/**
 * Chapters that may hold a section on what the question rules out: the
 * heading paths of the best passages and their parents, best first. The
 * searched text leaves the ruled-out words out, so that section itself is
 * seldom retrieved; its siblings are.
 * @returns at most `max` (document, heading path) pairs; none when the question excludes nothing.
 */
export function chapterCandidates(q: QuestionAnalysis, results: readonly SearchResult[], max = 4): RuledOut[] {
  if (q.excluded.length === 0) return [];
  const out: RuledOut[] = [];
  for (const r of results.slice(0, 3)) {
    const parts = r.chunk.heading_path.split(" › ").filter(Boolean);
    for (const n of [parts.length, parts.length - 1]) {
      if (n < 1) continue;
      const parent = parts.slice(0, n).join(" › ");
      if (!out.some((c) => c.docId === r.chunk.doc_id && c.parent === parent))
        out.push({ docId: r.chunk.doc_id, parent });
    }
  }
  return out.slice(0, max);
}

/**
 * The alternatives under a chapter: when one of its sections names what the
 * question rules out ("Starting a fire › Matches"), the others, in book
 * order; null when none does (the chapter is not about the choice).
 */
export function alternativesIn(
  q: QuestionAnalysis,
  parent: string,
  sections: readonly SearchResult[],
): SearchResult[] | null {
  const own = (r: SearchResult) => r.chunk.heading_path.slice(parent.length + 3).split(" › ")[0] ?? "";
  const under = sections.filter((r) => r.chunk.heading_path.startsWith(`${parent} › `));
  if (!under.some((r) => names(own(r), q))) return null;
  const others = under.filter((r) => !names(own(r), q));
  // One line per section directly under the chapter: its first chunk.
  return others.filter((r, i) => others.findIndex((x) => own(x) === own(r)) === i);
}

/** Sections listed, and units quoted from each. */
const MAX_ALTERNATIVES = 8;
const UNITS_EACH = 2;

/**
 * The answer lines for the alternatives, in book order: each section's heading as a bold
 * label, then its first units (whole items and sentences, captions
 * skipped, none that mentions what is ruled out), citing it.
 */
export function alternativeLines(q: QuestionAnalysis, passages: readonly ExtractivePassage[]): AnswerLine[] {
  const lines: AnswerLine[] = [];
  const inBook = [...passages].sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  for (const p of inBook.slice(0, MAX_ALTERNATIVES)) {
    const title = (p.section ?? p.heading).split(" › ").at(-1)?.trim().toLowerCase();
    const units = textUnits(p.text)
      .filter((u) => u.kind !== "caption")
      .map((u) => p.text.slice(u.start, u.end).replace(/\s+/g, " ").trim())
      // The chunk opens with its own heading, already the label.
      .filter((t) => t.toLowerCase() !== title)
      .filter((t) => !queryTerms(t, q.language.code).some((w) => q.excluded.includes(w)))
      .slice(0, UNITS_EACH);
    if (units.length === 0) continue;
    lines.push({ source: p.source, text: p.section ?? p.heading, kind: "section", score: 0 });
    for (const u of units)
      lines.push({ source: p.source, text: u.startsWith("-") ? `- ${stripMarker(u)}` : u, kind: "sentence", score: 0 });
  }
  return lines;
}
