/**
 * `npm run bench`: every figure of docs/performance.md in one table, also
 * written as JSON to `bench-results/<commit>.json` for comparing commits.
 *
 * - start-up: `almanac --help`, how soon `almanac serve` answers `/status`,
 *   idle RSS, and re-scanning an unchanged 1,000-file library;
 * - formats: parse MB/s per format, PDF pages/s, and a 100,000-article ZIM
 *   (`ALMANAC_BENCH_ZIM_ARTICLES` to change the count);
 * - the starter library with no models (BM25 and extractive answers) and with
 *   the tiny fixture models (hybrid, rerank, RAG: their speed says little about
 *   real models, but the code paths are the same): ingest, search and answer
 *   latency, TTFT and tokens/s, four chats at once, index size, RSS;
 * - embedding throughput against direct node-llama-cpp (`--threads-matrix` for every layout);
 * - generation tokens/s over HTTP against direct node-llama-cpp;
 * - search at scale: 10k and 100k generated chunks, and 1M with `--scale 1m` (bench/scale.ts);
 * - the MCP `search` tool against `/api/search` for the same queries (bench/agent-protocols.ts);
 * - with `--peers`, only Almanac beside kiwix-serve on one ZIM of real text (bench/peers.ts).
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Almanac } from "../src/app/almanac.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { percentile } from "../src/stats.js";
import { writeTinyModels } from "../tests/fixtures/models/tiny-models.js";
import { mcpSearchLatency } from "./agent-protocols.js";
import { embeddingThroughput } from "./embedding.js";
import { parseMbPerSecond, pdfPagesPerSecond, zimScale } from "./formats.js";
import { fts5Figures } from "./fts5-peer.js";
import { httpGeneration } from "./http-generation.js";
import { indexSize } from "./index-size.js";
import { peersFigures } from "./peers.js";
import { promptLayoutTtft } from "./prompt-layout.js";
import { BenchReport } from "./report.js";
import { scaleFigures, scaleSizes } from "./scale.js";
import { BENCH_QUERIES, searchUnderLoad } from "./search-load.js";
import { soakFigures } from "./soak.js";
import { helpFigures, rescanMs, serveStartup } from "./startup.js";

const QUERIES = BENCH_QUERIES;

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

async function run(report: BenchReport, section: string, modelsDir: string): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), "almanac-bench-"));
  // A copy, so that books can be added to it mid-run for the search-during-ingest rows.
  const libraryDir = join(data, "library");
  cpSync(resolve("library"), libraryDir, { recursive: true });
  // No rate limit: the MCP rows send 120 requests a minute with one key.
  const config = loadConfig(
    // No result cache: these rows ask the same queries in rounds, and measure the search, not a lookup.
    {
      libraryDir,
      dataDir: join(data, "data"),
      modelsDir,
      logLevel: "silent",
      apiKeyRatePerMinute: 0,
      searchCacheEntries: 0,
    },
    {},
  );
  const [app, openMs] = await time(() => Almanac.open(config, createLogger("silent")));
  // Event-loop delay while indexing is what any request (/status, a search) waits on top of its own work.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const [, indexMs] = await time(() => app.indexer.reconcile());
  lag.disable();
  const status = await app.status();
  const searchMs: number[] = [];
  const hybridMs: number[] = [];
  const answerMs: number[] = [];
  const firstStage = app.runtime.embedder && status.mode.retrieval === "rerank";
  for (let round = 0; round < 3; round++) {
    for (const q of QUERIES) {
      searchMs.push((await time(() => app.retriever.search(q, { k: 10 })))[1]);
      if (firstStage) hybridMs.push((await time(() => app.retriever.search(q, { k: 10, mode: "hybrid" })))[1]);
      if (!app.runtime.chat)
        answerMs.push((await time(() => app.answerer.answer({ messages: [{ role: "user", content: q }] })))[1]);
    }
  }
  report.add(section, "open", openMs, "ms");
  report.add(
    section,
    "ingest library/",
    status.chunks / (indexMs / 1000),
    "chunks/s",
    `${status.chunks} chunks, ${status.documents.indexed} documents`,
  );
  report.add(section, "event-loop delay while indexing, p99", lag.percentile(99) / 1e6, "ms");
  report.add(section, `search (${status.mode.retrieval}, k=10) p50`, percentile(searchMs, 50), "ms");
  report.add(section, `search (${status.mode.retrieval}, k=10) p95`, percentile(searchMs, 95), "ms");
  if (hybridMs.length) {
    report.add(section, "search (hybrid, k=10) p50", percentile(hybridMs, 50), "ms");
    report.add(section, "search (hybrid, k=10) p95", percentile(hybridMs, 95), "ms");
  }
  if (answerMs.length) {
    report.add(section, "extractive answer p50", percentile(answerMs, 50), "ms");
    report.add(section, "extractive answer p95", percentile(answerMs, 95), "ms");
  }
  if (app.runtime.chat) {
    const ttft: number[] = [];
    const tps: number[] = [];
    for (const q of QUERIES.slice(0, 5)) {
      const t0 = performance.now();
      let first = 0;
      const answer = await app.answerer.answer({
        messages: [{ role: "user", content: q }],
        maxTokens: 64,
        onText: () => {
          if (!first) first = performance.now() - t0;
        },
      });
      const total = performance.now() - t0;
      ttft.push(first);
      tps.push(answer.completionTokens / ((total - first) / 1000));
    }
    report.add(section, "RAG answer TTFT p50 (64-token answers)", percentile(ttft, 50), "ms");
    report.add(section, "RAG answer generation p50", percentile(tps, 50), "tokens/s");
    const concurrent = await concurrentTtft(app, 4);
    for (const [i, ms] of concurrent.entries()) report.add(section, `4 chats at once: TTFT of chat ${i + 1}`, ms, "ms");
    await promptLayoutTtft(report, app, app.runtime.chat, QUERIES);
  }
  if (!app.runtime.chat) {
    const { apiMs, mcpMs, ratio } = await mcpSearchLatency(app, QUERIES);
    report.add(section, "GET /api/search (k=5) p50, over HTTP", apiMs, "ms");
    report.add(
      section,
      "MCP search tool (k=5) p50, Streamable HTTP",
      mcpMs,
      "ms",
      `${ratio.toFixed(2)}× /api/search (median of paired runs); target ≤ 1.2×`,
    );
  }
  await searchDuringIngest(report, section, app, libraryDir);
  report.add(section, "RSS", process.memoryUsage().rss / 2 ** 20, "MiB");
  await app.close();
  if (!app.runtime.embedder) {
    const size = await indexSize(join(data, "data"));
    report.add(
      section,
      "index size ÷ extracted text",
      size.indexBytes / size.sourceBytes,
      "×",
      `${(size.indexBytes / 2 ** 20).toFixed(1)} MiB for ${(size.sourceBytes / 2 ** 20).toFixed(1)} MB`,
    );
  }
  rmSync(data, { recursive: true, force: true });
}

/**
 * Search latency (the default mode, k = 10) while the library ingests a
 * second copy of its books, against the same queries idle just before: the
 * cost a household pays for searching while a new shelf is indexed.
 */
