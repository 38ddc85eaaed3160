import type { ChunkRecord } from "./schema.js";
import { ftsIndex, indexedColumns, SCALAR_INDEXES } from "./schema.js";
import { sqlString } from "./sql.js";
import { type ChunkTable, reopenTable } from "./table.js";
import { vectorIndexConfig, vectorIndexPlan } from "./vector-index.js";

/** Rows per LanceDB `add` call. */
const WRITE_SLICE = 2048;

/**
 * Writes a batch: removes every chunk of `deleteDocIds`, then appends
 * `records` in one `add`. One write per batch instead of one per document
 * matters: each LanceDB write makes a fragment and each delete a deletion
 * file, and per-document writes made a 5,183-document corpus take 300 s
 * to index instead of seconds.
 */
export async function writeChunks(
  t: ChunkTable,
  deleteDocIds: readonly string[],
  records: readonly ChunkRecord[],
): Promise<void> {
  for (let i = 0; i < deleteDocIds.length; i += 500) {
    const ids = deleteDocIds
      .slice(i, i + 500)
      .map(sqlString)
      .join(", ");
    await t.table.delete(`doc_id IN (${ids})`);
  }
  // Added in slices: converting rows to Arrow is synchronous JavaScript, and one 17,000-row add held the
  // event loop for seconds. Slices let requests in between; maintain() compacts the extra fragments.
  const dropped = t.lexical === "baseline" ? ["search_text", "heading_text"] : ["text"];
  for (let i = 0; i < records.length; i += WRITE_SLICE) {
    const rows = records.slice(i, i + WRITE_SLICE).map((r) => {
      const row: Record<string, unknown> = { ...r };
      for (const column of dropped) delete row[column];
      return row;
    });
    await t.table.add(rows);
    t.unindexedRows += rows.length;
  }
}

/**
 * Creates missing indexes once the table has rows, then compacts fragments,
 * updates indexes incrementally and prunes old versions with `optimize()` —
 * without it LanceDB tables bloat (LanceDB "Table.optimize" reference). Indexes: BM25
 * full-text on `search_text` and `heading_text` (English Snowball stemming,
 * stop words, lower-casing, ASCII folding, positions for phrase queries),
 * btree on `id` and `doc_id`, label-list on `tags`, bitmap on `collection`
 * and `format`, and the vector index from `vectorIndexMinRows` rows.
 */
export async function maintainTable(t: ChunkTable, graceMs = t.tuning.versionGraceMs): Promise<void> {
  const rows = await t.table.countRows();
  if (rows === 0) return;
  for (const column of await missingIndexes(t))
    await t.table.createIndex(column, { config: (SCALAR_INDEXES[column] ?? ftsIndex(t.lexical))() });
  if (t.dims !== null) await maintainVectorIndex(t, rows);
  await t.table.optimize({ cleanupOlderThan: new Date(Date.now() - graceMs) });
  // The cache still holds pages of the index files optimize() just replaced: a fresh session lets them go.
  await reopenTable(t);
  t.ftsReady = true;
  // Writes and maintenance share one queue (WriteBatch), so every row written so far is indexed now.
  t.unindexedRows = 0;
}

/**
 * Creates the vector index once the table reaches `vectorIndexMinRows`
 * and trains it again when the table has outgrown it. The name records the
 * rows it was trained on (`vector_ivf_<rows>`), which LanceDB's statistics do
 * not keep once `optimize()` adds new rows to it.
 */
async function maintainVectorIndex(t: ChunkTable, rows: number): Promise<void> {
  const plan = vectorIndexPlan(rows, t.vectorTrainedRows, t.tuning.vectorIndexMinRows);
  if (plan === "none" || plan === "keep") return;
  const old = (await t.table.listIndices()).find((i) => i.columns[0] === "vector");
  await t.table.createIndex("vector", { config: vectorIndexConfig(rows), name: `vector_ivf_${rows}` });
  if (old) await t.table.dropIndex(old.name);
  t.vectorTrainedRows = rows;
}

/**
 * What the table's indexes are, read when it is opened: whether the
 * full-text indexes exist, the rows the main one does not cover yet (0
 * without one: then nothing is searched by it), and the rows the vector index
 * was trained on, from its name (null when there is none).
 */
export async function readIndexState(
  t: ChunkTable,
): Promise<Pick<ChunkTable, "ftsReady" | "unindexedRows" | "vectorTrainedRows">> {
  const indices = await t.table.listIndices();
  const columns = new Set(indices.map((i) => i.columns[0]));
  const ftsReady =
    t.lexical === "baseline" ? columns.has("text") : columns.has("search_text") && columns.has("heading_text");
  const main = indices.find((i) => i.columns[0] === (t.lexical === "baseline" ? "text" : "search_text"));
  const unindexedRows = main ? ((await t.table.indexStats(main.name))?.numUnindexedRows ?? 0) : 0;
  const vector = indices.find((i) => i.columns[0] === "vector");
  const trained = vector ? Number(/^vector_ivf_(\d+)$/.exec(vector.name)?.[1]) : Number.NaN;
  return { ftsReady, unindexedRows, vectorTrainedRows: Number.isFinite(trained) ? trained : null };
}

/** Columns of {@link indexedColumns} that have no index yet (a new table, or one from an older version). */
export async function missingIndexes(t: ChunkTable): Promise<string[]> {
  const existing = new Set((await t.table.listIndices()).map((i) => i.columns.join(",")));
  return indexedColumns(t.lexical).filter((c) => !existing.has(c));
}

/** Deletes the chunks matching the SQL predicate `where` (a deletion file per call). */
export async function deleteWhere(t: ChunkTable, where: string): Promise<void> {
  await t.table.delete(where);
}
