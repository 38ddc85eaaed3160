import "./lance-log.js";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { deleteWhere, maintainTable, missingIndexes, readIndexState, writeChunks } from "./maintenance.js";
import { chunksAt, fullText, scanRows, searchHybrid, searchVector, sectionStarts } from "./queries.js";
import {
  CHUNKS_TABLE,
  type ChunkHit,
  type ChunkRecord,
  chunkSchema,
  hasTextCopy,
  hitColumns,
  type LexicalProfile,
  sameColumns,
} from "./schema.js";
import { lanceSession } from "./session.js";
import { sqlString } from "./sql.js";
import {
  type ChunkTable,
  FLAT_SEARCH_MAX_ROWS,
  readTable,
  retireLater,
  skipsUnindexed,
  VERSION_GRACE_MS,
} from "./table.js";
import { VECTOR_INDEX_MIN_ROWS } from "./vector-index.js";

export {
  ACTIVE_TABLE_KEY,
  CHUNKS_TABLE,
  type ChunkHit,
  type ChunkRecord,
  LANCE_DIR,
  type LexicalProfile,
  passageText,
} from "./schema.js";

/** Options for {@link ChunkStore.open}. */
export interface ChunkStoreOptions {
  /** Open an existing table for reading only: never create, drop or recreate it (a second process beside the server). */
  readOnly?: boolean;
  /** Drop and recreate the table (a different embedding model of the same size). */
  reset?: boolean;
  lexical?: LexicalProfile;
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
  /** LanceDB's index cache, MiB; 0 or none: {@link autoIndexCacheBytes} (`src/store/session.ts`). */
  indexCacheMb?: number;
}

/** Whether a Lance table folder holds a committed version: a manifest in its `_versions` folder. */
function hasCommittedVersion(tableDir: string): boolean {
  const versions = join(tableDir, "_versions");
  return existsSync(versions) && readdirSync(versions).some((f) => f.endsWith(".manifest"));
}

/**
 * The LanceDB chunks table: one table for the whole library, with tags,
 * collection and format columns for filtering (LanceDB "Metadata filtering"
 * guide), native BM25 full-text indexes and an optional vector column. This
 * class is the table's lifecycle (open, adopt, close); writes and maintenance
 * are in `maintenance.ts`, the search primitives in `queries.ts` and the
 * schema in `schema.ts`. It runs queries it is given and never builds them:
 * the query language is retrieval's (`retrieve/lexical.ts`).
 */
export class ChunkStore {
  private constructor(private readonly t: ChunkTable) {}

  #generation = 0;

  /** Moves on as a write, delete, maintenance or adopted table starts and ends: results from before are stale. */
  get generation(): number {
    return this.#generation;
  }

  private async changing(run: () => Promise<void>): Promise<void> {
    this.#generation++;
    try {
      await run();
    } finally {
      this.#generation++;
    }
  }

  /** Vector dimensions, or null for a lexical-only table; changes when {@link adopt} swaps in a re-embedded table. */
  get dims(): number | null {
    return this.t.dims;
  }

  /** The layout of the text columns, which decides the full-text queries that fit them. */
  get lexical(): LexicalProfile {
    return this.t.lexical;
  }

  /** The LanceDB table searched now (`chunks`, or the table an embedding switch built). */
  get tableName(): string {
    return this.t.table.name;
  }

