import type { ParsedQuery } from "./query-syntax.js";
import { queryTerms } from "./terms.js";

/** A candidate's raw scores from each retriever; either may be missing. */
export interface FusionInput {
  id: string;
  /** BM25 score (≥ 0, higher is better). */
  bm25?: number;
  /** Cosine similarity in [-1, 1]. */
  cosine?: number;
}

/** A fused candidate: normalised component scores and the weighted sum. */
export interface FusedScore {
  id: string;
  score: number;
  bm25Norm: number;
  vectorNorm: number;
}

/**
 * Query-aware BM25 weight, after GPT4All LocalDocs (`database.cpp`, tuned on
 * BEIR nfcorpus/scifact/fiqa/trec-covid): 0.9 when the query quotes an exact
 * phrase, otherwise 0.25 + 0.5/n² for n meaningful terms, clamped to
 * [0.25, 0.75] — short keyword queries lean lexical, long questions lean semantic.
 * `vectorWeight` (default 0.5) biases the result: 0.5 leaves it as is, 1 makes
 * fusion vector-only, 0 BM25-only.
 */
export function bm25Weight(query: ParsedQuery, vectorWeight = 0.5): number {
  const hasPhrase = query.hasPhrase;
  const n = Math.max(1, queryTerms(query.source).length);
  const base = hasPhrase ? 0.9 : Math.min(0.75, Math.max(0.25, 0.25 + 0.5 / (n * n)));
  if (vectorWeight <= 0) return 1;
  if (vectorWeight >= 1) return 0;
  // Odds-ratio bias: keeps 0.5 neutral and stays inside (0, 1).
  const odds = (base / (1 - base)) * ((1 - vectorWeight) / vectorWeight);
  return odds / (1 + odds);
}

/** Min-max normaliser over the values present; a constant list maps to 1. */
function minMax(values: Array<number | undefined>): (v: number | undefined) => number {
  const present = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  return (v) => (v === undefined || !Number.isFinite(v) ? 0 : hi > lo ? (v - lo) / (hi - lo) : 1);
}

/**
 * Convex combination of normalised BM25 and cosine scores (Bruch et al., "An
 * Analysis of Fusion Functions for Hybrid Retrieval", arXiv 2210.11934: a
 * convex combination beats RRF in and out of domain and needs little tuning).
 *
 * - BM25 is normalised by its theoretical minimum, `s / max` (a document
 *   without the query's words scores 0). Min-max would give the weakest
 *   keyword match 0 — the same as no match — whenever the full-text list is
 *   short, as it is for rare words.
 * - Cosine is min-max normalised over the candidates: a kNN list is always
 *   full, and real embedders' cosines crowd into a narrow band that `(c+1)/2`
 *   would flatten against BM25.
 *
 * A candidate missing from one list scores 0 there.
 *
 * @param wBm25 - weight of the lexical side in [0, 1]; the vector side gets 1 − wBm25.
 * @returns candidates sorted by fused score, best first (ties by id).
 */
export function weightedFusion(candidates: readonly FusionInput[], wBm25: number): FusedScore[] {
  const maxBm25 = Math.max(0, ...candidates.map((c) => c.bm25 ?? 0));
  const cosine = minMax(candidates.map((c) => c.cosine));
  return candidates
    .map((c) => {
      const bm25Norm = c.bm25 !== undefined && maxBm25 > 0 ? Math.max(0, c.bm25) / maxBm25 : 0;
      const vectorNorm = cosine(c.cosine);
      return { id: c.id, bm25Norm, vectorNorm, score: wBm25 * bm25Norm + (1 - wBm25) * vectorNorm };
    })
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
