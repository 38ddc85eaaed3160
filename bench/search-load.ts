// Search under load over HTTP: `almanac serve` on the starter library in its own process, driven by autocannon
// at a fixed number of clients taking the queries in turn. Its LoadFigures shape is the peers comparison's too.

import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { spawnServe, stopServe, waitForStatus } from "./serve-process.js";

/** The starter library's bench queries: what a household asks. */
export const BENCH_QUERIES: readonly string[] = [
  "How do I purify water?",
  "start a fire with a bow drill",
  "treat a bleeding wound",
  "signal mirror rescue aircraft",
  "build a lean-to shelter",
  "find north without a compass",
  "which plants are edible",
  "tie a bowline knot",
  "hypothermia symptoms",
  "how to make a still for water",
];

/** Latency and throughput of one load run. */
export interface LoadFigures {
  /** Latency percentiles, ms. */
  p50: number;
  p97_5: number;
  /** Answered requests per second (2xx). */
  rps: number;
  /** Requests that were not 2xx (shed with 503, or failed). */
  non2xx: number;
}

/**
 * Sends GET `paths` in turn (cycled, one list for all clients) to `base`
 * from `connections` clients, each waiting for its answer before the next, for `seconds`.
 * Source: autocannon (https://github.com/mcollina/autocannon), `requests` and `connections`.
 */
export async function searchLoad(
  base: string,
  paths: readonly string[],
  connections: number,
  seconds: number,
): Promise<LoadFigures> {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    // One shared turn for all clients: each search goes to the next path, so clients do not ask in step.
    requests: [{ method: "GET" as const, setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
  });
  return {
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    rps: result.requests.average - result.non2xx / seconds,
    non2xx: result.non2xx,
  };
}

/** Words appended to the bench's queries to make hundreds of distinct ones that the result cache has not seen. */
const VARIANTS = ["how", "safe", "quick", "winter", "night", "child", "emergency", "simple", "best", "without"];

/**
 * `almanac serve` in its own process on a copy of the starter library with
 * no models, indexed: `env` adds settings. Resolves once indexing is idle.
 * @throws Error when it does not finish indexing within 120 s.
 */
export async function serveStarter(
  port: number,
  env: Record<string, string>,
): Promise<{ base: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "almanac-bench-load-"));
  cpSync(resolve("library"), join(dir, "library"), { recursive: true });
  const child = spawnServe(dir, port, { ALMANAC_API_KEY_RATE_PER_MINUTE: "0", ...env }, ["--no-watch"]);
  const base = `http://127.0.0.1:${port}`;
  const stop = () => stopServe(child, dir);
  await waitForStatus(base, (s) => !s.indexing.busy, 120_000, 100).catch(async (err: Error) => {
    await stop();
    throw err;
  });
  return { base, stop };
}

/**
 * The rows "`/api/search` at 1 and 8 clients": `almanac serve` in its own
 * process (starter library, no models), 8 s a row, with the result cache off
 * and on, each with 10 queries asked again and again and with 10,000
 * distinct ones (query + a variant word + a number), which the cache has not seen.
 */
export async function searchUnderLoad(
  report: { add(section: string, name: string, value: number, unit: string, note?: string): void },
  section: string,
): Promise<void> {
  const path = (q: string) => `/api/search?k=10&q=${encodeURIComponent(q)}`;
  const repeated = BENCH_QUERIES.map(path);
  // 10,000 searches, more than 8 s at 8 clients sends, so each is asked once.
  const distinct = Array.from({ length: 100 }, (_, n) =>
    VARIANTS.flatMap((v) => BENCH_QUERIES.map((q) => path(`${q} ${v} ${n}`))),
  ).flat();
  for (const [cache, entries] of [
    ["cache off", "0"],
    ["cache on", "256"],
  ] as const) {
    const server = await serveStarter(18_473, { ALMANAC_SEARCH_CACHE_ENTRIES: entries });
    try {
      for (const [name, paths] of [
        ["10 queries repeated", repeated],
        ["distinct queries", distinct],
      ] as const)
        for (const clients of [1, 8]) {
          const f = await searchLoad(server.base, paths, clients, 8);
          const row = `/api/search (${cache}), ${clients} client(s), ${name}`;
          report.add(section, `${row}: p50`, f.p50, "ms");
          report.add(section, `${row}: throughput`, f.rps, "queries/s");
        }
    } finally {
      await server.stop();
    }
  }
}
