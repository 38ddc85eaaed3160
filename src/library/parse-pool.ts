import { Piscina } from "piscina";
import type { FileOutcome, FileTask } from "./pipeline.js";

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
    try {
      return (await this.pool.run(task, { signal: AbortSignal.timeout(this.opts.timeoutMs) })) as FileOutcome;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      let reason: string;
      if (e.name === "AbortError" || e.name === "TimeoutError")
        reason = `parsing took longer than ${Math.round(this.opts.timeoutMs / 1000)} s and was stopped (parseTimeoutMs)`;
      else if (e.code === "ERR_WORKER_OUT_OF_MEMORY")
        reason = `parsing needed more than the ${this.opts.heapMb} MB memory limit and was stopped (parseHeapMb)`;
      else reason = `the parser crashed: ${e.message}`;
      return { kind: "failed", reason, hash: null };
    }
  }

  /** Stops every worker; a file being parsed is abandoned. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
