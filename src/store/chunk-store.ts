import "./lance-log.js";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { totalmem } from "node:os";
import { join } from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Int32, List, Schema, Utf8 } from "apache-arrow";
import { StorageError } from "../errors.js";
import type { ParsedQuery } from "../retrieve/query-syntax.js";
import {
  FLAT_SEARCH_MAX_ROWS,
  HEADING_BOOST_DEPTH,
  HEADING_RERANK_MARGIN,
  headingQuery,
  MAIN_DEPTH_MAX,
  MISSED_FETCH_MAX,
  mainDepth,
  mainQuery,
  missedByMain,
  withHeadingBoost,
} from "./full-text.js";
import { textOfSearchText } from "./search-text.js";
import {
  VECTOR_INDEX_MIN_ROWS,
  VECTOR_REFINE_FACTOR,
  vectorIndexConfig,
  vectorIndexPlan,
  vectorProbes,
} from "./vector-index.js";

/** The LanceDB folder inside a data folder. */
export const LANCE_DIR = "lancedb";

/** How long a table replaced by {@link ChunkStore.adopt} stays for queries already running on it, ms. */
const ADOPT_GRACE_MS = 30_000;

/** The state database's `meta` key naming the table searched, when it is not {@link CHUNKS_TABLE} (an embedding switch builds a new one). */
export const ACTIVE_TABLE_KEY = "index.table";

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
  /** The passage; stored only inside `search_text` (`src/store/search-text.ts`) in the tuned profile. */
  text: string;
  /**
   * The list lead-in sentence carried from an earlier chunk when this chunk
   * continues a list or table (see `Chunk.leadIn`); null otherwise. Not part of `text`.
   */
  lead_in: string | null;
  /** What BM25 indexes: title and heading path, then the text, so heading words count. */
  search_text: string;
  /** Title and heading path alone: a second BM25 field whose matches add a boost. */
  heading_text: string;
  tags: string[];
  format: string;
  collection: string;
  /** L2-normalised embedding, present only when the table was created with vectors. */
  vector?: number[];
}

/** A search hit: the stored columns and the engine's raw score; `vector` only when asked for. */
export type ChunkHit = Omit<ChunkRecord, "vector" | "search_text" | "heading_text"> & {
  vector?: number[];
  /** BM25 (lexical search), higher is better. */
  _score?: number;
  /** Cosine distance (vector search), lower is better. */
  _distance?: number;
  /** Hybrid search: fused score, the raw BM25 score (null when only the vector search found it) and the cosine. */
  _relevance_score?: number;
  _bm25?: number | null;
  _cosine?: number | null;
};

/**
 * How the lexical side is built. `tuned` (the default) indexes title +
 * heading path + text with English stemming, stop words, ASCII folding and
 * positions, adds a boosted title/heading field, and understands phrases and
 * +/− operators. `baseline` is LanceDB's out-of-the-box setup — `Index.fts()`
 * on the chunk text, the query passed as a plain match — kept so the
 * evaluation can show what tuning bought.
 */
export type LexicalProfile = "tuned" | "baseline";

/** Options for {@link ChunkStore.open}. */
/**
 * Old table versions are pruned only once they are this old, ms. A search
 * holds the version it started on; pruning it sooner deleted data files under
 * live searches ("lance error: Not found") while the library re-indexed.
 * Longer than any query, and short enough that the disk is reclaimed soon.
 */
export const VERSION_GRACE_MS = 5 * 60_000;

/**
 * LanceDB session caches, bytes: index pages (posting lists, btree pages) and
 * file metadata. The defaults (6 GB and 1 GB) let a 400,000-chunk ZIM
 * ingest reach 1 GB RSS. The index cache is a sixteenth of the machine's
 * memory, 128 MiB to 1 GiB (256 MiB on a 4 GB Pi): at 1M chunks the full-text
 * index outgrows 128 MiB, and BM25 p50 went from 174 to 62 ms with 1 GiB.
 */
const INDEX_CACHE_BYTES = Math.min(2 ** 30, Math.max(128 * 2 ** 20, Math.round(totalmem() / 16)));
const METADATA_CACHE_BYTES = 64 * 2 ** 20;

/** Rows per LanceDB `add` call. */
const WRITE_SLICE = 2048;

