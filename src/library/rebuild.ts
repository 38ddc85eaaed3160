import type { Logger } from "../log.js";
import type { ChunkStore } from "../store/chunk-store.js";
import type { Indexer } from "./indexer.js";

/** Where a rebuild of the index beside the old one stands, for `/status` and the status page. */
export interface IndexRebuildProgress {
  /** The index identity that built the table still serving, and the one being built. */
  from: string;
  to: string;
  state: "running" | "done";
  /** Documents done (indexed, failed or skipped into the new table) of `total`; filled in by `/status`. */
  done: number;
  total: number;
  startedAt: string;
  /** The new table's name. */
  table: string;
}

/**
 * The vector dimensions an index identity records (`model@768+chunker4` → 768;
 * `none+chunker4` → null), so the table it built can be opened as it is.
 */
export function identityDims(identity: string): number | null {
  const m = /^[^+]*@(\d+)\+/.exec(identity);
  return m ? Number(m[1]) : null;
}

/** The embedding part of an identity (`model@768`, or `none`): when it changed, the old table's vectors mean nothing to the new model. */
export function embeddingPart(identity: string): string {
  return identity.split("+")[0] ?? identity;
}

/**
 * Swaps a rebuilt table in once the indexer has been through every document:
 * after each `idle`, when no document is pending or indexing and the library
 * folder is available, indexing pauses after its current file, `live`
 * adopts `target` (one synchronous step; queries in flight finish on the old
 * table, which is dropped a little later), the indexer writes to `live`
 * again, and `commit` records the new identity and table. Until then `live`
 * keeps serving the old table; a crash before the swap leaves the old
 * identity in place, so the next start rebuilds again.
 * @returns a promise that resolves once swapped.
 */
export function swapWhenRebuilt(opts: {
  indexer: Indexer;
  live: ChunkStore;
  target: ChunkStore;
  progress: IndexRebuildProgress;
  commit: () => void;
  log: Logger;
}): Promise<void> {
  const { indexer, progress } = opts;
  return new Promise((resolve) => {
    let swapping = false;
    const check = async () => {
      if (swapping || progress.state === "done") return;
      const counts = indexer.countsByStatus();
      if (counts.pending + counts.indexing > 0 || !indexer.getAvailability().available) return;
      swapping = true;
      const resume = await indexer.pause();
      try {
        opts.live.adopt(opts.target);
        indexer.useStore(opts.live);
        opts.commit();
        progress.state = "done";
        indexer.off("idle", onIdle);
        opts.log.info({ from: progress.from, to: progress.to, table: progress.table }, "rebuilt index swapped in");
        resolve();
      } finally {
        swapping = false;
        resume();
      }
    };
    const onIdle = () => void check();
    indexer.on("idle", onIdle);
  });
}
