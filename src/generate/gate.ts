import { textUnits } from "../ingest/units.js";
import type { SearchResult } from "../retrieve/search.js";
import { queryTerms } from "../retrieve/terms.js";
import { backgroundIdf } from "./background-idf.js";
import type { QuestionAnalysis } from "./question.js";

/** Cross-encoder score at or above which a reranked passage counts as evidence whatever its words. */
export const RERANK_EVIDENCE = 0.5;

/**
 * What the evidence gate reads of a question and its retrieved passages, each in [0, 1]
 * except `topicTerms`.
 */
export interface GateFeatures {
  /**
   * The best window (a sentence, item or row with its neighbours on either
   * side, read with its passage's title, heading path and lead-in) and its
   * share of the topic, each term weighted by its background IDF
   * ({@link backgroundIdf}) and found as a whole word or a spelling variant
   * ({@link isVariant}).
   */
  window: number;
  /** The best passage's share of the topic, each term weighted by its IDF over the retrieved passages ({@link topicCoverage}). */
  passage: number;
  /** 1 when one window holds every topic term, else 0: two words of a question found apart ("capital" here, "Brazil" there) are not an answer. */
  whole: number;
  /** 1 when the question gives names ({@link nameTerms}) and no window holds them all, else 0. */
  namesApart: number;
  /** How many topic terms the question has (at least 1). */
  topicTerms: number;
}

/**
 * A logistic model over {@link GateFeatures}: `z = bias + window·w + passage·p
 * + ln(n)·(l + window·wl + passage·pl)`, evidence when `z ≥ threshold`. The
 * terms in ln(n) let a long question (a SQuAD-style one with 7 content words
 * that paraphrases its passage) pass with a smaller share than a short one
 * ("replace a timing belt"), where one word found in passing means nothing.
 */
export interface GateModel {
  bias: number;
  window: number;
  passage: number;
  lnTerms: number;
  windowLnTerms: number;
  passageLnTerms: number;
  whole: number;
  /** Weight of `(1 − whole) / n`: a term missing from the best window weighs more the fewer terms a question has. */
  partialShort: number;
  namesApart: number;
  /** Log-odds at or above which the passages count as evidence. */
  threshold: number;
  /**
   * The threshold for questions in a language (ISO 639-1 code), where it is not
   * {@link GateModel.threshold}: the same share of a topic is less evidence
   * in a language whose words the stemmer conflates less well (Russian, Arabic,
   * Turkish inflect; Vietnamese and Thai repeat short syllables), so each
   * language's threshold is chosen on its own questions ({@link gateThreshold}).
   */
  languageThresholds?: Readonly<Record<string, number>>;
}

/** The threshold a question in `language` is held to: its own, else the model's. */
export function gateThreshold(m: GateModel, language: string): number {
  return m.languageThresholds?.[language] ?? m.threshold;
}

/**
 * Weights fitted by `almanac calibrate-gate` (logistic regression, each group of
 * XQuAD answerable / unanswerable and project answerable / off-library
 * questions weighted equally) and the threshold chosen there; the figures are
 * in docs/answers.md, "The evidence gate".
 */
export const GATE_MODEL: GateModel = {
  bias: -3.72,
  window: 1.84,
  passage: 1.631,
  lnTerms: -0.173,
  windowLnTerms: 1.603,
  passageLnTerms: 1.225,
  whole: 1.213,
  partialShort: -0.7,
  namesApart: -0.582,
  threshold: -1.35,
  // `almanac calibrate-gate --squad ../shared/corpus/eval/xquad`: for each
  // language, the strictest threshold that refuses at most 4% of its XQuAD
  // dev-half answerable questions. English keeps the threshold above, which
  // the project's own answer sets were fitted with.
  languageThresholds: {
    ar: -2.2,
    de: -2.85,
    el: -2.1,
    es: -2.05,
    hi: -1.85,
    ro: -1.65,
    ru: -2.25,
    th: -0.4,
    tr: -2.15,
    vi: -0.3,
    zh: -1.3,
  },
};

/** Stems of at least this many letters may match a spelling variant. */
const VARIANT_MIN = 5;

/**
 * Whether two stems are spelling or derivation variants the stemmer left
 * apart ("septicemia"/"septicaemia" no, "indian"/"india" yes,
 * "paleoclimat"/"paleoclimatolog" yes): both at least 5 letters, and the
 * shorter without its last two letters (at least 5 left) begins the longer.
 */
export function isVariant(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < VARIANT_MIN || b.length < VARIANT_MIN) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.startsWith(short.slice(0, Math.max(VARIANT_MIN, short.length - 2)));
}

function holds(words: ReadonlySet<string>, term: string): boolean {
  if (words.has(term)) return true;
  if (term.length < VARIANT_MIN) return false;
  for (const w of words) if (isVariant(term, w)) return true;
  return false;
}

function contextWords(r: SearchResult, language: string): string[] {
  return queryTerms(`${r.chunk.title} ${r.chunk.heading_path} ${r.chunk.lead_in ?? ""}`, language);
}