export interface ChunkStoreOptions {
  /** Open an existing table for reading only: never create, drop or recreate it (a second process beside the server). */
  readOnly?: boolean;
  /** Drop and recreate the table (a different embedding model of the same size). */
  reset?: boolean;
  lexical?: LexicalProfile;
  /** Weight of a match in the title/heading field, added to the main BM25 score; 0 turns it off. */
  headingBoost?: number;
  /** Chunks from which vector search goes through an IVF index; default {@link VECTOR_INDEX_MIN_ROWS}. */
  vectorIndexMinRows?: number;
  /** Unindexed rows above which full-text search leaves them out until maintained; default {@link FLAT_SEARCH_MAX_ROWS}. */
  flatSearchMaxRows?: number;
  /** How old a table version must be before maintenance prunes it, ms; default {@link VERSION_GRACE_MS}. */
  versionGraceMs?: number;
  /** The table to open, default {@link CHUNKS_TABLE}; an embedding switch builds and then keeps another. */
  table?: string;
  /** Leave other `chunks*` tables alone (the store an embedding switch opens beside the live one); default false. */
  keepOtherTables?: boolean;
}

/** Filters shared by every search path. */
export interface SearchFilter {
  /** Every listed tag must be present. */
  tags?: string[];
  collection?: string;
  docId?: string;
  /** Book format: `epub`, `markdown` or `text`. */
  format?: string;
}

/** Columns a hit reads; the text comes from `search_text` (tuned) or `text` (baseline). */
const META_COLUMNS = [
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
  "lead_in",
  "tags",
  "format",
  "collection",
];

/** The text columns each profile stores: the tuned one keeps the passage once, inside `search_text`. */
function textColumns(lexical: LexicalProfile): string[] {
  return lexical === "baseline" ? ["text"] : ["search_text", "heading_text"];
}

function hitColumns(lexical: LexicalProfile): string[] {
  return [...META_COLUMNS, lexical === "baseline" ? "text" : "search_text"];
}

function chunkSchema(dims: number | null, lexical: LexicalProfile): Schema {
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
    new Field("lead_in", new Utf8(), true),
    ...textColumns(lexical).map((name) => new Field(name, new Utf8(), false)),
    new Field("tags", new List(new Field("item", new Utf8(), true)), false),
    new Field("format", new Utf8(), false),
    new Field("collection", new Utf8(), false),
  ];
  if (dims !== null)
    fields.push(new Field("vector", new FixedSizeList(dims, new Field("item", new Float32(), true)), true));
  return new Schema(fields);
}

/**
 * The text a model reads for a chunk: book title, heading path and passage
 * ("Water › Water Purification\n…"), so a passage carries its book and chapter
 * (Khoj/AnythingLLM practice). Used for document embeddings and cross-encoder input alike.
 */
export function passageText(chunk: Pick<ChunkRecord, "title" | "heading_path" | "text" | "lead_in">): string {
  const lead = chunk.lead_in ? `${chunk.lead_in}\n` : "";
  return `${chunk.title}${chunk.heading_path ? ` › ${chunk.heading_path}` : ""}\n${lead}${chunk.text}`;
}

/** Quotes a string literal for a LanceDB (DataFusion SQL) filter. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Whether a Lance table folder holds a committed version: a manifest in its `_versions` folder. */
function hasCommittedVersion(tableDir: string): boolean {
  const versions = join(tableDir, "_versions");
  return existsSync(versions) && readdirSync(versions).some((f) => f.endsWith(".manifest"));
}

/** Builds the SQL `WHERE` predicate for a {@link SearchFilter}, or undefined when it filters nothing. */
export function filterToSql(filter: SearchFilter = {}): string | undefined {
  const parts: string[] = [];
  if (filter.tags && filter.tags.length > 0)
    parts.push(`array_has_all(tags, [${filter.tags.map(sqlString).join(", ")}])`);
  if (filter.collection) parts.push(`collection = ${sqlString(filter.collection)}`);
  // A ZIM archive's id also selects its articles (`<id>.<entry>`).
  if (filter.docId)
    parts.push(`(doc_id = ${sqlString(filter.docId)} OR starts_with(doc_id, ${sqlString(`${filter.docId}.`)}))`);
  if (filter.format) parts.push(`format = ${sqlString(filter.format)}`);
  return parts.length > 0 ? parts.join(" AND ") : undefined;
}

