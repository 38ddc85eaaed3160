import type { Logger } from "../log.js";
import type { Embedder } from "../models/embedder.js";
import { type ChunkRecord, type ChunkStore, passageText } from "../store/chunk-store.js";
import type { Indexer } from "./indexer.js";

/** Where an embedding switch stands, for `/status` and the status page. */
export interface EmbeddingSwitchProgress {
  /** The embedding model being switched to (its id). */
  model: string;
  state: "running" | "done" | "failed";
  /** Chunks re-embedded so far, of `total`. */
  done: number;
  total: number;
  /** Chunks a second since the start, and seconds left at that rate; null until measured. */
  chunksPerS: number | null;
  etaSeconds: number | null;
  startedAt: string;
  /** Why it failed (state `failed`). */
  error?: string;
}

/** Chunks embedded per write into the new table. */
const BATCH = 256;

/**
 * Copies every chunk of `source` into `target` (an empty table with the new
 * model's dimensions) with a vector from `embedder`, then builds `target`'s
 * indexes. The text embedded is {@link passageText}, as at ingest; chunk
 * boundaries stay as they are. `source` keeps serving searches throughout.
 * @param onProgress - chunks done of the total, after each write.
 * @throws Error from the embedder or LanceDB; `target` is then incomplete and must be dropped.
 */
export async function reembedChunks(
  source: ChunkStore,
  target: ChunkStore,
  embedder: Embedder,
  onProgress: (done: number, total: number) => void,
): Promise<void> {
  const total = await source.count();
  let done = 0;
  onProgress(0, total);
  let pending: ChunkRecord[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const vectors = await embedder.embedMany(pending.map(passageText), "document");
    await target.write(
      [],
      pending.map((r, i) => ({ ...r, vector: vectors[i] as number[] })),
    );
    done += pending.length;
    pending = [];
    onProgress(done, total);
  };
  for await (const rows of source.scanRows()) {
    pending.push(...rows);
    if (pending.length >= BATCH) await flush();
  }
  await flush();
  await target.maintain();
}

/**
 * Runs an embedding switch to its end: pauses indexing after its current
 * file, re-embeds every chunk of `live` into the table `openTarget` makes
 * ({@link reembedChunks}), then swaps: `live` adopts the new table and
 * `commit` (synchronous, in the same step) makes the new embedder current and
 * records the choice, so no query sees the new table with the old model.
 * Progress goes into `progress` as it runs. On failure the old model and
 * table stay, the new table is closed (dropped at the next start) and the
 * new embedder is freed; it never rejects.
 */
export async function switchEmbeddings(opts: {
  live: ChunkStore;
  indexer: Pick<Indexer, "pause">;
  embedder: Embedder;
  progress: EmbeddingSwitchProgress;
  startedMs: number;
  openTarget: () => Promise<ChunkStore>;
  commit: () => void;
  log: Logger;
}): Promise<void> {
  const { progress, embedder } = opts;
  const resume = await opts.indexer.pause();
  let next: ChunkStore | null = null;
  try {
    next = await opts.openTarget();
    await reembedChunks(opts.live, next, embedder, (n, total) => {
      const seconds = (Date.now() - opts.startedMs) / 1000;
      progress.done = n;
      progress.total = total;
      progress.chunksPerS = n > 0 && seconds > 0 ? Math.round((n / seconds) * 10) / 10 : null;
      progress.etaSeconds = progress.chunksPerS ? Math.ceil((total - n) / progress.chunksPerS) : null;
    });
    opts.live.adopt(next);
    opts.commit();
    progress.state = "done";
    progress.etaSeconds = 0;
    opts.log.info(
      { model: embedder.entry.id, chunks: progress.total, table: opts.live.tableName },
      "embedding model switched",
    );
  } catch (err) {
    progress.state = "failed";
    progress.error = (err as Error).message;
    opts.log.error({ model: embedder.entry.id, err: progress.error }, "embedding switch failed; the old model stays");
    next?.close();
    await embedder.dispose().catch(() => {});
  } finally {
    resume();
  }
}
