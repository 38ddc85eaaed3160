import { join } from "node:path";
import type { Config } from "../config.js";
import { type IndexRebuildProgress, identityDims } from "../library/rebuild.js";
import { getMeta, type StateDb } from "../state/db.js";
import { ACTIVE_TABLE_KEY, CHUNKS_TABLE, ChunkStore, LANCE_DIR, type LexicalProfile } from "../store/chunk-store.js";

/** The chunks tables {@link openIndexTables} opened, and why. */
export interface IndexTables {
  /** The index identity of the models and chunker now (`<model>@<dims>+chunker<N>`). */
  identity: string;
  /** The identity that built the index, or null for a new data folder. */
  previous: string | null;
  /** Whether the identity changed since the index was built. */
  changed: boolean;
  /** The table that serves. */
  store: ChunkStore;
  /** Whether `store` was dropped and recreated empty (its columns or dimensions did not fit). */
  recreated: boolean;
  /** The table an upgrade rebuilds beside the serving one, or null. */
  target: ChunkStore | null;
  /** The name of `target`'s table, or null. */
  rebuildTable: string | null;
}

/**
 * Opens the serving chunks table and, after an upgrade (another chunker
 * version or embedding model), a new table to rebuild beside it while the old
 * one serves. A reset, a table this version cannot read, or a read-only
 * process rebuilds nothing beside: the table is recreated in place (or, read-only, opened as it is).
 * @param dims - the embedding model's dimensions now, or null without one.
 * @throws what {@link ChunkStore.open} throws.
 */
export async function openIndexTables(
  config: Pick<Config, "dataDir" | "indexCacheMb">,
  db: StateDb,
  dims: number | null,
  identity: string,
  opts: { writable: boolean; reset: boolean; lexical: LexicalProfile },
): Promise<IndexTables> {
  const previous = getMeta(db, "index.embedding");
  const changed = previous !== null && previous !== identity;
  const lanceDir = join(config.dataDir, LANCE_DIR);
  const storeOptions = { readOnly: !opts.writable, lexical: opts.lexical, indexCacheMb: config.indexCacheMb };
  const beside = opts.writable && changed && !opts.reset && previous !== null;
  const { store, recreated } = await ChunkStore.open(lanceDir, beside && previous ? identityDims(previous) : dims, {
    ...storeOptions,
    table: getMeta(db, ACTIVE_TABLE_KEY) ?? CHUNKS_TABLE,
    reset: opts.reset || (changed && !beside),
  });
  // A table whose columns this version cannot read was dropped by open(): then there is nothing to serve meanwhile.
  const rebuildTable = beside && !recreated ? `${CHUNKS_TABLE}_${Date.now()}` : null;
  const target = rebuildTable
    ? (await ChunkStore.open(lanceDir, dims, { ...storeOptions, table: rebuildTable, keepOtherTables: true })).store
    : null;
  return { identity, previous, changed, store, recreated, target, rebuildTable };
}

/** The progress of a rebuild beside the old index, just started. */
export function rebuildProgress(from: string, to: string, table: string): IndexRebuildProgress {
  return { from, to, state: "running", done: 0, total: 0, startedAt: new Date().toISOString(), table };
}
