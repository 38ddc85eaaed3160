import { queryTerms } from "./terms.js";

/** A retrieved passage offered to the extractive answerer; `source` is its 1-based citation number. */
export interface ExtractivePassage {
  source: number;
  text: string;
}

/** One sentence chosen for the answer. */
export interface ExtractedSentence {
  source: number;
  text: string;
  score: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\n+/)) {
    for (const s of segmenter.segment(block)) {
      const t = s.segment.replace(/\s+/g, " ").trim();
      if (t) out.push(t);
    }
  }
  return out;
}

/**
 * Picks the sentences that best answer `query` from ranked passages, for the
 * no-model answer path. Each sentence scores the IDF-weighted sum of distinct
 * query terms it contains (IDF over the candidate sentences, so a term present
 * everywhere counts little), times a length prior that penalises fragments and
 * run-ons, plus a small bonus for higher-ranked passages. At most two sentences
 * come from one passage, and near-duplicates are dropped.
 *
 * @param limit - maximum sentences returned.
 * @returns chosen sentences, best first.
 */
export function extractSentences(
  query: string,
  passages: readonly ExtractivePassage[],
  limit = 4,
): ExtractedSentence[] {
  const terms = queryTerms(query);
  if (terms.length === 0 || passages.length === 0) return [];
  const candidates = passages.flatMap((p, rank) =>
    sentencesOf(p.text).map((text) => ({ source: p.source, rank, text, stems: new Set(queryTerms(text)) })),
  );
  const df = new Map<string, number>();
  for (const t of terms) df.set(t, candidates.filter((c) => c.stems.has(t)).length);
  const n = candidates.length;
  const scored = candidates.map((c) => {
    let s = 0;
    for (const t of terms) if (c.stems.has(t)) s += Math.log(1 + n / (1 + (df.get(t) ?? 0)));
    const words = c.text.split(" ").length;
    const lengthPrior = words < 5 ? 0.3 : words > 60 ? 0.6 : 1;
    const headingLike = !/[.!?:;)"”]$/.test(c.text) && words < 12 ? 0.5 : 1;
    return { ...c, score: s * lengthPrior * headingLike + (passages.length - c.rank) * 0.05 };
  });
  scored.sort((a, b) => b.score - a.score);
  const chosen: typeof scored = [];
  const perSource = new Map<number, number>();
  for (const c of scored) {
    if (chosen.length >= limit || c.score <= 0.1) break;
    if ((perSource.get(c.source) ?? 0) >= 2) continue;
    const dup = chosen.some((x) => overlap(x.stems, c.stems) > 0.8);
    if (dup) continue;
    chosen.push(c);
    perSource.set(c.source, (perSource.get(c.source) ?? 0) + 1);
  }
  return chosen.map(({ source, text, score }) => ({ source, text, score }));
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.min(a.size, b.size);
}

/** Renders chosen sentences as an answer with `[n]` citations. */
export function renderExtractiveAnswer(sentences: readonly ExtractedSentence[]): string {
  if (sentences.length === 0) return "I found no passage in the library that answers this.";
  return `From the library:\n\n${sentences.map((s) => `- ${s.text} [${s.source}]`).join("\n")}`;
}
