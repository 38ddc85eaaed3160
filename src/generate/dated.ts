import { categorise } from "../ingest/categories.js";
import type { AnswerLine } from "./extractive.js";
import { type DocumentMetaLookup, renumberSources, type Source } from "./sources.js";

/**
 * Dated sources: first-aid advice changes (a 1911 handbook says a tourniquet
 * may be loosened after an hour; current guidance says never), so when an
 * answer is medical, newer first-aid sources go before the old ones, and a line
 * under the answer says which ones are old. Pure functions over sources and
 * answer lines; the years come from the documents table through a
 * {@link DocumentMetaLookup}.
 */

/** A source older than this many years (from the current year) is marked as old. */
export const OLD_SOURCE_YEARS = 50;

/** Whether a publication year is more than {@link OLD_SOURCE_YEARS} before `now`'s year; an unknown year is not old. */
export function isOld(year: number | null | undefined, now: Date): boolean {
  return typeof year === "number" && now.getFullYear() - year > OLD_SOURCE_YEARS;
}

/** The sources with `year` filled in from the documents table; unchanged without a lookup. */
export function withYears(sources: readonly Source[], metaOf?: DocumentMetaLookup): Source[] {
  if (!metaOf) return [...sources];
  return sources.map((s) => ({ ...s, year: s.year ?? metaOf(s.docId)?.year ?? null }));
}

/**
 * Whether an answer is medical or first aid: the question names a term of the
 * first-aid category ("tourniquet", "burn", "hypothermia"; see `ingest/categories.ts`),
 * or at least half of the sources are tagged `first-aid` at ingest.
 */
export function isMedical(question: string, sources: readonly Pick<Source, "tags">[]): boolean {
  // Passed as a heading, one first-aid term is enough: a heading hit scores the whole threshold.
  if (categorise("", [question]).includes("first-aid")) return true;
  const tagged = sources.filter((s) => s.tags.includes("first-aid")).length;
  return sources.length > 0 && tagged * 2 >= sources.length;
}

/**
 * The sources with the newer ones that answer the medical question (not old,
 * tagged `first-aid`) moved to the front, in their own order; the rest keep
 * theirs. A newer source that is not about first aid does not jump an old one
 * that is: "bruise a lower frond" from a water chapter is no answer to a bruise.
 * @returns the same order when no source is old or no newer one answers.
 */
export function newerFirst<T extends Pick<Source, "year" | "tags">>(sources: readonly T[], now: Date): T[] {
  const leads = sources.filter((s) => !isOld(s.year, now) && s.tags.includes("first-aid"));
  if (leads.length === 0 || !sources.some((s) => isOld(s.year, now))) return [...sources];
  return [...leads, ...sources.filter((s) => !leads.includes(s))];
}

/**
 * The line under a medical answer that names its old sources, in Markdown
 * italics, e.g. `_Source 1 (1911) is more than 50 years old: medical advice in it may be out of date._`
 * @returns null when no source is old.
 */
export function oldSourceNote(sources: readonly Pick<Source, "index" | "year">[], now: Date): string | null {
  const old = sources.filter((s) => isOld(s.year, now));
  if (old.length === 0) return null;
  const names = old.map((s) => `${s.index} (${s.year})`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return old.length === 1
    ? `_Source ${list} is more than ${OLD_SOURCE_YEARS} years old: medical advice in it may be out of date._`
    : `_Sources ${list} are more than ${OLD_SOURCE_YEARS} years old: medical advice in them may be out of date._`;
}

/** The warning on a survival tile's passage from an old source, e.g. "Published in 1911, more than 50 years ago: …". */
export function oldSourceLine(year: number | null | undefined): string {
  const when = year ? `Published in ${year}, more than ${OLD_SOURCE_YEARS} years ago` : "An old source";
  return `${when}: first-aid advice in it may be out of date.`;
}

/** What {@link datedExtractive} gives back: the lines and sources to render, and the note for under the answer. */
export interface DatedAnswer {
  lines: AnswerLine[];
  sources: Source[];
  /** {@link oldSourceNote}, or null when the answer is not medical or no source is old. */
  note: string | null;
}

/**
 * Dates an extractive answer whose sources are already renumbered 1…N in
 * order of first citation: fills each source's year, and when the answer is
 * medical ({@link isMedical}), moves the blocks of lines quoting newer
 * first-aid sources before the old ones ({@link newerFirst}; the extractive
 * answer groups lines by source, so whole blocks move and a list stays whole), numbers the sources again in the new
 * order, and writes the note.
 * Step numbers put on by the step-by-step style (1…N across the answer) are
 * counted again in the new order.
 * @param question - the question as asked (its words decide whether the answer is medical).
 * @param now - the current time (the age of a source is counted from its year).
 */
export function datedExtractive(
  question: string,
  lines: readonly AnswerLine[],
  sources: readonly Source[],
  metaOf?: DocumentMetaLookup,
  now = new Date(),
): DatedAnswer {
  const dated = withYears(sources, metaOf);
  if (!isMedical(question, dated)) return { lines: [...lines], sources: dated, note: null };
  const order = newerFirst(dated, now).map((s) => s.index);
  const moved = order.flatMap((n) => lines.filter((l) => l.source === n));
  const { sources: renumbered, map } = renumberSources(
    dated,
    moved.map((l) => l.source),
  );
  const out = renumberSteps(
    lines,
    moved.map((l) => ({ ...l, source: map.get(l.source) ?? l.source })),
  );
  return { lines: out, sources: renumbered, note: oldSourceNote(renumbered, now) };
}

/**
 * Dates the ranked sources of a generated answer before its prompt is built:
 * fills each year, and for a medical question puts the newer first-aid
 * sources before the old ones ({@link newerFirst}) and numbers them 1…N again, so the prompt (and its source budget)
 * prefers the newer ones.
 */
export function datedRanked(
  question: string,
  ranked: readonly Source[],
  metaOf?: DocumentMetaLookup,
  now = new Date(),
): Source[] {
  const dated = withYears(ranked, metaOf);
  if (!isMedical(question, dated)) return dated;
  return newerFirst(dated, now).map((s, i) => ({ ...s, index: i + 1 }));
}

/**
 * The note for under a generated answer: the old sources among those it
 * cites (or among all it was given, when it cites none).
 * @param cited - the source numbers the answer cites.
 * @returns the note with a blank line before it, or "" when there is none.
 */
export function datedTail(
  question: string,
  used: readonly Source[],
  cited: readonly number[],
  now = new Date(),
): string {
  if (!isMedical(question, used)) return "";
  const shown = cited.length > 0 ? used.filter((s) => cited.includes(s.index)) : used;
  const note = oldSourceNote(shown, now);
  return note ? `\n\n${note}` : "";
}

const STEP = /^(\d+)\. /;

/** Counts step numbers 1…N again in `after` when `before` numbered its content lines 1…N in order (the step-by-step style). */
function renumberSteps(before: readonly AnswerLine[], after: AnswerLine[]): AnswerLine[] {
  const content = (l: AnswerLine) => l.kind !== "section" && l.kind !== "lead-in" && l.kind !== "more";
  const steps = before.filter(content).map((l) => Number(STEP.exec(l.text)?.[1]));
  if (steps.length < 2 || steps.some((n, i) => n !== i + 1)) return after;
  let n = 0;
  return after.map((l) => (content(l) ? { ...l, text: l.text.replace(STEP, () => `${++n}. `) } : l));
}
