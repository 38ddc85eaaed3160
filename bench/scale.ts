/**
 * Search latency at scale: BM25, vector and hybrid p50/p95 over generated
 * libraries of 10k, 100k and (with `--scale 1m`) 1M chunks.
 *
 * The chunks are SciFact abstracts (../shared/corpus/eval/scifact) recombined:
 * chunk i takes the sentences of abstract i mod N rotated by its round, plus one
 * sentence of another abstract, under a book title and a heading that are
 * SciFact titles too, so the vocabulary, lengths and heading words are real.
 * Vectors are sparse random projections of the words (each word adds ±1 on 8
 * of 384 dimensions, hashed), so nearby texts get nearby vectors at no model cost.
 * The queries are SciFact's claims. Tables are cached under
 * `$TMPDIR/almanac-bench-scale/` keyed by size and schema, and reused.
 */
import "../src/store/lance-log.js";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { bm25Weight } from "../src/retrieve/fusion.js";
import { WeightedFusionReranker } from "../src/retrieve/fusion-reranker.js";
import { bm25Scores, boostedFullText, mainQuery } from "../src/retrieve/lexical.js";
import { parseQuery } from "../src/retrieve/query-syntax.js";
import { percentile } from "../src/stats.js";
import { CHUNKS_TABLE, type ChunkHit, type ChunkRecord, ChunkStore, LANCE_DIR } from "../src/store/chunk-store.js";
import { searchTextOf } from "../src/store/search-text.js";

/** SciFact (BEIR layout) in the shared corpus. */
export const SCIFACT = join("..", "shared", "corpus", "eval", "scifact");
const DIMS = 384;
/** Bumped whenever the generated rows or the table layout change, so old caches are not reused. */
const LAYOUT = "v4";

/** A SciFact abstract: its title and its sentences. */
export interface Abstract {
  title: string;
  sentences: string[];
}

/** SciFact's corpus (../shared/corpus/eval/scifact/corpus.jsonl) as titles and sentences. */
export function loadAbstracts(): Abstract[] {
  return readFileSync(join(SCIFACT, "corpus.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => {
      const row = JSON.parse(l) as { title: string; text: string };
      return { title: row.title, sentences: row.text.split(/(?<=[.!?])\s+/).filter((s) => s.length > 0) };
    });
}

