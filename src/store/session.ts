import { totalmem } from "node:os";
import * as lancedb from "@lancedb/lancedb";

/** The index cache when no size is set: a sixteenth of the machine's memory, 128 MiB to 1 GiB. */
export function autoIndexCacheBytes(memoryBytes = totalmem()): number {
  return Math.min(2 ** 30, Math.max(128 * 2 ** 20, Math.round(memoryBytes / 16)));
}

const METADATA_CACHE_BYTES = 64 * 2 ** 20;

/**
 * The LanceDB session a chunk store connects with: its index cache (posting
 * lists, btree pages) of `indexCacheMb` MiB, or {@link autoIndexCacheBytes}
 * for 0, and a 64 MiB file-metadata cache. LanceDB's defaults (6 GB and 1 GB)
 * let a 400,000-chunk ZIM ingest reach 1 GB RSS. With 128 MiB, BM25 at 1M
 * chunks had a p50 of 174 ms against 62 ms with 1 GiB, since the full-text
 * index outgrows it; a small library never fills even 128 MiB. (Pages of
 * index files that maintenance replaced would stay until evicted; maintenance
 * opens a fresh session instead: `reopenTable` in table.ts.)
 * Source: LanceDB `Session` (index_cache_size_bytes, metadata_cache_size_bytes).
 * @param indexCacheMb - MiB; 0 (default) picks {@link autoIndexCacheBytes}.
 */
export function lanceSession(indexCacheMb = 0): lancedb.Session {
  const index = indexCacheMb > 0 ? indexCacheMb * 2 ** 20 : autoIndexCacheBytes();
  return new lancedb.Session(BigInt(index), BigInt(METADATA_CACHE_BYTES));
}