/**
 * The LanceDB chunks table: one table for the whole library, with tags,
 * collection and format columns for filtering (LanceDB "Metadata filtering" guide), a native
 * BM25 full-text index with English stemming, and an optional vector column.
 */
export class ChunkStore {
  private ftsReady = false;
  /** Rows added since the full-text index last covered the table (this process's writes, or counted on open). */
  private unindexedRows = 0;
  private readonly hitColumns: string[];
  /** Rows the IVF vector index was trained on, or null while search is exact. */
  private vectorTrainedRows: number | null = null;

  private constructor(
    private db: lancedb.Connection,
    private table: lancedb.Table,
    /** Vector dimensions, or null for a lexical-only table. */
    private vectorDims: number | null,
    private readonly lexical: LexicalProfile,
    private readonly tuning: Required<
      Pick<ChunkStoreOptions, "headingBoost" | "vectorIndexMinRows" | "flatSearchMaxRows" | "versionGraceMs">
    >,
  ) {
    this.hitColumns = hitColumns(lexical);
  }

  /** Vector dimensions, or null for a lexical-only table; changes when {@link adopt} swaps in a re-embedded table. */
  get dims(): number | null {
    return this.vectorDims;
  }

  /** The LanceDB table searched now (`chunks`, or the table an embedding switch built). */
  get tableName(): string {
    return this.table.name;
  }

  /** How old a table version must be before {@link ChunkStore.maintain} prunes it, ms. */
  get versionGraceMs(): number {
    return this.tuning.versionGraceMs;
  }

  /** Whether full-text search leaves out the rows written since the last maintenance ({@link FLAT_SEARCH_MAX_ROWS}). */
  private get skipsUnindexed(): boolean {
    return this.unindexedRows > this.tuning.flatSearchMaxRows;
  }

  /**
   * Opens the chunks table under `dir`, creating it when missing. When the
   * existing table's columns differ from this version's schema, or its vector
   * dimensions differ from `dims` (a model was added, removed or swapped), the
   * table is dropped and recreated empty and `recreated` is true, so the
   * caller re-indexes every document. `opts.reset` forces that.
   */
  static async open(
    dir: string,
    dims: number | null,
    opts: ChunkStoreOptions = {},
  ): Promise<{ store: ChunkStore; recreated: boolean }> {
    // LanceDB's default caches (6 GB of index, 1 GB of metadata) grow with the table: an appliance caps them.
    const db = await lancedb.connect(dir, {
      session: new lancedb.Session(BigInt(INDEX_CACHE_BYTES), BigInt(METADATA_CACHE_BYTES)),
    });
    const lexical = opts.lexical ?? "tuned";
    const wanted = chunkSchema(dims, lexical);
    const make = async (table: lancedb.Table) => {
      const store = new ChunkStore(db, table, dims, lexical, {
        headingBoost: opts.headingBoost ?? 0.1,
        vectorIndexMinRows: opts.vectorIndexMinRows ?? VECTOR_INDEX_MIN_ROWS,
        flatSearchMaxRows: opts.flatSearchMaxRows ?? FLAT_SEARCH_MAX_ROWS,
        versionGraceMs: opts.versionGraceMs ?? VERSION_GRACE_MS,
      });
      store.ftsReady = await store.hasFtsIndex();
      store.unindexedRows = await store.countUnindexed();
      store.vectorTrainedRows = await store.readVectorIndex();
      // Rows without an index: a stop between a write and the first maintenance, a backup taken then, or a
      // table from a version with fewer indexes. Built now: without the full-text index search finds nothing,
      // and rows past flatSearchMaxRows stay out of full-text search until they are indexed.
      const behind = store.skipsUnindexed || (await store.missingIndexes()).length > 0;
      if (!opts.readOnly && (await table.countRows()) > 0 && behind) await store.maintain();
      return store;
    };
    const name = opts.table ?? CHUNKS_TABLE;
    if (!opts.readOnly && !opts.keepOtherTables)
      // Tables of an embedding switch that was interrupted, or that another table has since replaced.
      for (const other of (await db.tableNames()).filter((t) => t !== name && t.startsWith(CHUNKS_TABLE)))
        await db.dropTable(other);
    let exists = (await db.tableNames()).includes(name);
    const tableDir = join(dir, `${name}.lance`);
    if (exists && !opts.readOnly && !hasCommittedVersion(tableDir)) {
      // A process killed while creating the table leaves its folder without a committed version
      // (no `_versions` folder, or one the first manifest never reached).
      // Nothing was ever written to it (a document is marked indexed only after its chunks are), so start it again.
      rmSync(tableDir, { recursive: true, force: true });
      exists = false;
    }
    if (opts.readOnly && !exists) throw new Error(`there is no index in ${dir} yet`);
    if (exists) {
      const table = await db.openTable(name);
      let same = sameColumns(await table.schema(), wanted);
      if (!same && !opts.reset && !opts.readOnly && lexical === "tuned" && (await hasTextCopy(table, wanted))) {
        // Tables written before this layout kept the passage a second time in `text`. Dropping the column is a metadata
        // change (the next compaction reclaims the bytes), so an upgrade keeps its index and its vectors.
        await table.dropColumns(["text"]);
        same = true;
      }
      if (same && !opts.reset) return { store: await make(table), recreated: false };
      if (opts.readOnly)
        throw new Error(`the index in ${dir} was built with other settings; the process that writes it rebuilds it`);
      table.close();
      await db.dropTable(name);
      return { store: await make(await db.createEmptyTable(name, wanted)), recreated: true };
    }
    return { store: await make(await db.createEmptyTable(name, wanted)), recreated: false };
  }

