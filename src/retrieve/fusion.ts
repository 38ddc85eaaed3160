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
export function bm25Weight(query: string, vectorWeight = 0.5): number {
  const hasPhrase = /"[^"]+"/.test(query);
  const n = Math.max(1, queryTerms(query).length);
  const base = hasPhrase ? 0.9 : Math.min(0.75, Math.max(0.25, 0.25 + 0.5 / (n * n)));
  if (vectorWeight <= 0) return 1;
  if (vectorWeight >= 1) return 0;
  // Odds-ratio bias: keeps 0.5 neutral and stays inside (0, 1).
  const odds = (base / (1 - base)) * ((1 - vectorWeight) / vectorWeight);
  return odds / (1 + odds);
}

/**
 * Convex combination of normalised BM25 and vector scores (Bruch et al., "An
 * Analysis of Fusion Functions for Hybrid Retrieval", arXiv 2210.11934: a
 * tuned convex combination beats RRF in and out of domain). Normalisation is
 * theoretical-min–max: BM25 by s/max (its minimum is 0), cosine by
 * (c+1)/(max+1). A candidate missing from one list scores 0 there.
 *
 * @returns candidates sorted by fused score, best first.
 */
export function weightedFusion(candidates: readonly FusionInput[], wBm25: number): FusedScore[] {
  const maxBm25 = Math.max(0, ...candidates.map((c) => c.bm25 ?? 0));
  const maxCos = Math.max(-1, ...candidates.map((c) => c.cosine ?? -1));
  return candidates
    .map((c) => {
      const bm25Norm = c.bm25 !== undefined && maxBm25 > 0 ? c.bm25 / maxBm25 : 0;
      const vectorNorm = c.cosine !== undefined && maxCos > -1 ? (c.cosine + 1) / (maxCos + 1) : 0;
      return { id: c.id, bm25Norm, vectorNorm, score: wBm25 * bm25Norm + (1 - wBm25) * vectorNorm };
    })
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
