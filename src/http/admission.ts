import { availableParallelism } from "node:os";
import type { MiddlewareHandler } from "hono";
import PQueue from "p-queue";
import type { Config } from "../config.js";
import { openAiError } from "./errors.js";

/** How many requests run at once, how many may wait, and for how long (ms). */
export interface AdmissionLimits {
  inFlight: number;
  queued: number;
  waitMs: number;
}

/**
 * The limits a config sets: `maxInFlightRequests` (0 → max(4, 2 × cores), so
 * a 4-core Pi runs 8 searches side by side and no core idles while another
 * waits on LanceDB I/O), `maxQueuedRequests` and `maxQueueWaitMs`.
 */
export function admissionLimitsOf(
  c: Pick<Config, "maxInFlightRequests" | "maxQueuedRequests" | "maxQueueWaitMs">,
): AdmissionLimits {
  const inFlight = c.maxInFlightRequests || Math.max(4, 2 * availableParallelism());
  return { inFlight, queued: c.maxQueuedRequests, waitMs: c.maxQueueWaitMs };
}

/**
 * A bounded number of requests in flight and a bounded, time-limited queue in
 * front of them (on p-queue). Past either bound a request is shed at once
 * rather than left to pile up: under overload every answer then comes within
 * `waitMs` plus one request's own time, and memory stays flat.
 */
export class Admission {
  private readonly queue: PQueue;
  /** Requests shed since start (queue full or waited too long). */
  shed = 0;

  constructor(private readonly limits: AdmissionLimits) {
    this.queue = new PQueue({ concurrency: limits.inFlight });
  }

  /** Requests running now and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.queue.pending, waiting: this.queue.size };
  }

  /**
   * Runs `work` once a slot is free.
   * @returns `work`'s result, or `null` when the request was shed: the queue
   *   already held `queued` requests, or no slot freed within `waitMs`.
   *   Errors thrown by `work` pass through.
   */
  async admitted<T>(work: () => Promise<T>): Promise<T | null> {
    if (this.queue.pending >= this.limits.inFlight && this.queue.size >= this.limits.queued) {
      this.shed++;
      return null;
    }
    // The signal only ever aborts a request still waiting: the timer is cleared when it starts.
    const waiting = new AbortController();
    const timer = setTimeout(() => waiting.abort(), this.limits.waitMs);
    let started = false;
    try {
      return await this.queue.add(
        () => {
          started = true;
          clearTimeout(timer);
          return work();
        },
        { signal: waiting.signal },
      );
    } catch (err) {
      if (!started && waiting.signal.aborted) {
        this.shed++;
        return null;
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Paths never queued behind searches: the health check, the status page and
 * its JSON (an operator must see why the box is busy), static files, sign-in
 * and first set-up, and long-lived event streams, which would hold a slot for
 * minutes.
 */
function exempt(method: string, path: string): boolean {
  if (method !== "GET" && method !== "HEAD") return true;
  if (path === "/health" || path === "/status" || path.startsWith("/status/")) return true;
  if (path.startsWith("/assets/") || path.startsWith("/icons/")) return true;
  if (path === "/sw.js" || path === "/manifest.webmanifest" || path === "/favicon.ico") return true;
  if (path === "/login" || path === "/setup" || path === "/library/events") return true;
  return path.endsWith("/stream");
}

/**
 * Hono middleware putting searches and pages through an {@link Admission}.
 * A shed request gets 503 with `Retry-After: 1`: JSON
 * (`{"error": {"message": "Almanac is busy; retry in a second", "type": "server_busy"}}`)
 * for `/api/*` and `/v1/*`, a short page otherwise.
 */
export function admissionControl(admission: Admission): MiddlewareHandler {
  return async (c, next) => {
    if (exempt(c.req.method, c.req.path)) return next();
    const ran = await admission.admitted(async () => {
      await next();
      return true;
    });
    if (ran) return;
    c.header("retry-after", "1");
    const message = "Almanac is busy; retry in a second";
    if (c.req.path.startsWith("/api/") || c.req.path.startsWith("/v1/"))
      return openAiError(c, 503, message, "server_busy");
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Busy — Almanac</title><link rel="stylesheet" href="/assets/app.css"></head><body><main id="content"><h1>Busy</h1><p>${message}. <a href="">Try again</a>.</p></main></body></html>`,
      503,
    );
  };
}
