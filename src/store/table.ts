import type * as lancedb from "@lancedb/lancedb";
import { StorageError } from "../errors.js";
import type { LexicalProfile } from "./schema.js";

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