  /** Columns of {@link indexedColumns} that have no index yet (a new table, or one from an older version). */
  private async missingIndexes(): Promise<string[]> {
    const existing = new Set((await this.table.listIndices()).map((i) => i.columns.join(",")));
    return indexedColumns(this.lexical).filter((c) => !existing.has(c));
  }

  /** Rows the main full-text index does not cover yet (0 without one: then nothing is searched by it). */
  private async countUnindexed(): Promise<number> {
    const column = this.lexical === "baseline" ? "text" : "search_text";
    const index = (await this.table.listIndices()).find((i) => i.columns[0] === column);
    return index ? ((await this.table.indexStats(index.name))?.numUnindexedRows ?? 0) : 0;
  }

  private async hasFtsIndex(): Promise<boolean> {
    const columns = new Set((await this.table.listIndices()).map((i) => i.columns[0]));
    return this.lexical === "baseline"
      ? columns.has("text")
      : columns.has("search_text") && columns.has("heading_text");
  }

  /**
   * Writes a batch: removes every chunk of `deleteDocIds`, then appends
   * `records` in one `add`. One write per batch instead of one per document
   * matters: each LanceDB write makes a fragment and each delete a deletion
   * file, and per-document writes made a 5,183-document corpus take 300 s
   * to index instead of seconds.
   */
  async write(deleteDocIds: readonly string[], records: readonly ChunkRecord[]): Promise<void> {
    for (let i = 0; i < deleteDocIds.length; i += 500) {
      const ids = deleteDocIds
        .slice(i, i + 500)
        .map(sqlString)
        .join(", ");
      await this.table.delete(`doc_id IN (${ids})`);
    }
    // Added in slices: converting rows to Arrow is synchronous JavaScript, and one 17,000-row add held the
    // event loop for seconds. Slices let requests in between; maintain() compacts the extra fragments.
    const dropped = this.lexical === "baseline" ? ["search_text", "heading_text"] : ["text"];
    for (let i = 0; i < records.length; i += WRITE_SLICE) {
      const rows = records.slice(i, i + WRITE_SLICE).map((r) => {
        const row: Record<string, unknown> = { ...r };
        for (const column of dropped) delete row[column];
        return row;
      });
      await this.table.add(rows);
      this.unindexedRows += rows.length;
    }
  }

  /** Removes all chunks of a document, and of its articles when it is a ZIM archive (`<docId>.<entry>`). */
  async deleteDocument(docId: string): Promise<void> {
    await this.table.delete(`doc_id = ${sqlString(docId)} OR starts_with(doc_id, ${sqlString(`${docId}.`)})`);
  }

  /** Removes the chunks of a ZIM archive's articles at article positions ≥ `position` (stored in `spine_index`). */
  async deleteArchiveFrom(docId: string, position: number): Promise<void> {
    await this.table.delete(
      `starts_with(doc_id, ${sqlString(`${docId}.`)}) AND spine_index >= ${Math.trunc(position)}`,
    );
  }