  /** How old a table version must be before {@link ChunkStore.maintain} prunes it, ms. */
  get versionGraceMs(): number {
    return this.t.tuning.versionGraceMs;
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
    const session = lanceSession(opts.indexCacheMb);
    const db = await lancedb.connect(dir, { session });
    const lexical = opts.lexical ?? "tuned";
    const wanted = chunkSchema(dims, lexical);
    const make = async (table: lancedb.Table) => {
      const t: ChunkTable = {
        db,
        session,
        dir,
        indexCacheMb: opts.indexCacheMb ?? 0,
        table,
        dims,
        lexical,
        hitColumns: hitColumns(lexical),
        ftsReady: false,
        unindexedRows: 0,
        vectorTrainedRows: null,
        tuning: {
          vectorIndexMinRows: opts.vectorIndexMinRows ?? VECTOR_INDEX_MIN_ROWS,
          flatSearchMaxRows: opts.flatSearchMaxRows ?? FLAT_SEARCH_MAX_ROWS,
          versionGraceMs: opts.versionGraceMs ?? VERSION_GRACE_MS,
        },
      };
      Object.assign(t, await readIndexState(t));
      // Rows without an index: a stop between a write and the first maintenance, a backup taken then, or a
      // table from a version with fewer indexes. Built now: without the full-text index search finds nothing,
      // and rows past flatSearchMaxRows stay out of full-text search until they are indexed.
      const behind = skipsUnindexed(t) || (await missingIndexes(t)).length > 0;
      if (!opts.readOnly && (await table.countRows()) > 0 && behind) await maintainTable(t);
      return new ChunkStore(t);
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

  /** See {@link writeChunks}. */
  write(deleteDocIds: readonly string[], records: readonly ChunkRecord[]): Promise<void> {
    return this.changing(() => writeChunks(this.t, deleteDocIds, records));
  }

  /** Removes all chunks of a document, and of its articles when it is a ZIM archive (`<docId>.<entry>`). */
  deleteDocument(docId: string): Promise<void> {
    return this.changing(() =>
      deleteWhere(this.t, `doc_id = ${sqlString(docId)} OR starts_with(doc_id, ${sqlString(`${docId}.`)})`),
    );
  }

  /** Removes the chunks of a ZIM archive's articles at article positions ≥ `position` (stored in `spine_index`). */
  deleteArchiveFrom(docId: string, position: number): Promise<void> {
    return this.changing(() =>
      deleteWhere(this.t, `starts_with(doc_id, ${sqlString(`${docId}.`)}) AND spine_index >= ${Math.trunc(position)}`),
    );
  }

  /**
   * Number of chunks matching the SQL predicate `where` (`retrieve/filter.ts` builds one from a filter), or all.
   * @throws StorageError when the table cannot be read.
   */
  count(where?: string): Promise<number> {
    return readTable(this.t, () => this.t.table.countRows(where));
  }

  /** Bytes LanceDB's caches hold now (index pages and file metadata), as `/status` reports them. */
  cacheBytes(): number {
    return Number(this.t.session.sizeBytes());
  }

  /** See {@link maintainTable}; `graceMs` 0 prunes every old version (no other search can be on one). */
  maintain(graceMs?: number): Promise<void> {
    return this.changing(() => maintainTable(this.t, graceMs));
  }

  /** See {@link fullText}. */
  fullText(fts: lancedb.FullTextQuery, k: number, where?: string, scoresOnly = false): Promise<ChunkHit[]> {
    return fullText(this.t, fts, k, where, scoresOnly);
  }

  /** See {@link searchVector}. */
  searchVector(vector: number[], k: number, where?: string): Promise<ChunkHit[]> {
    return searchVector(this.t, vector, k, where);
  }

  /** See {@link searchHybrid}. */
  searchHybrid(
    fts: lancedb.FullTextQuery | null,
    vector: number[],
    pool: number,
    reranker: lancedb.rerankers.Reranker,
    where?: string,
  ): Promise<ChunkHit[]> {
    return searchHybrid(this.t, fts, vector, pool, reranker, where);
  }

  /** See {@link chunksAt}. */
  chunksAt(docId: string, indexes: readonly number[]): Promise<ChunkHit[]> {
    return chunksAt(this.t, docId, indexes);
  }

  /** See {@link sectionStarts}. */
  sectionStarts(chapters: ReadonlyArray<{ docId: string; parent: string }>, limit: number): Promise<ChunkHit[]> {
    return sectionStarts(this.t, chapters, limit);
  }

  /** See {@link scanRows}. */
  scanRows(): AsyncGenerator<ChunkRecord[]> {
    return scanRows(this.t);
  }

  /**
   * Swaps in `next`'s table (a re-embedded copy with its indexes built): from
   * the next query on, this store searches it. Synchronous, so no query sees
   * half a swap; queries already running on the old table finish on it. The
   * old table is dropped {@link OLD_HANDLES_GRACE_MS} later (or at the next start:
   * {@link open} drops tables other than the active one). `next` must not be used or closed afterwards.
   */
  adopt(next: ChunkStore): void {
    const t = this.t;
    const old = { db: t.db, table: t.table };
    const n = next.t;
    this.#generation++;
    Object.assign(t, {
      db: n.db,
      session: n.session,
      table: n.table,
      dims: n.dims,
      ftsReady: n.ftsReady,
      unindexedRows: n.unindexedRows,
      vectorTrainedRows: n.vectorTrainedRows,
    });
    // Queries in flight keep the old handles a moment longer; then the old table's files go (or, if that fails,
    // at the next start: see open).
    const oldName = old.table.name;
    retireLater(old, () => old.db.dropTable(oldName));
  }

  /** Closes the connection. */
  close(): void {
    this.t.table.close();
    this.t.db.close();
  }
}
