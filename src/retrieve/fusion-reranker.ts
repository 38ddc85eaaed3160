import "../store/lance-log.js";
import { makeArrowTable, type rerankers } from "@lancedb/lancedb";
import { Field, Float32, type RecordBatch, Schema } from "apache-arrow";
import { weightedFusion } from "./fusion.js";

/** Columns the reranker adds to each fused row. */
const FUSION_COLUMNS = { relevance: "_relevance_score", bm25: "_bm25", cosine: "_cosine" } as const;

interface Row {
  key: string;
  values: Record<string, unknown>;
  bm25?: number;
  cosine?: number;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function asNumbers(value: unknown): ArrayLike<number> | null {
  if (!value) return null;
  if (Array.isArray(value)) return value as number[];
  const v = value as { toArray?: () => ArrayLike<number> };
  return typeof v.toArray === "function" ? v.toArray() : null;
}

/**
 * Query-aware weighted fusion as a LanceDB hybrid reranker: pass it to
 * `table.query().nearestTo(v).fullTextSearch(q).rerank(…)`. LanceDB runs the
 * vector and full-text searches, min-max normalises `_distance` and `_score`
 * over each list, and hands both lists here (lancedb `query.rs`
 * `execute_hybrid`; Node `rerankers/index.ts` `Reranker` interface).
 *
 * Scores combined ({@link weightedFusion}, after Bruch et al., arXiv 2210.11934):
 * - lexical: the raw BM25 score of each full-text hit, from `rawBm25` (chunk
 *   id → score, the same full-text query run alongside). LanceDB's own
 *   min-max-normalised `_score` cannot be used: it gives the weakest keyword
 *   match 0, the same as no match. Rows only the vector search found score 0.
 * - semantic: the exact cosine of every candidate, computed from its stored
 *   vector, so a strong keyword match is not scored 0 on the vector side just
 *   because it fell outside the vector top-n.
 *
 * The result carries `_relevance_score` (fused, higher is better), `_bm25`
 * (raw) and `_cosine` (raw), sorted best first. Rows need the `id` and
 * `vector` columns selected; without `vector` the cosine falls back to `1 − _distance`.
 * Not plain RRF: rank fusion throws away score gaps (Bruch, Gai and Ingber, "An Analysis of Fusion Functions for Hybrid Retrieval", ACM TOIS 2023).
 */
export class WeightedFusionReranker implements rerankers.Reranker {
  /**
   * @param queryVector - the L2-normalised query embedding.
   * @param bm25Weight - weight of the lexical side in [0, 1] (see `bm25Weight`).
   * @param rawBm25 - raw BM25 scores by chunk id for the same full-text query and filter.
   */
  constructor(
    private readonly queryVector: readonly number[],
    private readonly bm25Weight: number,
    private readonly rawBm25: Promise<ReadonlyMap<string, number>> | ReadonlyMap<string, number>,
  ) {}

  async rerankHybrid(_query: string, vecResults: RecordBatch, ftsResults: RecordBatch): Promise<RecordBatch> {
    const raw = await this.rawBm25;
    const floor = Math.min(...raw.values());
    const rows = new Map<string, Row>();
    const add = (batch: RecordBatch, side: "vector" | "fts") => {
      for (const r of batch.toArray() as Array<Record<string, unknown> & { toJSON(): Record<string, unknown> }>) {
        const values = r.toJSON();
        const key = String(values._rowid ?? values.id);
        const row = rows.get(key) ?? { key, values };
        const stored = asNumbers(values.vector);
        if (stored) row.cosine = dot(this.queryVector, stored);
        else if (side === "vector" && typeof values._distance === "number") row.cosine = 1 - values._distance;
        // A full-text hit missing from `raw` (written between the two queries) counts as the weakest match.
        if (side === "fts") row.bm25 = raw.get(String(values.id)) ?? (Number.isFinite(floor) ? floor : 0);
        rows.set(key, row);
      }
    };
    add(vecResults, "vector");
    add(ftsResults, "fts");
    const fused = weightedFusion(
      [...rows.values()].map((r) => ({ id: r.key, bm25: r.bm25, cosine: r.cosine })),
      this.bm25Weight,
    );
    const keep = vecResults.schema.fields.filter(
      (f) => f.name !== "vector" && f.name !== "_distance" && f.name !== "_score",
    );
    // All nullable, so an empty result can be cut from a one-row table of nulls (see emptyBatch).
    const schema = new Schema([
      ...keep.map((f) => new Field(f.name, f.type, true)),
      new Field(FUSION_COLUMNS.relevance, new Float32(), true),
      new Field(FUSION_COLUMNS.bm25, new Float32(), true),
      new Field(FUSION_COLUMNS.cosine, new Float32(), true),
    ]);
    const out = fused.map((f) => {
      const r = rows.get(f.id) as Row;
      const values: Record<string, unknown> = {};
      for (const field of keep) values[field.name] = plain(r.values[field.name]);
      values[FUSION_COLUMNS.relevance] = f.score;
      values[FUSION_COLUMNS.bm25] = r.bm25 ?? null;
      values[FUSION_COLUMNS.cosine] = r.cosine ?? null;
      return values;
    });
    return out.length > 0 ? (makeArrowTable(out, { schema }).batches[0] as RecordBatch) : emptyBatch(schema);
  }
}

/** Arrow list cells (tags) come back as Vectors; makeArrowTable wants plain arrays. */
function plain(value: unknown): unknown {
  const v = value as { toArray?: () => ArrayLike<unknown> } | null | undefined;
  return v && typeof v === "object" && typeof v.toArray === "function" ? Array.from(v.toArray()) : value;
}

/**
 * A zero-row batch with `schema`. makeArrowTable([]) yields a table with no
 * batches, and LanceDB fails on an empty reply (a filter that matches
 * nothing), so one all-null row is built and sliced away.
 */
function emptyBatch(schema: Schema): RecordBatch {
  const row: Record<string, unknown> = Object.fromEntries(schema.fields.map((f) => [f.name, null]));
  row[FUSION_COLUMNS.relevance] = 0;
  return (makeArrowTable([row], { schema }).batches[0] as RecordBatch).slice(0, 0);
}