function hash(word: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A sparse random projection of the text's words, L2-normalised. */
export function projectWords(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    for (let j = 0; j < 8; j++) {
      const h = hash(word, j);
      v[h % DIMS] = (v[h % DIMS] as number) + (h & 0x80000000 ? 1 : -1);
    }
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** Chunk `i` of the generated library (see the file's comment), with its word-projection vector. */
export function scaleRow(i: number, abstracts: Abstract[]): ChunkRecord {
  const n = abstracts.length;
  const a = abstracts[i % n] as Abstract;
  const round = Math.floor(i / n);
  const other = abstracts[(i * 7 + round + 1) % n] as Abstract;
  const sentences = a.sentences.map((_, j) => a.sentences[(j + round) % a.sentences.length] as string);
  if (round > 0) sentences.push(other.sentences[round % other.sentences.length] ?? "");
  const text = sentences.join(" ");
  const book = Math.floor(i / 50);
  const title = (abstracts[(book * 13) % n] as Abstract).title;
  const heading = a.title;
  return {
    id: `b${book}:${i % 50}`,
    doc_id: `b${book}`,
    path: `scale/b${book}.md`,
    title,
    author: null,
    heading_path: heading,
    spine_index: null,
    chunk_index: i % 50,
    start_offset: 0,
    end_offset: text.length,
    text,
    lead_in: null,
    search_text: searchTextOf({ title, heading_path: heading, lead_in: null, text }),
    heading_text: `${title}\n${heading}`,
    tags: round % 2 ? ["medicine"] : ["science"],
    format: "markdown",
    collection: `c${book % 4}`,
    vector: projectWords(`${title} ${heading} ${text}`),
  };
}

/** Bytes of every file under `dir`. */
export async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  return total;
}

function textOnly(r: ChunkRecord): ChunkRecord {
  const { vector: _, ...rest } = r;
  return rest;
}

/**
 * Opens (building when missing) the cached table of `chunks` rows, read-only:
 * with their vectors (384 dimensions), or without (`withVector` false: the
 * table of a library with no embedding model).
 */
export async function scaleStore(
  chunks: number,
  abstracts: Abstract[],
  withVector = true,
): Promise<{ store: ChunkStore; dir: string }> {
  const dir = join(tmpdir(), "almanac-bench-scale", `${chunks}-${LAYOUT}${withVector ? "" : "-text"}`);
  const done = join(dir, "complete");
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const { store } = await ChunkStore.open(join(dir, LANCE_DIR), withVector ? DIMS : null);
    const t0 = performance.now();
    let sourceBytes = 0;
    for (let i = 0; i < chunks; i += 10_000) {
      const rows: ChunkRecord[] = [];
      for (let j = i; j < Math.min(chunks, i + 10_000); j++)
        rows.push(withVector ? scaleRow(j, abstracts) : textOnly(scaleRow(j, abstracts)));
      for (const r of rows) sourceBytes += Buffer.byteLength(r.text);
      await store.write([], rows);
    }
    // No grace period: nothing else reads the table, and the versions it replaced would count in its size.
    await store.maintain(0);
    store.close();
    writeFileSync(done, JSON.stringify({ sourceBytes, buildSeconds: (performance.now() - t0) / 1000 }));
  }
  const { store } = await ChunkStore.open(join(dir, LANCE_DIR), withVector ? DIMS : null, { readOnly: true });
  return { store, dir };
}

/** The heading boost the searches use (`ALMANAC_BENCH_HEADING_BOOST`, default 0.1 as in the config). */
const headingBoost = Number(process.env.ALMANAC_BENCH_HEADING_BOOST ?? 0.1);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** One size's figures. */
export interface ScaleFigures {
  chunks: number;
  bm25: { p50: number; p95: number };
  vector: { p50: number; p95: number };
  hybrid: { p50: number; p95: number };
  /** Share of exact search's top 10 that vector search returned (1 while search is exact). */
  vectorRecall10: number;
  /** Table folder size ÷ UTF-8 bytes of the chunk text. */
  indexPerSource: number;
}

/**
 * Measures BM25, vector and hybrid search (k = 10, the hybrid pool 40 deep as
 * the retriever runs it) over `queries` SciFact claims at each size.
 */
export async function scaleFigures(sizes: readonly number[], queries = 100): Promise<ScaleFigures[]> {
  const abstracts = loadAbstracts();
  const claims = readFileSync(join(SCIFACT, "queries.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .slice(0, queries)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const out: ScaleFigures[] = [];
  for (const chunks of sizes) {
    const { store, dir } = await scaleStore(chunks, abstracts);
    const bm25: number[] = [];
    const vector: number[] = [];
    const hybrid: number[] = [];
    let recall = 0;
    const db = await lancedb.connect(join(dir, LANCE_DIR));
    const table = await db.openTable(CHUNKS_TABLE);
    for (const warm of [true, false]) {
      for (const claim of warm ? claims.slice(0, 10) : claims) {
        const parsed = parseQuery(claim);
        const v = projectWords(claim);
        const b = await timed(() => boostedFullText(store, parsed, 10, { headingBoost }));
        let got: ChunkHit[] = [];
        const ve = await timed(async () => {
          got = await store.searchVector(v, 10);
        });
        const h = await timed(async () => {
          const raw = bm25Scores(store, parsed, 40, { headingBoost });
          const fusion = new WeightedFusionReranker(v, bm25Weight(parsed), raw);
          await Promise.all([store.searchHybrid(mainQuery(parsed, store.lexical), v, 40, fusion), raw]);
        });
        if (warm) continue;
        const exact = (await table
          .query()
          .nearestTo(v)
          .distanceType("cosine")
          .bypassVectorIndex()
          .select(["id", "_distance"])
          .limit(10)
          .toArray()) as Array<{ id: string }>;
        const want = new Set(exact.map((r) => r.id));
        recall += got.filter((h) => want.has(h.id)).length / Math.max(1, want.size);
        bm25.push(b);
        vector.push(ve);
        hybrid.push(h);
      }
    }
    const meta = JSON.parse(readFileSync(join(dir, "complete"), "utf8")) as { sourceBytes: number };
    const p = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });
    out.push({
      chunks,
      bm25: p(bm25),
      vector: p(vector),
      hybrid: p(hybrid),
      vectorRecall10: recall / claims.length,
      indexPerSource: (await dirBytes(join(dir, LANCE_DIR))) / meta.sourceBytes,
    });
    table.close();
    db.close();
    store.close();
  }
  return out;
}

/** The sizes to measure: 10k and 100k chunks, and 1M too with `--scale 1m`. */
export function scaleSizes(argv: readonly string[]): number[] {
  const at = argv.indexOf("--scale");
  return at >= 0 && argv[at + 1] === "1m" ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
}

if (process.argv[1]?.endsWith("scale.js")) {
  for (const f of await scaleFigures(scaleSizes(process.argv)))
    process.stdout.write(
      `${f.chunks} chunks: BM25 p50 ${f.bm25.p50.toFixed(1)} / p95 ${f.bm25.p95.toFixed(1)} ms; vector ${f.vector.p50.toFixed(1)} / ${f.vector.p95.toFixed(1)} ms (recall@10 ${f.vectorRecall10.toFixed(3)}); hybrid ${f.hybrid.p50.toFixed(1)} / ${f.hybrid.p95.toFixed(1)} ms; index ${f.indexPerSource.toFixed(2)}× source\n`,
    );
}
