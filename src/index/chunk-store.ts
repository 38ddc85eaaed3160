import * as lancedb from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Int32, List, Schema, Utf8 } from "apache-arrow";

/** Name of the single chunks table. */
export const CHUNKS_TABLE = "chunks";

/** One chunk row as stored in LanceDB. Offsets are UTF-16 indexes into the document's normalised text. */
export interface ChunkRecord {
  /** `${doc_id}:${chunk_index}`. */
  id: string;
  doc_id: string;
  /** Library-relative path, POSIX separators. */
  path: string;
  title: string;
  author: string | null;
  /** Heading path joined with " › " ("Water › Water Purification"); empty when none. */
  heading_path: string;
  spine_index: number | null;
  chunk_index: number;
  start_offset: number;
  end_offset: number;
  text: string;
  /** What BM25 indexes: title and heading path, then the text, so heading words count. */
  search_text: string;
  tags: string[];
  format: string;
  collection: string;
  /** L2-normalised embedding, present only when the table was created with vectors. */
  vector?: number[];
}

/** A search hit: the stored columns and the engine's raw score; `vector` only when asked for. */
export type ChunkHit = Omit<ChunkRecord, "vector" | "search_text"> & {
  vector?: number[];
  _score?: number;
  _distance?: number;
};

/** Filters shared by every search path. */
export interface SearchFilter {
  /** Every listed tag must be present. */
  tags?: string[];
  collection?: string;
  docId?: string;
}

const HIT_COLUMNS = [
  "id",
  "doc_id",
  "path",
  "title",
  "author",
  "heading_path",
  "spine_index",
  "chunk_index",
  "start_offset",
  "end_offset",
  "text",
  "tags",
  "format",
  "collection",
];

function chunkSchema(dims: number | null): Schema {
  const fields: Field[] = [
    new Field("id", new Utf8(), false),
    new Field("doc_id", new Utf8(), false),
    new Field("path", new Utf8(), false),
    new Field("title", new Utf8(), false),
    new Field("author", new Utf8(), true),
    new Field("heading_path", new Utf8(), false),
    new Field("spine_index", new Int32(), true),
    new Field("chunk_index", new Int32(), false),
    new Field("start_offset", new Int32(), false),
    new Field("end_offset", new Int32(), false),
    new Field("text", new Utf8(), false),
    new Field("search_text", new Utf8(), false),
    new Field("tags", new List(new Field("item", new Utf8(), true)), false),
    new Field("format", new Utf8(), false),
    new Field("collection", new Utf8(), false),
  ];
  if (dims !== null)
    fields.push(new Field("vector", new FixedSizeList(dims, new Field("item", new Float32(), true)), true));
  return new Schema(fields);
}

/** Quotes a string literal for a LanceDB (DataFusion SQL) filter. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Builds the SQL `WHERE` predicate for a {@link SearchFilter}, or undefined when it filters nothing. */
export function filterToSql(filter: SearchFilter = {}): string | undefined {
  const parts: string[] = [];
  if (filter.tags && filter.tags.length > 0)
    parts.push(`array_has_all(tags, [${filter.tags.map(sqlString).join(", ")}])`);
  if (filter.collection) parts.push(`collection = ${sqlString(filter.collection)}`);
  if (filter.docId) parts.push(`doc_id = ${sqlString(filter.docId)}`);
  return parts.length > 0 ? parts.join(" AND ") : undefined;
}

/**
 * The LanceDB chunks table: one table for the whole library, with tags,
 * collection and format columns for filtering (field notes §6.5), a native
 * BM25 full-text index with English stemming, and an optional vector column.
 */
export class ChunkStore {
  private constructor(
    private readonly db: lancedb.Connection,
    private table: lancedb.Table,
    /** Vector dimensions, or null for a lexical-only table. */
    readonly dims: number | null,
  ) {}

  /**
   * Opens the chunks table under `dir`, creating it when missing. When the
   * existing table's vector dimensions differ from `dims` (a model was added,
   * removed or swapped), the table is dropped and recreated empty and
   * `recreated` is true, so the caller re-indexes every document. `reset`
   * forces that (a different model of the same size).
   */
  static async open(
    dir: string,
    dims: number | null,
    reset = false,
  ): Promise<{ store: ChunkStore; recreated: boolean }> {
    const db = await lancedb.connect(dir);
    const names = await db.tableNames();
    if (reset && names.includes(CHUNKS_TABLE)) {
      await db.dropTable(CHUNKS_TABLE);
      const created = await db.createEmptyTable(CHUNKS_TABLE, chunkSchema(dims));
      return { store: new ChunkStore(db, created, dims), recreated: true };
    }
    if (names.includes(CHUNKS_TABLE)) {
      const table = await db.openTable(CHUNKS_TABLE);
      const schema = await table.schema();
      const vec = schema.fields.find((f) => f.name === "vector");
      const existing = vec ? (vec.type as FixedSizeList).listSize : null;
      if (existing === dims) return { store: new ChunkStore(db, table, dims), recreated: false };
      await db.dropTable(CHUNKS_TABLE);
      const created = await db.createEmptyTable(CHUNKS_TABLE, chunkSchema(dims));
      return { store: new ChunkStore(db, created, dims), recreated: true };
    }
    const created = await db.createEmptyTable(CHUNKS_TABLE, chunkSchema(dims));
    return { store: new ChunkStore(db, created, dims), recreated: false };
  }

