import type * as lancedb from "@lancedb/lancedb";
import { StorageError } from "../errors.js";
import type { LexicalProfile } from "./schema.js";

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