async function searchDuringIngest(
  report: BenchReport,
  section: string,
  app: Almanac,
  libraryDir: string,
): Promise<void> {
  const idle: number[] = [];
  for (let round = 0; round < 2; round++)
    for (const q of QUERIES) idle.push((await time(() => app.retriever.search(q, { k: 10 })))[1]);
  for (const shelf of ["field-guide", "survival-manual", "camping"])
    cpSync(join(libraryDir, shelf), join(libraryDir, "second-copy", shelf), { recursive: true });
  const busy: number[] = [];
  let done = false;
  const ingest = app.indexer.reconcile().finally(() => {
    done = true;
  });
  for (let i = 0; !done; i++)
    busy.push((await time(() => app.retriever.search(QUERIES[i % QUERIES.length] as string, { k: 10 })))[1]);
  await ingest;
  report.add(section, "search p95, idle", percentile(idle, 95), "ms");
  report.add(
    section,
    "search p95 while ingesting",
    percentile(busy, 95),
    "ms",
    `${busy.length} searches; target ≤ 2× idle`,
  );
}

/** TTFT of `n` RAG answers asked at the same moment, in the order they were asked, ms. */
async function concurrentTtft(app: Almanac, n: number): Promise<number[]> {
  const t0 = performance.now();
  return Promise.all(
    QUERIES.slice(0, n).map(async (q) => {
      let first = 0;
      await app.answerer.answer({
        messages: [{ role: "user", content: q }],
        maxTokens: 32,
        onText: () => {
          if (!first) first = performance.now() - t0;
        },
      });
      return first;
    }),
  );
}

