/**
 * `npm run bench`: indexes the starter library in a temp folder and prints
 * ingest time, the event-loop delay while indexing, query latency (p50/p95) for search and answers, embedding
 * throughput, TTFT and tokens/s, and RSS — once with no models and once with
 * the tiny fixture models (whose speed says little about real models, but
 * exercises the same code paths). First, format throughput: PDF pages/s and
 * a 100,000-article ZIM (`ALMANAC_BENCH_ZIM_ARTICLES` to change the count).
 * Before all of that, start-up: `almanac --help`, and how soon `almanac
 * serve` answers `/status`, with its idle RSS.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Almanac } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { percentile } from "../src/eval/metrics.js";
import { createLogger } from "../src/log.js";
import { writeTinyModels } from "../src/models/fixtures/tiny-models.js";
import { embeddingThroughput } from "./embedding.js";
import { pdfPagesPerSecond, zimScale } from "./formats.js";
import { promptLayoutTtft } from "./prompt-layout.js";
import { helpMs, serveStartup } from "./startup.js";

const QUERIES = [
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

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

async function run(label: string, modelsDir: string): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), "almanac-bench-"));
  const config = loadConfig({ libraryDir: resolve("library"), dataDir: data, modelsDir, logLevel: "silent" }, {});
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
  const lines = [
    `== ${label}`,
    `models: ${
      status.runtime.models
        .filter((m) => m.loaded)
        .map((m) => `${m.id} (${m.role})`)
        .join(", ") || "none"
    }; backend ${status.runtime.backend}; threads ${status.runtime.threads}`,
    `open: ${openMs.toFixed(0)} ms`,
    `ingest library/: ${status.documents.indexed} documents, ${status.chunks} chunks in ${(indexMs / 1000).toFixed(2)} s (${(status.chunks / (indexMs / 1000)).toFixed(0)} chunks/s)`,
    `event-loop delay while indexing: p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms, max ${(lag.max / 1e6).toFixed(0)} ms`,
    `search (${status.mode.retrieval}, k=10): p50 ${percentile(searchMs, 50).toFixed(1)} ms, p95 ${percentile(searchMs, 95).toFixed(1)} ms over ${searchMs.length} queries`,
  ];
  if (hybridMs.length)
    lines.push(
      `search (hybrid, k=10): p50 ${percentile(hybridMs, 50).toFixed(1)} ms, p95 ${percentile(hybridMs, 95).toFixed(1)} ms`,
    );
  if (answerMs.length) {
    lines.push(
      `extractive answer: p50 ${percentile(answerMs, 50).toFixed(1)} ms, p95 ${percentile(answerMs, 95).toFixed(1)} ms`,
    );
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
    lines.push(
      `RAG answer: TTFT p50 ${percentile(ttft, 50).toFixed(0)} ms; generation ${percentile(tps, 50).toFixed(0)} tokens/s (64-token answers)`,
      ...(await promptLayoutTtft(app, app.runtime.chat, QUERIES)),
    );
  }
  lines.push(`RSS: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  process.stdout.write(`${lines.join("\n")}\n\n`);
  await app.close();
  rmSync(data, { recursive: true, force: true });
}

const startup = await serveStartup();
process.stdout.write(
  `== start-up (built CLI, starter library, no models)\nalmanac --help: ${helpMs().toFixed(0)} ms (median of 5)\n` +
    `serve: /status answers ${startup.statusMs.toFixed(0)} ms after launch; library indexed at ${startup.indexedMs.toFixed(0)} ms; idle RSS ${startup.idleRssMb.toFixed(0)} MiB\n\n`,
);
const zimArticles = Number(process.env.ALMANAC_BENCH_ZIM_ARTICLES ?? 100_000);
process.stdout.write(`== formats\n${await pdfPagesPerSecond()}\n${(await zimScale(zimArticles)).join("\n")}\n\n`);
const empty = mkdtempSync(join(tmpdir(), "almanac-nomodels-"));
await run("no models (BM25 + extractive answers)", empty);
const fixtures = mkdtempSync(join(tmpdir(), "almanac-fixtures-"));
writeTinyModels(fixtures);
await run("tiny fixture models (hybrid, rerank, RAG)", fixtures);
process.stdout.write(
  `== embedding throughput\n${(await embeddingThroughput(fixtures, process.argv.includes("--threads-matrix"))).join("\n")}\n`,
);