  /** Number of chunks, optionally filtered. */
  async count(filter?: SearchFilter): Promise<number> {
    return this.read(() => this.table.countRows(filterToSql(filter)));
  }

  /**
   * Creates missing indexes once the table has rows, then compacts fragments,
   * updates indexes incrementally and prunes old versions with `optimize()` —
   * without it LanceDB tables bloat (LanceDB "Table.optimize" reference). Indexes: BM25
   * full-text on `search_text` and `heading_text` (English Snowball stemming,
   * stop words, lower-casing, ASCII folding, positions for phrase queries),
   * btree on `id` and `doc_id`, label-list on `tags`, bitmap on `collection`
   * and `format`, and the vector index from {@link VECTOR_INDEX_MIN_ROWS} rows.
   */
  async maintain(): Promise<void> {
    const rows = await this.table.countRows();
    if (rows === 0) return;
    for (const column of await this.missingIndexes())
      await this.table.createIndex(column, { config: (SCALAR_INDEXES[column] ?? ftsIndex(this.lexical))() });
    if (this.dims !== null) await this.maintainVectorIndex(rows);
    await this.table.optimize({ cleanupOlderThan: new Date(Date.now() - this.tuning.versionGraceMs) });
    this.ftsReady = true;
    // Writes and maintenance share one queue (WriteBatch), so every row written so far is indexed now.
    this.unindexedRows = 0;
  }

  /**
   * Creates the vector index once the table reaches {@link VECTOR_INDEX_MIN_ROWS}
   * and trains it again when the table has outgrown it. The name records the
   * rows it was trained on (`vector_ivf_<rows>`), which LanceDB's statistics do
   * not keep once `optimize()` adds new rows to it.
   */
  private async maintainVectorIndex(rows: number): Promise<void> {
    const plan = vectorIndexPlan(rows, this.vectorTrainedRows, this.tuning.vectorIndexMinRows);
    if (plan === "none" || plan === "keep") return;
    const old = (await this.table.listIndices()).find((i) => i.columns[0] === "vector");
    await this.table.createIndex("vector", { config: vectorIndexConfig(rows), name: `vector_ivf_${rows}` });
    if (old) await this.table.dropIndex(old.name);
    this.vectorTrainedRows = rows;
  }

  /** Rows the vector index was trained on, from its name; null when there is none. */
  private async readVectorIndex(): Promise<number | null> {
    const index = (await this.table.listIndices()).find((i) => i.columns[0] === "vector");
    const rows = index ? Number(/^vector_ivf_(\d+)$/.exec(index.name)?.[1]) : Number.NaN;
    return Number.isFinite(rows) ? rows : null;
  }

  /**
   * BM25 full-text search: the main field, with the heading boost added
   * ({@link withHeadingBoost}); scores as one boolean query over both fields would, at a fraction of its cost.
   * @returns up to `k` hits with `_score` (BM25, higher is better); none before the full-text index exists.
   */
  async searchBm25(query: ParsedQuery, k: number, filter?: SearchFilter): Promise<ChunkHit[]> {
    return this.boostedFullText(query, k, [...this.hitColumns, "_score"], filter);
  }

  /**
   * The main full-text query and, when the heading boost is on, the heading
   * query beside it, fused. `columns` must include `id` and `_score`.
   */
  private async boostedFullText<T extends { id: string; _score?: number }>(
    query: ParsedQuery,
    k: number,
    columns: string[],
    filter?: SearchFilter,
    keep = k,
  ): Promise<T[]> {
    const main = mainQuery(query, this.lexical);
    if (!this.ftsReady || !main) return [];
    const where = filterToSql(filter);
    const heading = this.tuning.headingBoost > 0 ? headingQuery(query, this.lexical) : null;
    if (!heading) return (await this.runFullText(main, k, columns, where)) as unknown as T[];
    let depth = mainDepth(k);
    let [hits, headingHits] = await Promise.all([
      this.runFullText(main, depth, columns, where),
      this.runFullText(heading, HEADING_BOOST_DEPTH, ["id", "_score"], where),
    ]);
    const boosts = new Map(headingHits.map((h) => [h.id, h._score ?? 0]));
    let missed = missedByMain(hits, depth, boosts, this.tuning.headingBoost, k);
    while (missed.length > MISSED_FETCH_MAX && depth < MAIN_DEPTH_MAX) {
      depth = Math.min(depth * 5, MAIN_DEPTH_MAX);
      hits = await this.runFullText(main, depth, columns, where);
      missed = missedByMain(hits, depth, boosts, this.tuning.headingBoost, k);
    }
    if (missed.length > 0) {
      const ids = `id IN (${missed.map(sqlString).join(", ")})`;
      hits.push(...(await this.runFullText(main, missed.length, columns, where ? `${where} AND ${ids}` : ids)));
    }
    return withHeadingBoost(hits as unknown as T[], boosts, this.tuning.headingBoost, keep);
  }