  /** Replaces all chunks of a document (delete then add). */
  async replaceDocument(docId: string, records: ChunkRecord[]): Promise<void> {
    await this.table.delete(`doc_id = ${sqlString(docId)}`);
    if (records.length > 0) await this.table.add(records as unknown as Record<string, unknown>[]);
  }

  /** Removes all chunks of a document. */
  async deleteDocument(docId: string): Promise<void> {
    await this.table.delete(`doc_id = ${sqlString(docId)}`);
  }

  /** Number of chunks, optionally filtered. */
  async count(filter?: SearchFilter): Promise<number> {
    return this.table.countRows(filterToSql(filter));
  }

  /**
   * Creates missing indexes (BM25 full-text on `search_text` with English
   * stemming, stop words, ASCII folding and positions for phrases; btree on
   * `doc_id`; label-list on `tags`; bitmap on `collection`) once the table has
   * rows, then compacts fragments, updates indexes incrementally and prunes old
   * versions with `optimize()` — without it LanceDB tables bloat (field notes §3.16).
   */
  async maintain(): Promise<void> {
    if ((await this.table.countRows()) === 0) return;
    const existing = new Set((await this.table.listIndices()).map((i) => i.columns.join(",")));
    if (!existing.has("search_text")) {
      await this.table.createIndex("search_text", {
        config: lancedb.Index.fts({
          baseTokenizer: "simple",
          language: "English",
          stem: true,
          removeStopWords: true,
          lowercase: true,
          asciiFolding: true,
          withPosition: true,
        }),
      });
    }
    if (!existing.has("doc_id")) await this.table.createIndex("doc_id", { config: lancedb.Index.btree() });
    if (!existing.has("tags")) await this.table.createIndex("tags", { config: lancedb.Index.labelList() });
    if (!existing.has("collection")) await this.table.createIndex("collection", { config: lancedb.Index.bitmap() });
    await this.table.optimize({ cleanupOlderThan: new Date(Date.now() - 1000) });
  }

  /**
   * BM25 full-text search over `search_text`.
   * @param withVectors - also return each hit's stored `vector` (hybrid fusion scores lexical hits by their true cosine).
   * @returns up to `k` hits with `_score` (BM25, higher is better).
   */
  async searchBm25(query: string, k: number, filter?: SearchFilter, withVectors = false): Promise<ChunkHit[]> {
    if ((await this.table.listIndices()).every((i) => i.columns[0] !== "search_text")) return [];
    const columns =
      withVectors && this.dims !== null ? [...HIT_COLUMNS, "vector", "_score"] : [...HIT_COLUMNS, "_score"];
    let q = this.table.query().fullTextSearch(query, { columns: "search_text" }).select(columns).limit(k);
    const where = filterToSql(filter);
    if (where) q = q.where(where);
    return normaliseRows(await q.toArray());
  }

  /**
   * Exact (brute-force) cosine vector search; no ANN index is needed below ~1M
   * rows (LanceDB docs, field notes §2).
   * @returns up to `k` hits with `_distance` (cosine distance, lower is better).
   * @throws Error when the table has no vector column.
   */
  async searchVector(vector: number[], k: number, filter?: SearchFilter): Promise<ChunkHit[]> {
    if (this.dims === null) throw new Error("the chunks table has no vectors (no embedding model)");
    let q = this.table.query().nearestTo(vector).distanceType("cosine").select(HIT_COLUMNS).limit(k);
    const where = filterToSql(filter);
    if (where) q = q.where(where);
    return normaliseRows(await q.toArray());
  }

  /** Closes the connection. */
  close(): void {
    this.table.close();
    this.db.close();
  }
}

/** Arrow rows carry list vectors and BigInt-free ints; turn them into plain objects. */
function normaliseRows(rows: unknown[]): ChunkHit[] {
  return rows.map((r) => {
    const row = r as Record<string, unknown>;
    const tags = row.tags as { toArray?: () => unknown[] } | unknown[] | null;
    const vector = row.vector as { toArray?: () => ArrayLike<number> } | number[] | null | undefined;
    const hit: ChunkHit = {
      ...(row as unknown as ChunkHit),
      tags: Array.isArray(tags) ? (tags as string[]) : tags?.toArray ? (tags.toArray() as string[]) : [],
    };
    if (vector) hit.vector = Array.isArray(vector) ? vector : Array.from(vector.toArray?.() ?? []);
    else delete hit.vector;
    return hit;
  });
}
