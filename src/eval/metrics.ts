/**
 * Relevance judgements for one query: document id → graded relevance.
 * Grades ≤ 0 mean judged not relevant (trec_eval treats them the same as unjudged).
 */
export type QueryQrels = ReadonlyMap<string, number>;

/** Per-query scores of one ranked list at cutoff k (10 unless asked otherwise), all in [0, 1]. */
export interface QueryMetrics {
  /** nDCG@k. */
  ndcg: number;
  /** recall@k. */
  recall: number;
  /** recall@100, whatever k is. */
  recall100: number;
  /** MRR@k: reciprocal rank of the first relevant document within the top k, else 0. */
  mrr: number;
}

/** Mean metrics over a query set, plus the number of queries averaged. */
export interface AggregateMetrics extends QueryMetrics {
  queries: number;
}

function relevantCount(qrels: QueryQrels): number {
  let n = 0;
  for (const g of qrels.values()) if (g > 0) n++;
  return n;
}

/** Returns `ranked` with later duplicates removed (a document counts once, at its best rank). */
function unique(ranked: readonly string[]): string[] {
  return [...new Set(ranked)];
}

/**
 * nDCG@k with trec_eval's `ndcg_cut` definition (Järvelin & Kekäläinen 2002,
 * as implemented by trec_eval and pytrec_eval, which BEIR uses): gain is the
 * graded relevance itself (not 2^rel − 1), the discount is log2(rank + 1)
 * for 1-based ranks, and the ideal ranking sorts every judged relevant
 * document by grade. Grades ≤ 0 add nothing.
 *
 * @param ranked - document ids, best first; duplicates after the first are ignored.
 * @returns a value in [0, 1]; 0 when the query has no relevant documents.
 */
export function ndcgAtK(ranked: readonly string[], qrels: QueryQrels, k: number): number {
  const docs = unique(ranked).slice(0, k);
  let dcg = 0;
  docs.forEach((id, i) => {
    const g = qrels.get(id) ?? 0;
    if (g > 0) dcg += g / Math.log2(i + 2);
  });
  const ideal = [...qrels.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

/**
 * recall@k: the share of the query's relevant documents (grade > 0) found in the top k.
 * @returns a value in [0, 1]; 0 when the query has no relevant documents.
 */
export function recallAtK(ranked: readonly string[], qrels: QueryQrels, k: number): number {
  const total = relevantCount(qrels);
  if (total === 0) return 0;
  const found = unique(ranked)
    .slice(0, k)
    .filter((id) => (qrels.get(id) ?? 0) > 0).length;
  return found / total;
}

/**
 * MRR@k: 1 / rank of the first relevant document within the top k (1-based), else 0.
 * Averaged over queries this is the mean reciprocal rank.
 */
export function mrrAtK(ranked: readonly string[], qrels: QueryQrels, k: number): number {
  const docs = unique(ranked).slice(0, k);
  const i = docs.findIndex((id) => (qrels.get(id) ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

/** nDCG@k, recall@k, recall@100 and MRR@k of one ranked list. */
export function scoreQuery(ranked: readonly string[], qrels: QueryQrels, k = 10): QueryMetrics {
  return {
    ndcg: ndcgAtK(ranked, qrels, k),
    recall: recallAtK(ranked, qrels, k),
    recall100: recallAtK(ranked, qrels, 100),
    mrr: mrrAtK(ranked, qrels, k),
  };
}

/**
 * Arithmetic mean of per-query metrics (trec_eval's `all` line).
 * @returns zeros with `queries: 0` for an empty list.
 */
export function meanMetrics(perQuery: readonly QueryMetrics[]): AggregateMetrics {
  const n = perQuery.length;
  const sum = (f: (m: QueryMetrics) => number) => (n === 0 ? 0 : perQuery.reduce((s, m) => s + f(m), 0) / n);
  return {
    queries: n,
    ndcg: sum((m) => m.ndcg),
    recall: sum((m) => m.recall),
    recall100: sum((m) => m.recall100),
    mrr: sum((m) => m.mrr),
  };
}

export { percentile } from "../stats.js";