  /** Runs a full-text query: the top `k` hits' `columns`, filtered by the SQL predicate `where`. */
  private async runFullText(
    fts: lancedb.FullTextQuery,
    k: number,
    columns: string[],
    where: string | undefined,
  ): Promise<ChunkHit[]> {
    let q = this.table.query().fullTextSearch(fts).select(columns).limit(k);
    if (where) q = q.where(where);
    if (this.skipsUnindexed) q = q.fastSearch();
    return normaliseRows(await this.read(() => q.toArray()));
  }

  /**
   * Section search: chunks whose book title, heading path or list titles
   * (`heading_text`) hold every word of `required`, ranked by BM25 on those
   * headings with `optional` words as should-matches, so "hypothermia" +
   * "treat" ranks "Hypothermia › Treatment" first. Finds the section a
   * question names even when its text never repeats the topic (a list of
   * tinders under "Tinder:", steps under "Treatment").
   * @returns up to `k` hits with `_score`; none before the full-text index exists or in baseline mode.
   */
  async searchSections(required: string, optional: string, k: number, filter?: SearchFilter): Promise<ChunkHit[]> {
    if (!this.ftsReady || this.lexical === "baseline" || !required.trim()) return [];
    const clauses: Array<[lancedb.Occur, lancedb.FullTextQuery]> = [
      [lancedb.Occur.Must, new lancedb.MatchQuery(required, "heading_text", { operator: lancedb.Operator.And })],
    ];
    if (optional.trim()) clauses.push([lancedb.Occur.Should, new lancedb.MatchQuery(optional, "heading_text")]);
    return this.runFullText(new lancedb.BooleanQuery(clauses), k, [...this.hitColumns, "_score"], filterToSql(filter));
  }

