import * as lancedb from "@lancedb/lancedb";

/**
 * Below this many chunks vector search stays exact (a flat scan): at 10,000
 * chunks of 384 dimensions that is 15–25 ms p50 on 2 cores, and at 100,000 it
 * is 64–135 ms, so from here an index pays (docs/performance.md).
 */
export const VECTOR_INDEX_MIN_ROWS = 50_000;

/** The index is trained again once the table has grown this many times past the rows it was trained on. */
export const VECTOR_INDEX_REGROW = 4;

/**
 * Candidates re-scored with the exact vectors, as a multiple of k. The
 * quantized distances only pick candidates; the final order is exact.
 */
export const VECTOR_REFINE_FACTOR = 20;

/** What maintenance should do about the vector index. */
export type VectorIndexPlan = "none" | "create" | "retrain" | "keep";

/**
 * Decides the vector index's fate from the row count and, when one exists,
 * the rows it was trained on.
 * @returns `none` below `minRows` (default {@link VECTOR_INDEX_MIN_ROWS}); `create` when there is
 * none yet; `retrain` once the table is {@link VECTOR_INDEX_REGROW}× larger
 * than when it was trained (its partitions are then too few); else `keep`.
 */
export function vectorIndexPlan(
  rows: number,
  trainedRows: number | null,
  minRows = VECTOR_INDEX_MIN_ROWS,
): VectorIndexPlan {
  if (trainedRows === null) return rows >= minRows ? "create" : "none";
  return rows >= trainedRows * VECTOR_INDEX_REGROW ? "retrain" : "keep";
}

/** IVF partitions for `rows`: the square root, LanceDB's own default. */
export function ivfPartitions(rows: number): number {
  return Math.max(1, Math.round(Math.sqrt(rows)));
}

/**
 * The index: IVF with RaBitQ residual quantization (1 bit per dimension) on
 * cosine distance. Against IVF-PQ on 100,000 chunks it trained in 10–12 s
 * instead of 108 s, with the same recall at the same probes (docs/performance.md).
 * @see https://lancedb.github.io/lancedb/ (`Index.ivfRq`); Gao & Long, "RaBitQ", SIGMOD 2024.
 */
export function vectorIndexConfig(rows: number): lancedb.Index {
  return lancedb.Index.ivfRq({ distanceType: "cosine", numPartitions: ivfPartitions(rows) });
}

/**
 * Partitions a query probes: 30% of them, at least 20 (LanceDB's default).
 * Measured recall@10 against exact search at 100,000 chunks: 0.93 with a
 * refine factor of 20 (docs/performance.md).
 */
export function vectorProbes(indexedRows: number): number {
  return Math.max(20, Math.round(ivfPartitions(indexedRows) * 0.3));
}
