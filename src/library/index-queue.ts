import PQueue from "p-queue";
import type { Logger } from "../log.js";
import { type DiskGuard, isDiskFull } from "./disk.js";
import type { IndexAction } from "./indexer-types.js";
import type { WriteBatch } from "./write-batch.js";

/** What the queue runs and whom it tells. */
export interface IndexQueueOptions {
  /** Pauses the queue on a full disk or below the free-space floor; null: never pause. */
  disk: DiskGuard | null;
  /** The batched writes, finished whenever the queue runs empty. */
  writes: WriteBatch;
  log: Logger;
  /** Does one path's work; a disk-full error defers the path, any other is logged and the queue goes on. */
  run: (path: string, action: IndexAction) => Promise<void>;
  /** Called after each path, whatever its outcome. */
  done: () => void;
  /** Called when the queue ran empty and the writes are finished. */
  idle: () => void;
}

/**
 * The indexer's work queue: one path at a time, duplicates collapsed (the
 * last action asked for wins), work held back while the disk is full and
 * run again when the {@link DiskGuard} resumes, and I/O errors retried with
 * a backoff.
 */
export class IndexQueue {
  private readonly queue = new PQueue({ concurrency: 1 });
  private readonly pending = new Map<string, IndexAction>();
  /** Work held back while the disk is full, run again when the {@link DiskGuard} resumes. */
  private readonly deferred = new Map<string, IndexAction>();
  /** Consecutive I/O failures per path, for the retry backoff. */
  private readonly ioFailures = new Map<string, number>();
  private readonly ioRetryTimers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly opts: IndexQueueOptions) {
    opts.disk?.on("resume", () => this.resumeDeferred());
    opts.disk?.on("change", (d) => {
      if (d.paused)
        opts.log.error({ reason: d.reason, deferred: this.deferred.size }, "indexing paused for disk space");
    });
    this.queue.on("idle", () => {
      void opts.writes.finish().then(() => opts.idle());
    });
  }

  /** Library-relative paths waiting in the queue, in queue order. */
  paths(): string[] {
    return [...this.pending.keys()];
  }

  /** How many paths wait in the queue. */
  get size(): number {
    return this.pending.size;
  }

  /** True while paths wait, run or wait for disk space, or writes are pending. */
  get busy(): boolean {
    return this.pending.size > 0 || this.deferred.size > 0 || this.queue.pending > 0 || this.opts.writes.busy;
  }

  /** Queues one library-relative path; a path already queued keeps its place and takes the new action. */
  enqueue(path: string, action: IndexAction = "index"): void {
    if (this.closed) return;
    const had = this.pending.has(path);
    this.pending.set(path, action);
    if (had) return;
    void this.queue.add(async () => {
      const todo = this.pending.get(path) ?? "index";
      this.pending.delete(path);
      try {
        if (await this.opts.disk?.blocked()) this.deferred.set(path, todo);
        else await this.opts.run(path, todo);
      } catch (err) {
        if (isDiskFull(err)) this.diskFull([path], todo);
        else this.opts.log.error({ path, err: (err as Error).message }, "indexing failed unexpectedly");
      }
      this.opts.done();
    });
  }

  /** A write ran out of space: pause, and keep the paths for when there is room again. */
  diskFull(paths: string[], todo: IndexAction = "index"): void {
    for (const p of paths) this.deferred.set(p, todo);
    this.opts.disk?.trip();
  }

  /** Space is back: queue what waited, and the maintenance a full disk cut short. */
  private resumeDeferred(): void {
    if (this.closed) return;
    this.opts.log.info({ files: this.deferred.size }, "disk space is back; indexing resumes");
    const work = [...this.deferred];
    this.deferred.clear();
    this.opts.writes.spaceBack();
    for (const [path, todo] of work) this.enqueue(path, todo);
    if (work.length === 0) void this.opts.writes.finish();
  }

  /** Retries a path after an I/O error: 30 s, 1, 2, 4 … minutes, at most 30. */
  retryAfterIoError(path: string): void {
    const n = (this.ioFailures.get(path) ?? 0) + 1;
    this.ioFailures.set(path, n);
    if (this.closed) return;
    const t = setTimeout(
      () => {
        this.ioRetryTimers.delete(t);
        if (this.ioFailures.has(path)) this.enqueue(path);
      },
      Math.min(30_000 * 2 ** (n - 1), 30 * 60_000),
    );
    t.unref();
    this.ioRetryTimers.add(t);
  }

  /** The path was read (or removed): its I/O backoff starts over, and a pending retry does nothing. */
  forgetIoFailure(path: string): void {
    this.ioFailures.delete(path);
  }

  /**
   * Stops taking work: no path starts after the one running now.
   * @returns start: runs the queue again.
   */
  async pause(): Promise<() => void> {
    this.queue.pause();
    await this.queue.onPendingZero();
    await this.opts.writes.finish();
    return () => this.queue.start();
  }

  /** Resolves when the queue is empty and the post-batch maintenance is done. */
  async drain(): Promise<void> {
    do {
      await this.queue.onIdle();
      await this.opts.writes.finish();
    } while (this.queue.size + this.queue.pending > 0 || this.opts.writes.busy);
  }

  /** Empties the queue and clears the retry timers; nothing is queued from now on. The path running goes on. */
  stop(): void {
    this.closed = true;
    for (const t of this.ioRetryTimers) clearTimeout(t);
    this.queue.clear();
    this.pending.clear();
  }

  /** Resolves once the path running (if any) is done. */
  onIdle(): Promise<void> {
    return this.queue.onIdle();
  }
}