  /**
   * Chunks of one document by position (`chunk_index`), in order; used to
   * fetch the chunk that holds a list's lead-in when only its continuation was retrieved.
   * @returns the chunks found (missing indexes are skipped).
   */
  async chunksAt(docId: string, indexes: readonly number[]): Promise<ChunkHit[]> {
    const wanted = indexes.filter((i) => Number.isInteger(i) && i >= 0);
    if (wanted.length === 0) return [];
    const rows = await this.read(() =>
      this.table
        .query()
        .where(`doc_id = ${sqlString(docId)} AND chunk_index IN (${wanted.join(", ")})`)
        .select(this.hitColumns)
        .toArray(),
    );
    return normaliseRows(rows).sort((a, b) => a.chunk_index - b.chunk_index);
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
  async sectionStarts(chapters: ReadonlyArray<{ docId: string; parent: string }>, limit: number): Promise<ChunkHit[]> {
    if (chapters.length === 0) return [];
    const under = chapters
      .map((c) => `(doc_id = ${sqlString(c.docId)} AND starts_with(heading_path, ${sqlString(`${c.parent} › `)}))`)
      .join(" OR ");
    const heads = (await this.read(() =>
      this.table.query().where(under).select(["id", "doc_id", "heading_path", "chunk_index"]).toArray(),
    )) as Array<{ id: string; doc_id: string; heading_path: string; chunk_index: number }>;
    heads.sort((a, b) => a.chunk_index - b.chunk_index);
    const key = (h: { doc_id: string; heading_path: string }) => `${h.doc_id}\u0000${h.heading_path}`;
    const firsts = heads.filter((h, i) => heads.findIndex((x) => key(x) === key(h)) === i).slice(0, limit);
    if (firsts.length === 0) return [];
    const rows = await this.read(() =>
      this.table
        .query()
        .where(`id IN (${firsts.map((h) => sqlString(h.id)).join(", ")})`)
        .select(this.hitColumns)
        .toArray(),
    );
    return normaliseRows(rows).sort((a, b) => a.chunk_index - b.chunk_index);
  }

  /**
   * Raw BM25 scores of the top `k` full-text hits, by chunk id (what hybrid fusion normalises).
   * @returns an empty map before the full-text index exists or for a query with nothing positive.
   */
  async bm25Scores(query: ParsedQuery, k: number, filter?: SearchFilter): Promise<Map<string, number>> {
    // Every re-scored hit keeps its boosted score: hybrid search's own full-text side ranks by the main
    // field alone, and its candidates must all find a score here.
    const keep = k + HEADING_RERANK_MARGIN;
    const rows = await this.boostedFullText<{ id: string; _score?: number }>(query, k, ["id", "_score"], filter, keep);
    return new Map(rows.map((r) => [r.id, r._score ?? 0]));
  }

  /**
   * The start of a cosine vector query: exact below
   * {@link VECTOR_INDEX_MIN_ROWS}, else through the IVF index with
   * {@link vectorProbes} partitions probed and the candidates re-scored exactly.
   */
  private nearest(vector: number[]): lancedb.VectorQuery {
    const q = this.table.query().nearestTo(vector).distanceType("cosine");
    if (this.vectorTrainedRows === null) return q;
    return q.nprobes(vectorProbes(this.vectorTrainedRows)).refineFactor(VECTOR_REFINE_FACTOR);
  }

  /**
   * Cosine vector search: exact on small tables, IVF-RQ with exact re-scoring
   * on large ones ({@link vectorIndexPlan}).
   * @returns up to `k` hits with `_distance` (cosine distance, lower is better).
   * @throws Error when the table has no vector column.
   */
  async searchVector(vector: number[], k: number, filter?: SearchFilter): Promise<ChunkHit[]> {
    if (this.dims === null) throw new Error("the chunks table has no vectors (no embedding model)");
    let q = this.nearest(vector)
      .select([...this.hitColumns, "_distance"])
      .limit(k);
    const where = filterToSql(filter);
    if (where) q = q.where(where);
    return normaliseRows(await this.read(() => q.toArray()));
  }

  /**
   * Hybrid search in one LanceDB query: the vector and full-text searches run
   * side by side (each `pool` deep, both filtered) and `reranker` fuses them
   * (`nearestTo(v).fullTextSearch(q).rerank(r)`). Rows carry their stored
   * vectors into the reranker so lexical hits get a true cosine. Falls back to
   * vector search alone when there is no full-text index yet or nothing
   * positive to match.
   * @returns up to `pool` hits, fused best first, with `_relevance_score`, `_bm25` and `_cosine`.
   * @throws Error when the table has no vector column.
   */
  async searchHybrid(
    query: ParsedQuery,
    vector: number[],
    pool: number,
    reranker: lancedb.rerankers.Reranker,
    filter?: SearchFilter,
  ): Promise<ChunkHit[]> {
    if (this.dims === null) throw new Error("the chunks table has no vectors (no embedding model)");
    const fts = mainQuery(query, this.lexical);
    if (!this.ftsReady || !fts) {
      const hits = await this.searchVector(vector, pool, filter);
      return hits.map((h) => ({
        ...h,
        _relevance_score: 1 - (h._distance ?? 1),
        _bm25: null,
        _cosine: 1 - (h._distance ?? 1),
      }));
    }
    let q = this.nearest(vector)
      .fullTextSearch(fts)
      .select([...this.hitColumns, "vector"])
      .rerank(reranker)
      .limit(pool);
    const where = filterToSql(filter);
    if (where) q = q.where(where);
    // Only with a vector index: fastSearch would skip every row of a table that vector search scans exactly.
    if (this.skipsUnindexed && this.vectorTrainedRows !== null) q = q.fastSearch();
    return normaliseRows(await this.read(() => q.toArray()));
  }

  /**
   * Runs a read; when it fails (a data file removed under it, a transient I/O
   * error), moves to the table's latest version and tries once more.
   * @throws StorageError when the retry fails too.
   */
  private async read<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (first) {
      try {
        await this.table.checkoutLatest();
        return await run();
      } catch {
        throw new StorageError(first as Error);
      }
    }
  }