/** Every row but the peers. */
async function everything(report: BenchReport): Promise<void> {
  const startup = await serveStartup();
  const help = helpFigures();
  report.add("start-up", "almanac --help (median of 7)", help.wallMs, "ms", "target < 500");
  report.add("start-up", "almanac --help CPU ÷ bare node's", help.cpuMs / help.bareNodeCpuMs, "×", "target ≤ 2");
  report.add(
    "start-up",
    "serve: /status answers after launch (warming or ready)",
    startup.statusMs,
    "ms",
    "target < 500",
  );
  report.add("start-up", "serve: ready (every route) after launch", startup.readyMs, "ms");
  report.add("start-up", "serve: CPU from launch to ready", startup.readyCpuMs, "ms");
  report.add("start-up", "serve: starter library indexed after launch", startup.indexedMs, "ms");
  report.add("start-up", "serve: idle RSS, no models", startup.idleRssMb, "MiB", "target < 150");
  report.add("start-up", "re-scan an unchanged 1,000-file library (almanac index)", rescanMs(), "ms", "target < 1,500");
  await parseMbPerSecond(report);
  await pdfPagesPerSecond(report);
  await zimScale(report, Number(process.env.ALMANAC_BENCH_ZIM_ARTICLES ?? 100_000));
  const empty = mkdtempSync(join(tmpdir(), "almanac-nomodels-"));
  await run(report, "no models (BM25 + extractive)", empty);
  await searchUnderLoad(report, "search under load, starter library, no models");
  const fixtures = mkdtempSync(join(tmpdir(), "almanac-fixtures-"));
  writeTinyModels(fixtures);
  await run(report, "fixture models (hybrid, rerank, RAG)", fixtures);
  await embeddingThroughput(report, fixtures, process.argv.includes("--threads-matrix"));
  await httpGeneration(report, fixtures);
  for (const f of await scaleFigures(scaleSizes(process.argv))) {
    const section = `search at ${f.chunks.toLocaleString("en")} chunks`;
    report.add(section, "BM25 p50", f.bm25.p50, "ms");
    report.add(section, "BM25 p95", f.bm25.p95, "ms", "target < 50 at 100k, < 150 at 1M");
    report.add(section, "vector p50", f.vector.p50, "ms");
    report.add(section, "vector p95", f.vector.p95, "ms");
    report.add(section, "vector recall@10 against exact search", f.vectorRecall10, "");
    report.add(section, "hybrid p50", f.hybrid.p50, "ms");
    report.add(section, "hybrid p95", f.hybrid.p95, "ms");
  }
}

const report = new BenchReport();
// The peers comparison alone: it builds its own corpora and takes minutes (bench/peers.ts, bench/fts5-peer.ts);
// `--peers fts5` or `--peers kiwix` runs one of the two.
const peers = process.argv.indexOf("--peers");
const soak = process.argv.indexOf("--soak");
if (soak >= 0) await soakFigures(report, Number(process.argv[soak + 1] ?? 30) || 30);
else if (peers >= 0) {
  const only = process.argv[peers + 1];
  if (only !== "fts5") await peersFigures(report);
  if (only !== "kiwix") await fts5Figures(report);
} else await everything(report);
process.stdout.write(`\n${report.table()}\n\nJSON: ${report.write()}\n`);
