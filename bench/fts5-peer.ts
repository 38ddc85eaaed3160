/**
 * SQLite FTS5 beside Almanac's BM25, in one process (part of `npm run bench -- --peers`):
 * what GPT4All LocalDocs runs, `bm25()` with the porter tokenizer, on the same
 * generated chunks as the scale rows (`ALMANAC_BENCH_FTS5_CHUNKS`, default
 * 100,000; no vectors, as a library with no embedding model has), asked the
 * same SciFact claims, interleaved query by query. FTS5 gets each claim as an
 * OR of its content words, as the issue measured it. Also the index sizes,
 * and SciFact nDCG@10 for both on the real corpus (documents, not chunks).
 */
import { mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { loadConfig } from "../src/config.js";
import { loadDataset } from "../src/eval/datasets.js";
import { runEvaluation } from "../src/eval/harness.js";
import { meanMetrics, scoreQuery } from "../src/eval/metrics.js";
import { createLogger } from "../src/log.js";
import { boostedFullText } from "../src/retrieve/lexical.js";
import { parseQuery } from "../src/retrieve/query-syntax.js";
import { isStopWord } from "../src/retrieve/stop-words.js";
import { percentile } from "../src/stats.js";
import { LANCE_DIR } from "../src/store/chunk-store.js";
import { wordRunQueries } from "./peers.js";
import type { BenchReport } from "./report.js";
import { type Abstract, dirBytes, loadAbstracts, SCIFACT, scaleRow, scaleStore } from "./scale.js";

/** A claim as FTS5 MATCH syntax: its distinct content words, each quoted, joined by OR; null when none is left. */
export function fts5Query(text: string): string | null {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].filter((w) => !isStopWord(w));
  return words.length ? words.map((w) => `"${w}"`).join(" OR ") : null;
}

/** The FTS5 table of the same rows as the Almanac table, built once beside it (porter over unicode61). */
function fts5Db(chunks: number, abstracts: Abstract[]): Database.Database {
  const dir = join(tmpdir(), "almanac-bench-scale");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `fts5-${chunks}.db`);
  let db = new Database(file);
  const built = db.prepare("SELECT name FROM sqlite_master WHERE name = 'chunks'").get();
  if (!built) {
    db.close();
    rmSync(file, { force: true });
    db = new Database(file);
    db.exec("CREATE VIRTUAL TABLE chunks USING fts5(id UNINDEXED, heading, text, tokenize = 'porter unicode61')");
    const insert = db.prepare("INSERT INTO chunks (id, heading, text) VALUES (?, ?, ?)");
    db.transaction(() => {
      for (let i = 0; i < chunks; i++) {
        const r = scaleRow(i, abstracts);
        insert.run(r.id, r.heading_text, r.text);
      }
    })();
    db.exec("INSERT INTO chunks (chunks) VALUES ('optimize')");
    db.exec("VACUUM");
  }
  return db;
}

const headingBoost = 0.1;

/** SciFact nDCG@10 of FTS5 over the real corpus: one row per document (title, abstract), the same OR queries. */
async function fts5SciFactNdcg(): Promise<number> {
  const dataset = await loadDataset(SCIFACT, "test");
  const db = new Database(":memory:");
  db.exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text, tokenize = 'porter unicode61')");
  const insert = db.prepare("INSERT INTO docs (id, title, text) VALUES (?, ?, ?)");
  db.transaction(() => {
    for (const d of dataset.docs) insert.run(d.id, d.title, d.text);
  })();
  const search = db.prepare("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10");
  const per = dataset.queries.map((q) => {
    const match = fts5Query(q.text);
    const ranked = match ? (search.all(match) as Array<{ id: string }>).map((r) => r.id) : [];
    return scoreQuery(ranked, dataset.qrels.get(q.id) ?? new Map(), 10);
  });
  db.close();
  return meanMetrics(per).ndcg;
}

/** Almanac's SciFact nDCG@10 in BM25 mode, through the evaluation harness (the full ingest and search path). */
async function almanacSciFactNdcg(): Promise<number> {
  const dataset = await loadDataset(SCIFACT, "test");
  const report = await runEvaluation(dataset, {
    modes: ["bm25"],
    k: 10,
    config: loadConfig({ logLevel: "warn" }),
    log: createLogger("warn"),
  });
  return report.modes[0]?.metrics.ndcg ?? Number.NaN;
}

