import type * as lancedb from "@lancedb/lancedb";
import { hitsOfArrow, recordOfRow } from "./rows.js";
import type { ChunkHit, ChunkRecord } from "./schema.js";
import { sqlString } from "./sql.js";
import { type ChunkTable, readTable, skipsUnindexed } from "./table.js";
import { VECTOR_REFINE_FACTOR, vectorProbes } from "./vector-index.js";

/**
 * Runs a LanceDB full-text query (built by `retrieve/lexical.ts`): the top `k`
 * hits, filtered by the SQL predicate `where`. Rows written since the last
 * maintenance are left out while there are more than `flatSearchMaxRows`.
 * @param scoresOnly - read only `id` and `_score` (the heading boost and hybrid fusion need no more).
 * @returns hits with `_score` (BM25, higher is better), best first; none before the full-text index exists.
 * @throws StorageError when the table cannot be read.
 */
export async function fullText(
  t: ChunkTable,
  fts: lancedb.FullTextQuery,
  k: number,
  where?: string,
  scoresOnly = false,
): Promise<ChunkHit[]> {
  if (!t.ftsReady) return [];
  let q = t.table
    .query()
    .fullTextSearch(fts)
    .select(scoresOnly ? ["id", "_score"] : [...t.hitColumns, "_score"])
    .limit(k);
  if (where) q = q.where(where);
  if (skipsUnindexed(t)) q = q.fastSearch();
  return hitsOfArrow(await readTable(t, () => q.toArrow()));
}

/**
 * Chunks of one document by position (`chunk_index`), in order; used to
 * fetch the chunk that holds a list's lead-in when only its continuation was retrieved.
 * @returns the chunks found (missing indexes are skipped).
 */
export async function chunksAt(t: ChunkTable, docId: string, indexes: readonly number[]): Promise<ChunkHit[]> {
  const wanted = indexes.filter((i) => Number.isInteger(i) && i >= 0);
  if (wanted.length === 0) return [];
  const rows = await readTable(t, () =>
    t.table
      .query()
      .where(`doc_id = ${sqlString(docId)} AND chunk_index IN (${wanted.join(", ")})`)
      .select(t.hitColumns)
      .toArrow(),
  );
  return hitsOfArrow(rows).sort((a, b) => a.chunk_index - b.chunk_index);
}

/**
 * The first chunk of every section under some heading paths of some
 * documents (`Starting a fire` → `Starting a fire › Lighter`, `Starting a
 * fire › Drills`…), in book order: the sibling sections of one a question
 * rules out ("without matches"). One scan reads the headings (the heading
 * filter has no index), then only those chunks are read whole.
 * @param chapters - (document id, heading path) pairs.
 * @returns at most `limit` chunks.
 */
export async function sectionStarts(
  t: ChunkTable,
  chapters: ReadonlyArray<{ docId: string; parent: string }>,
  limit: number,
): Promise<ChunkHit[]> {
  if (chapters.length === 0) return [];
  const under = chapters
    .map((c) => `(doc_id = ${sqlString(c.docId)} AND starts_with(heading_path, ${sqlString(`${c.parent} › `)}))`)
    .join(" OR ");
  const heads = (await readTable(t, () =>
    t.table.query().where(under).select(["id", "doc_id", "heading_path", "chunk_index"]).toArray(),
  )) as Array<{ id: string; doc_id: string; heading_path: string; chunk_index: number }>;
  heads.sort((a, b) => a.chunk_index - b.chunk_index);
  const key = (h: { doc_id: string; heading_path: string }) => `${h.doc_id}\u0000${h.heading_path}`;
  const firsts = heads.filter((h, i) => heads.findIndex((x) => key(x) === key(h)) === i).slice(0, limit);
  if (firsts.length === 0) return [];
  const rows = await readTable(t, () =>
    t.table
      .query()
      .where(`id IN (${firsts.map((h) => sqlString(h.id)).join(", ")})`)
      .select(t.hitColumns)
      .toArrow(),
  );
  return hitsOfArrow(rows).sort((a, b) => a.chunk_index - b.chunk_index);
}

/**
 * The start of a cosine vector query: exact below `vectorIndexMinRows`, else
 * through the IVF index with {@link vectorProbes} partitions probed and the
 * candidates re-scored exactly.
 */
function nearest(t: ChunkTable, vector: number[]): lancedb.VectorQuery {
  const q = t.table.query().nearestTo(vector).distanceType("cosine");
  if (t.vectorTrainedRows === null) return q;
  return q.nprobes(vectorProbes(t.vectorTrainedRows)).refineFactor(VECTOR_REFINE_FACTOR);
}

/**
 * Cosine vector search: exact on small tables, IVF-RQ with exact re-scoring
 * on large ones (`vectorIndexPlan`).
 * @returns up to `k` hits with `_distance` (cosine distance, lower is better).
 * @throws Error when the table has no vector column; StorageError when it cannot be read.
 */
export async function searchVector(t: ChunkTable, vector: number[], k: number, where?: string): Promise<ChunkHit[]> {
  if (t.dims === null) throw new Error("the chunks table has no vectors (no embedding model)");
  let q = nearest(t, vector)
    .select([...t.hitColumns, "_distance"])
    .limit(k);
  if (where) q = q.where(where);
  return hitsOfArrow(await readTable(t, () => q.toArrow()));
}

/**
 * Hybrid search in one LanceDB query: the vector and full-text searches run
 * side by side (each `pool` deep, both filtered) and `reranker` fuses them
 * (`nearestTo(v).fullTextSearch(q).rerank(r)`). Rows carry their stored
 * vectors into the reranker so lexical hits get a true cosine. Falls back to
 * vector search alone when there is no full-text index yet or `fts` is null
 * (nothing positive to match).
 * @returns up to `pool` hits, fused best first, with `_relevance_score`, `_bm25` and `_cosine`.
 * @throws Error when the table has no vector column; StorageError when it cannot be read.
 */
export async function searchHybrid(
  t: ChunkTable,
  fts: lancedb.FullTextQuery | null,
  vector: number[],
  pool: number,
  reranker: lancedb.rerankers.Reranker,
  where?: string,
): Promise<ChunkHit[]> {
  if (t.dims === null) throw new Error("the chunks table has no vectors (no embedding model)");
  if (!t.ftsReady || !fts) {
    const hits = await searchVector(t, vector, pool, where);
    return hits.map((h) => ({
      ...h,
      _relevance_score: 1 - (h._distance ?? 1),
      _bm25: null,
      _cosine: 1 - (h._distance ?? 1),
    }));
  }
  let q = nearest(t, vector)
    .fullTextSearch(fts)
    .select([...t.hitColumns, "vector"])
    .rerank(reranker)
    .limit(pool);
  if (where) q = q.where(where);
  // Only with a vector index: fastSearch would skip every row of a table that vector search scans exactly.
  if (skipsUnindexed(t) && t.vectorTrainedRows !== null) q = q.fastSearch();
  return hitsOfArrow(await readTable(t, () => q.toArrow()));
}

/**
 * Every chunk, in batches of plain rows without the vector column, for
 * re-embedding into another table. Streams the table once (LanceDB queries
 * are async iterables of Arrow record batches).
 */
export async function* scanRows(t: ChunkTable): AsyncGenerator<ChunkRecord[]> {
  const schema = await t.table.schema();
  const columns = schema.fields.map((f) => f.name).filter((n) => n !== "vector");
  for await (const batch of t.table.query().select(columns)) yield batch.toArray().map(recordOfRow);
}
