import * as lancedb from "@lancedb/lancedb";
import { StorageError } from "../errors.js";
import type { LexicalProfile } from "./schema.js";
import { lanceSession } from "./session.js";

/**
 * Rows written since the last index maintenance above which full-text search
 * leaves them out (LanceDB `fastSearch`) until maintenance indexes them.
 * LanceDB searches unindexed rows by tokenizing them at query time: with the
 * 2,000 rows of three new shelves waiting, BM25 p95 went from 25 to 60–90 ms
 * on 2 cores for the second or so until the index caught up, and a long
 * ingest (maintained every 15 s or more) kept tens of thousands waiting. A
 * book or two (up to this many chunks) is found at once; more is found once
 * indexed, at most one maintenance pass later.
 */
export const FLAT_SEARCH_MAX_ROWS = 1_000;

/**
 * Old table versions are pruned only once they are this old, ms. A search
 * holds the version it started on; pruning it sooner deleted data files under
 * live searches ("lance error: Not found") while the library re-indexed.
 * Longer than any query, and short enough that the disk is reclaimed soon.
 */
export const VERSION_GRACE_MS = 5 * 60_000;

/** How long queries in flight keep a table's old handles once they are swapped out, ms: longer than any query. */
export const OLD_HANDLES_GRACE_MS = 30_000;

/**
 * Closes a connection and table that were swapped out, {@link OLD_HANDLES_GRACE_MS}
 * later, so queries already running on them finish; `before` runs first (a table to drop).
 */
export function retireLater(
  old: { db: lancedb.Connection; table: lancedb.Table },
  before: () => Promise<unknown> = async () => {},
): void {
  setTimeout(() => {
    old.table.close();
    void before()
      .catch(() => {})
      .finally(() => old.db.close());
  }, OLD_HANDLES_GRACE_MS).unref();
}

/** Tuning of a chunks table that the store's maintenance and searches read. */
export interface TableTuning {
  /** Chunks from which vector search goes through an IVF index. */
  vectorIndexMinRows: number;
  /** Unindexed rows above which full-text search leaves them out until maintained. */
  flatSearchMaxRows: number;
  /** How old a table version must be before maintenance prunes it, ms. */
  versionGraceMs: number;
}

/**
 * The open chunks table and what the store knows about its indexes: the
 * state that the table lifecycle (`chunk-store.ts`), maintenance
 * (`maintenance.ts`) and searches (`queries.ts`) share. `adopt` swaps the
 * connection and table of one handle, so every part sees the swap at once.
 */
export interface ChunkTable {
  db: lancedb.Connection;
  /** The connection's caches ({@link lanceSession}). */
  session: lancedb.Session;
  /** The LanceDB folder, and the index cache's size (MiB, 0 = auto), for {@link reopenTable}. */
  readonly dir: string;
  readonly indexCacheMb: number;
  table: lancedb.Table;
  /** Vector dimensions, or null for a lexical-only table. */
  dims: number | null;
  readonly lexical: LexicalProfile;
  /** The columns a hit reads ({@link hitColumns}). */
  readonly hitColumns: string[];
  /** Whether the full-text indexes exist (searches find nothing before). */
  ftsReady: boolean;
  /** Rows added since the full-text index last covered the table (this process's writes, or counted on open). */
  unindexedRows: number;
  /** Rows the IVF vector index was trained on, or null while search is exact. */
  vectorTrainedRows: number | null;
  readonly tuning: TableTuning;
}

/** Whether full-text search leaves out the rows written since the last maintenance (`flatSearchMaxRows`). */
export function skipsUnindexed(t: ChunkTable): boolean {
  return t.unindexedRows > t.tuning.flatSearchMaxRows;
}

/**
 * Runs a read; when it fails (a data file removed under it, a transient I/O
 * error), moves to the table's latest version and tries once more.
 * @throws StorageError when the retry fails too.
 */
export async function readTable<T>(t: ChunkTable, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (first) {
    try {
      await t.table.checkoutLatest();
      return await run();
    } catch {
      throw new StorageError(first as Error);
    }
  }
}

/**
 * Opens the table again on a fresh connection with a fresh session (empty
 * caches), and closes the old handles later ({@link retireLater}), so queries in flight
 * finish on them. Maintenance calls it after it rewrites the indexes: LanceDB
 * keeps the pages of replaced index files in the session's cache until the
 * cache is full (`indexCacheMb`, up to 1 GiB), and a server re-indexing nine
 * books a minute grew by about 11 MB a minute. The next searches read the
 * live index from the OS page cache again.
 * @returns false when the table could not be opened again: the old handles stay in use, as before.
 */
export async function reopenTable(t: ChunkTable): Promise<boolean> {
  const session = lanceSession(t.indexCacheMb);
  let db: lancedb.Connection;
  let table: lancedb.Table;
  try {
    db = await lancedb.connect(t.dir, { session });
    table = await db.openTable(t.table.name);
  } catch {
    return false;
  }
  retireLater({ db: t.db, table: t.table });
  Object.assign(t, { db, session, table });
  return true;
}
