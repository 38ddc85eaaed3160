// Search under load over HTTP: a search server in its own process, driven by autocannon at a fixed number of
// clients, each sending the queries in turn. Shared by the starter-library rows and the peers comparison.
import autocannon from "autocannon";
import type { Almanac } from "../src/app/almanac.js";
import { startServer } from "../src/http/server.js";

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
  headers: Record<string, string> = {},
): Promise<LoadFigures> {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    headers,
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
 * The rows "`/api/search` at 1 and 8 clients": over HTTP on an ephemeral
 * port, 10 s each, once with 10 queries asked again and again (answered
 * from the result cache after the first time) and once with 10,000 distinct
 * ones (query + a variant word + a number), which the cache has not seen.
 */
export async function searchUnderLoad(
  report: { add(section: string, name: string, value: number, unit: string, note?: string): void },
  section: string,
  app: Almanac,
): Promise<void> {
  const server = await startServer(app.services, "127.0.0.1", 0);
  const base = `http://127.0.0.1:${server.port}`;
  const path = (q: string) => `/api/search?k=10&q=${encodeURIComponent(q)}`;
  const repeated = BENCH_QUERIES.map(path);
  // 10,000 searches, more than 10 s at 8 clients sends, so each is asked once.
  const distinct = Array.from({ length: 100 }, (_, n) =>
    VARIANTS.flatMap((v) => BENCH_QUERIES.map((q) => path(`${q} ${v} ${n}`))),
  ).flat();
  try {
    for (const [name, paths] of [
      ["10 queries repeated", repeated],
      ["distinct queries", distinct],
    ] as const)
      for (const clients of [1, 8]) {
        const f = await searchLoad(base, paths, clients, 10);
        report.add(section, `/api/search, ${clients} client(s), ${name}: p50`, f.p50, "ms");
        report.add(section, `/api/search, ${clients} client(s), ${name}: throughput`, f.rps, "queries/s");
      }
  } finally {
    await server.close();
  }
}
