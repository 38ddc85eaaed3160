import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import autocannon from "autocannon";
import { tempDir } from "../helpers.js";
import { ownForServer, type ServerProcess, startAlmanac, waitIdle } from "./harness.js";

const QUERIES = [
  "purify water",
  "build a fire",
  "signal for rescue",
  "hypothermia treatment",
  "tie a bowline",
  "snow cave",
];

/** Percentile of a sorted list (nearest rank). */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Times `/health` every 50 ms until `stop()`; resolves with the latencies, ms, sorted. */
function probeHealth(base: string): { stop: () => Promise<number[]>; statuses: Set<number> } {
  const times: number[] = [];
  const statuses = new Set<number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      const res = await fetch(`${base}/health`);
      await res.arrayBuffer();
      statuses.add(res.status);
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    statuses,
    stop: async () => {
      running = false;
      await loop;
      return times.sort((a, b) => a - b);
    },
  };
}

/** Starts a server on a copy of the starter library with these admission settings, with `npm start`'s memory flags. */
async function serve(tmp: string, env: Record<string, string>): Promise<ServerProcess> {
  const lib = join(tmp, "library");
  cpSync(resolve("library"), lib, { recursive: true });
  ownForServer(tmp);
  const server = await startAlmanac({
    ALMANAC_LIBRARY: lib,
    ALMANAC_DATA_DIR: join(tmp, "data"),
    ALMANAC_MODELS_DIR: join(tmp, "no-models"),
    // Memory is measured as `npm start` runs the server.
    MALLOC_ARENA_MAX: "2",
    NODE_OPTIONS: "--max-semi-space-size=2",
    ...env,
  });
  await waitIdle(server.base);
  return server;
}

// Each request a search not asked before (a query and a number): the result cache answers a repeat at once,
// and what admission control must hold back is searches that cost a full-text query.
let asked = 0;
const searches = [
  {
    method: "GET" as const,
    setupRequest: (req: { path?: string }) => {
      const q = `${QUERIES[asked % QUERIES.length]} ${Math.floor(asked++ / QUERIES.length)}`;
      return { ...req, path: `/api/search?q=${encodeURIComponent(q)}&k=10` };
    },
  },
];

describe("fault suite: admission control under load", () => {
  const tmp = tempDir("almanac-shed-");
  let server: ServerProcess;

  before(async () => {
    server = await serve(tmp.dir, {});
  });
  after(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it("serves 50 searches a second for 30 s within 2 s each while /health stays quick", async () => {
    // The parse workers exit 10 s after indexing ends (parse-pool's idleTimeout); measure the serving process alone.
    await new Promise((r) => setTimeout(r, 11_000));
    const idleRss = server.rssMb();
    const health = probeHealth(server.base);
    let peakRss = idleRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, server.rssMb());
    }, 500);
    const result = await autocannon({
      url: server.base,
      connections: 10,
      overallRate: 50,
      duration: 30,
      requests: searches,
    });
    clearInterval(sampler);
    const h = await health.stop();
    const shed = Number(result.statusCodeStats?.["503"]?.count ?? 0);
    process.stdout.write(
      `# 50/s for 30 s: ${result.requests.total} searches, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, ${shed} shed; /health p99 ${percentile(h, 99).toFixed(1)} ms (${h.length} probes); RSS ${idleRss.toFixed(0)} MB idle, ${peakRss.toFixed(0)} MB peak\n`,
    );
    assert.equal(result.errors, 0);
    assert.equal(result.timeouts, 0);
    assert.equal(result.non2xx - shed, 0, "every search is answered or shed with 503");
    assert.ok(result.requests.total >= 1_300, `only ${result.requests.total} searches in 30 s`);
    assert.ok(result.latency.max < 2_000, `a search took ${result.latency.max} ms`);
    assert.deepEqual([...health.statuses], [200]);
    // The target is 300 MB (docs/performance.md has the figures); this guards against a leak, not a few MB.
    assert.ok(peakRss < 400, `RSS reached ${peakRss.toFixed(0)} MB`);
  });

  it("sheds a flood past the queue with 503 and Retry-After, and /health is never queued", async () => {
    await server.stop();
    const dir = join(tmp.dir, "flood");
    server = await serve(dir, {
      ALMANAC_MAX_IN_FLIGHT: "1",
      ALMANAC_MAX_QUEUED: "2",
      ALMANAC_MAX_QUEUE_WAIT_MS: "500",
    });
    const health = probeHealth(server.base);
    // A side client reads a shed answer's headers while the flood runs.
    let retryAfter: string | null = null;
    let flooding = true;
    const side = (async () => {
      while (flooding && retryAfter === null) {
        const res = await fetch(`${server.base}/api/search?q=water`);
        const body = await res.text();
        if (res.status === 503) {
          retryAfter = res.headers.get("retry-after");
          assert.match(body, /Almanac is busy; retry in a second/);
        }
      }
    })();
    const result = await autocannon({ url: server.base, connections: 40, duration: 8, requests: searches });
    flooding = false;
    await side;
    const h = await health.stop();
    const shed = Number(result.statusCodeStats?.["503"]?.count ?? 0);
    process.stdout.write(
      `# flood, 1 in flight + 2 queued: ${result.requests.total} requests, ${shed} shed, p99 ${result.latency.p99} ms; /health p99 ${percentile(h, 99).toFixed(1)} ms\n`,
    );
    assert.ok(shed > result.requests.total / 2, `only ${shed} of ${result.requests.total} shed`);
    assert.equal(result.non2xx - shed, 0);
    assert.equal(retryAfter, "1");
    assert.ok(result.latency.max < 2_000);
    assert.deepEqual([...health.statuses], [200]);
    const status = await fetch(`${server.base}/status`);
    assert.equal(status.status, 200, "the status page is never queued behind searches");
  });
});