/**
 * Share of the question's topic found in each passage, on whole stemmed
 * words (text, carried lead-in, title and heading path), each term weighted
 * by its IDF over the retrieved passages: a term that no passage holds
 * ("carburetor") weighs most, so finding only the common words of a question
 * ("rebuild") is not enough.
 * @param language - the language the topic was stemmed in (the question's code); "" for English rules.
 */
export function topicCoverage(topic: readonly string[], results: readonly SearchResult[], language = ""): number[] {
  const words = results.map((r) => new Set([...contextWords(r, language), ...queryTerms(r.chunk.text, language)]));
  const n = words.length;
  const idf = topic.map((t) => Math.log(1 + n / (1 + words.filter((w) => w.has(t)).length)));
  const total = idf.reduce((a, b) => a + b, 0);
  return words.map((w) =>
    total > 0 ? topic.reduce((a, t, i) => a + (w.has(t) ? (idf[i] as number) : 0), 0) / total : 0,
  );
}

/** The best window's background-weighted share of the topic ({@link GateFeatures.window}). */
function windowCoverage(
  topic: readonly string[],
  names: readonly string[],
  results: readonly SearchResult[],
  language: string,
): { window: number; whole: number; namesApart: number } {
  const weight = topic.map(backgroundIdf);
  const total = weight.reduce((a, b) => a + b, 0);
  if (total === 0) return { window: 0, whole: 0, namesApart: names.length > 0 ? 1 : 0 };
  let best = 0;
  let namesTogether = names.length === 0;
  for (const r of results) {
    const context = contextWords(r, language);
    const units = textUnits(r.chunk.text).map((u) => queryTerms(r.chunk.text.slice(u.start, u.end), language));
    for (let i = 0; i < units.length; i++) {
      const words = new Set([...context, ...(units[i - 1] ?? []), ...(units[i] ?? []), ...(units[i + 1] ?? [])]);
      const found = topic.map((t) => holds(words, t));
      const share = topic.reduce((a, _, j) => a + (found[j] ? (weight[j] as number) : 0), 0) / total;
      if (share > best) best = share;
      if (!namesTogether && names.every((t) => holds(words, t))) namesTogether = true;
      if (found.every(Boolean)) return { window: 1, whole: 1, namesApart: 0 };
    }
  }
  return { window: best, whole: 0, namesApart: namesTogether ? 0 : 1 };
}

/**
 * The names a question gives: stems of its capitalised words after the
 * first ("Who is the president of *Kenya*?"), which say who or what it is about.
 * @param language - the language the topic was stemmed in; "" for English rules.
 */
export function nameTerms(question: string, topic: readonly string[], language = ""): string[] {
  const words = question.match(/[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu) ?? [];
  const names = words.slice(1).filter((w) => /^\p{Lu}/u.test(w));
  return [...new Set(names.flatMap((w) => queryTerms(w, language)))].filter((t) => topic.includes(t));
}

/** Reads {@link GateFeatures} of the retrieved passages for a question. Pure, a few ms for 11 passages. */
export function gateFeatures(q: QuestionAnalysis, results: readonly SearchResult[]): GateFeatures {
  return {
    ...windowCoverage(q.topic, nameTerms(q.question, q.topic, q.language.code), results, q.language.code),
    passage: Math.max(0, ...topicCoverage(q.topic, results, q.language.code)),
    topicTerms: Math.max(1, q.topic.length),
  };
}

/** The model's log-odds that the passages answer the question ({@link GateModel}). */
export function evidenceScore(f: GateFeatures, m: GateModel = GATE_MODEL): number {
  const ln = Math.log(f.topicTerms);
  return (
    m.bias +
    m.window * f.window +
    m.passage * f.passage +
    m.whole * f.whole +
    (m.partialShort * (1 - f.whole)) / f.topicTerms +
    m.namesApart * f.namesApart +
    ln * (m.lnTerms + m.windowLnTerms * f.window + m.passageLnTerms * f.passage)
  );
}

/**
 * The evidence gate: whether the retrieved passages hold an answer. BM25
 * always returns something for a question that shares one common word with
 * the library ("rebuild", "current"), so the rank alone says nothing; the
 * gate reads how much of the question's topic the best window and the best
 * passage hold ({@link gateFeatures}) through a model calibrated on
 * answerable and unanswerable questions ({@link GATE_MODEL}), at the
 * threshold of the question's language ({@link gateThreshold}). A passage a
 * cross-encoder scored at least {@link RERANK_EVIDENCE} passes whatever its
 * words. Cosine similarity is not used: its scale depends on the embedding
 * model, and no real model can be calibrated here.
 */
export function hasEvidence(q: QuestionAnalysis, results: readonly SearchResult[], m: GateModel = GATE_MODEL): boolean {
  if (results.length === 0) return false;
  if (results.some((r) => r.rerank !== null && r.rerank >= RERANK_EVIDENCE)) return true;
  return evidenceScore(gateFeatures(q, results), m) >= gateThreshold(m, q.language.code);
}
