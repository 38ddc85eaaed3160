import { type ChunkRecord, type ChunkStore, passageText } from "../index/chunk-store.js";
import type { Embedder } from "../models/embedder.js";

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
