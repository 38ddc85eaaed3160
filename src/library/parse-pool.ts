import { Piscina } from "piscina";
import type { FileOutcome, FileTask } from "./pipeline.js";
import type { ZimBatchOutcome, ZimBatchTask } from "./zim-batch.js";

/** Parse worker settings (config keys `parseWorkers`, `parseHeapMb`, `parseTimeoutMs`). */
export interface ParsePoolOptions {
  /** Worker threads; each parses one file at a time. Default 1. */
  workers: number;
  /** V8 old-generation heap limit per worker, MB. Default 512. */
  heapMb: number;
  /** Longest one file may take, ms. Default 120,000. */
  timeoutMs: number;
}

/**
 * Runs {@link readBookFile} in worker threads through piscina, so a hostile
 * file cannot block the server or take it down:
 * - each worker has a heap limit (`resourceLimits`), and a file that exceeds
 *   it kills only that worker;
 * - a file that takes longer than the timeout is aborted and its worker terminated;
 * - piscina starts a replacement worker for the next file.
 * Workers exit after 10 s idle, so an idle appliance holds no parser memory.
 *
 * Source: Node.js `worker_threads` `resourceLimits`; piscina `run(task, { signal })`.
 */
export class ParsePool {
  private readonly pool: Piscina;

  constructor(private readonly opts: ParsePoolOptions) {
    this.pool = new Piscina({
      filename: new URL("./parse-worker.js", import.meta.url).href,
      minThreads: 0,
      maxThreads: opts.workers,
      idleTimeout: 10_000,
      resourceLimits: { maxOldGenerationSizeMb: opts.heapMb, maxYoungGenerationSizeMb: 32 },
    });
  }

  /** Parses one file in a worker. Never throws: a crash or timeout is a `failed` outcome with the reason. */
  async run(task: FileTask): Promise<FileOutcome> {
    return this.inWorker<FileOutcome>(task, "default", (reason) => ({ kind: "failed", reason, hash: null }));
  }

  /** Reads one batch of a ZIM archive in a worker ({@link readZimBatch}), under the same limits. Never throws. */
  async runZim(task: ZimBatchTask): Promise<ZimBatchOutcome> {
    return this.inWorker<ZimBatchOutcome>(task, "zimBatch", (reason) => ({ kind: "failed", reason }));
  }

  private async inWorker<T>(task: FileTask | ZimBatchTask, name: string, failed: (reason: string) => T): Promise<T> {
    try {
      return (await this.pool.run(task, { name, signal: AbortSignal.timeout(this.opts.timeoutMs) })) as T;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      let reason: string;
      if (e.name === "AbortError" || e.name === "TimeoutError")
        reason = `parsing took longer than ${Math.round(this.opts.timeoutMs / 1000)} s and was stopped (parseTimeoutMs)`;
      else if (e.code === "ERR_WORKER_OUT_OF_MEMORY")
        reason = `parsing needed more than the ${this.opts.heapMb} MB memory limit and was stopped (parseHeapMb)`;
      else reason = `the parser crashed: ${e.message}`;
      return failed(reason);
    }
  }

  /** Stops every worker; a file being parsed is abandoned. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