/** p50 and p95 of Almanac's BM25 and FTS5 on `queries`, interleaved query by query, ms. */
async function interleaved(
  queries: string[],
  almanac: (q: string) => Promise<unknown>,
  fts5: (q: string) => unknown,
): Promise<{ almanac: { p50: number; p95: number }; fts5: { p50: number; p95: number } }> {
  const a: number[] = [];
  const f: number[] = [];
  const time = async (fn: () => unknown, into?: number[]) => {
    const t0 = performance.now();
    await fn();
    into?.push(performance.now() - t0);
  };
  for (const q of queries.slice(0, 20)) {
    await time(() => almanac(q));
    await time(() => fts5(q));
  }
  // The order alternates, so neither always runs on the cache the other warmed.
  for (const [i, q] of queries.entries()) {
    if (i % 2) await time(() => fts5(q), f);
    await time(() => almanac(q), a);
    if (!(i % 2)) await time(() => fts5(q), f);
  }
  const p = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });
  return { almanac: p(a), fts5: p(f) };
}

/** Adds the FTS5 rows to `report`. */
export async function fts5Figures(report: BenchReport): Promise<void> {
  const chunks = Number(process.env.ALMANAC_BENCH_FTS5_CHUNKS ?? 100_000);
  const section = `peers: SQLite FTS5, ${chunks.toLocaleString("en")} chunks, one process`;
  const abstracts = loadAbstracts();
  const { store, dir } = await scaleStore(chunks, abstracts, false);
  const db = fts5Db(chunks, abstracts);
  const search = db.prepare(
    "SELECT id, heading, text, bm25(chunks) AS score FROM chunks WHERE chunks MATCH ? ORDER BY score LIMIT 10",
  );
  const sets = {
    "SciFact claims (test)": (await loadDataset(SCIFACT, "test")).queries.map((q) => q.text),
    "2–3 words from the chunks": wordRunQueries(
      500,
      (random) => scaleRow(Math.floor(random() * chunks), abstracts).text,
    ),
  };
  for (const [name, queries] of Object.entries(sets)) {
    const t = await interleaved(
      queries,
      (q) => boostedFullText(store, parseQuery(q), 10, { headingBoost }),
      (q) => {
        const match = fts5Query(q);
        return match ? search.all(match) : [];
      },
    );
    const what = `${name}, ${queries.length} queries`;
    report.add(section, `${what}: Almanac BM25 p50`, t.almanac.p50, "ms", `p95 ${t.almanac.p95.toFixed(1)} ms`);
    report.add(section, `${what}: FTS5 bm25() p50`, t.fts5.p50, "ms", `p95 ${t.fts5.p95.toFixed(1)} ms`);
    report.add(section, `${what}: Almanac ÷ FTS5, p50`, t.almanac.p50 / t.fts5.p50, "×", "target ≤ 1.0");
    report.add(section, `${what}: Almanac ÷ FTS5, p95`, t.almanac.p95 / t.fts5.p95, "×", "target ≤ 0.6");
  }
  store.close();
  const indexBytes = await dirBytes(join(dir, LANCE_DIR));
  const ftsBytes = statSync(db.name).size;
  db.close();
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  report.add(
    section,
    "index: Almanac ÷ FTS5 (text kept in both)",
    indexBytes / ftsBytes,
    "×",
    `${mb(indexBytes)} against ${mb(ftsBytes)}; target ≤ 1.2`,
  );
  const ndcg = [await fts5SciFactNdcg(), await almanacSciFactNdcg()];
  report.add(section, "SciFact nDCG@10, FTS5 (OR of the words)", ndcg[0] as number, "", (ndcg[0] as number).toFixed(4));
  report.add(
    section,
    "SciFact nDCG@10, Almanac BM25",
    ndcg[1] as number,
    "",
    `${(ndcg[1] as number).toFixed(4)}; target ≥ 0.6907`,
  );
}