  /**
   * Every chunk, in batches of plain rows without the vector column, for
   * re-embedding into another table. Streams the table once (LanceDB queries
   * are async iterables of Arrow record batches).
   */
  async *scanRows(): AsyncGenerator<ChunkRecord[]> {
    const schema = await this.table.schema();
    const columns = schema.fields.map((f) => f.name).filter((n) => n !== "vector");
    for await (const batch of this.table.query().select(columns)) {
      yield batch.toArray().map((row: { toJSON(): Record<string, unknown> }) => {
        const plain = row.toJSON();
        // List columns come back as Arrow vectors; LanceDB's add wants arrays.
        for (const [k, v] of Object.entries(plain))
          if (v && typeof v === "object" && "toArray" in v) plain[k] = [...(v as unknown as Iterable<unknown>)];
        const record = plain as unknown as ChunkRecord;
        // The tuned layout keeps the passage only inside search_text.
        if (typeof record.text !== "string") record.text = textOfSearchText(record.search_text, record);
        return record;
      });
    }
  }

  /**
   * Swaps in `next`'s table (a re-embedded copy with its indexes built): from
   * the next query on, this store searches it. Synchronous, so no query sees
   * half a swap; queries already running on the old table finish on it. The
   * old table is dropped {@link ADOPT_GRACE_MS} later (or at the next start:
   * {@link open} drops tables other than the active one). `next` must not be used or closed afterwards.
   */
  adopt(next: ChunkStore): void {
    const old = { db: this.db, table: this.table };
    this.db = next.db;
    this.table = next.table;
    this.vectorDims = next.vectorDims;
    this.ftsReady = next.ftsReady;
    this.unindexedRows = next.unindexedRows;
    this.vectorTrainedRows = next.vectorTrainedRows;
    // Queries in flight keep the old handles a moment longer; then the old table's files go.
    const oldName = old.table.name;
    setTimeout(() => {
      old.table.close();
      void old.db
        .dropTable(oldName)
        .catch(() => {}) // The next start drops it instead (see open).
        .finally(() => old.db.close());
    }, ADOPT_GRACE_MS).unref();
  }

  /** Closes the connection. */
  close(): void {
    this.table.close();
    this.db.close();
  }
}

/**
 * Scalar indexes, by column: btree on `id` (the heading boost's threshold fetch,
 * neighbour lookups) and `doc_id`, label-list on `tags`, bitmap on `collection`
 * and `format`. Factories, because `createIndex` consumes an `Index`.
 */
const SCALAR_INDEXES: Record<string, () => lancedb.Index> = {
  id: () => lancedb.Index.btree(),
  doc_id: () => lancedb.Index.btree(),
  tags: () => lancedb.Index.labelList(),
  collection: () => lancedb.Index.bitmap(),
  format: () => lancedb.Index.bitmap(),
};

/** The full-text index of a profile: LanceDB's defaults for `baseline`, else English stemming, stop words, folding and positions. */
function ftsIndex(lexical: LexicalProfile): () => lancedb.Index {
  if (lexical === "baseline") return () => lancedb.Index.fts();
  return () =>
    lancedb.Index.fts({
      baseTokenizer: "simple",
      language: "English",
      stem: true,
      removeStopWords: true,
      lowercase: true,
      asciiFolding: true,
      withPosition: true,
    });
}

/** Every column maintenance indexes (the vector index aside): the full-text ones, then the scalar ones. */
function indexedColumns(lexical: LexicalProfile): string[] {
  return [...textColumns(lexical), ...Object.keys(SCALAR_INDEXES)];
}

/** Whether `schema` has exactly the `wanted` columns, with the same types. */
function sameColumns(schema: Schema, wanted: Schema): boolean {
  return (
    schema.fields.length === wanted.fields.length &&
    wanted.fields.every((f) => {
      const have = schema.fields.find((g) => g.name === f.name);
      return have !== undefined && String(have.type) === String(f.type);
    })
  );
}

/** Whether the table is `wanted` plus the old layout's `text` column. */
async function hasTextCopy(table: lancedb.Table, wanted: Schema): Promise<boolean> {
  const schema = await table.schema();
  const rest = schema.fields.filter((f) => f.name !== "text");
  return rest.length === schema.fields.length - 1 && sameColumns(new Schema(rest), wanted);
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
    if (typeof row.search_text === "string") {
      hit.text = textOfSearchText(row.search_text, hit);
      delete (hit as { search_text?: string }).search_text;
    }
    return hit;
  });
}
