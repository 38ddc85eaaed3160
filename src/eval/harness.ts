import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import type { LexicalProfile } from "../app/almanac.js";
import { Almanac } from "../app/almanac.js";
import type { SearchService } from "../app/services.js";
import type { Config } from "../config.js";
import { ZimArchive } from "../ingest/zim/archive.js";
import { docIdOf } from "../library/paths.js";
import { zimArticleId } from "../library/zim-ids.js";
import type { Logger } from "../log.js";
import type { ModelRole } from "../models/registry.js";
import { docToMarkdown, type EvalDataset } from "./datasets.js";
import { type AggregateMetrics, meanMetrics, percentile, type QueryMetrics, scoreQuery } from "./metrics.js";

import type { EvalMode } from "./modes.js";

export { EVAL_MODES, type EvalMode } from "./modes.js";

/** What the harness needs besides the dataset. */
export interface EvalOptions {
  /** Modes to evaluate on one shared index. */
  modes: EvalMode[];
  /** Metric cutoff for nDCG, recall and MRR (recall@100 is always reported too). */
  k: number;
  /** Evaluate only the first N judged queries. */
  limitQueries?: number;
  /** Base configuration; library and data folders are replaced by a temp dir. */
  config: Config;
  log: Logger;
  /** Called as documents finish indexing. */
  onIndexProgress?: (done: number, total: number) => void;
  /** Called as queries finish, per mode. */
  onQueryProgress?: (mode: EvalMode, done: number, total: number) => void;
  /** Keep the temp dir (library files and index) instead of deleting it. */
  keep?: boolean;
  /** Lexical profile: Almanac's tuned full-text search (default) or LanceDB's untuned defaults, for comparison. */
  lexical?: LexicalProfile;
}

/** One query's outcome in one mode. */
export interface QueryResult extends QueryMetrics {
  id: string;
  /** Wall time of the retrieval call, ms (query embedding and reranking included). */
  ms: number;
}

/** One mode's results. */
export interface ModeReport {
  mode: EvalMode;
  metrics: AggregateMetrics;
  latencyMs: { p50: number; p95: number; mean: number };
  perQuery: QueryResult[];
}

/** The JSON report of one evaluation run. */
export interface EvalReport {
  dataset: string;
  format: EvalDataset["format"];
  k: number;
  documents: number;
  chunks: number;
  queries: number;
  index: { seconds: number; failed: number };
  models: { embedding: string | null; reranker: string | null };
  settings: Pick<
    Config,
    "chunkTokens" | "chunkOverlapTokens" | "vectorWeight" | "rerankTopN" | "headingBoost" | "threads"
  > & { lexical: LexicalProfile };
  machine: { cpus: number; cpuModel: string; node: string };
  startedAt: string;
  modes: ModeReport[];
  /** Temp dir holding the library and index, when kept. */
  workDir?: string;
}

/** How many documents each query's ranking must reach so recall@100 is measurable. */
const DEPTH = 100;

/** The model roles a set of modes needs. */
export function rolesFor(modes: readonly EvalMode[]): ModelRole[] {
  const roles: ModelRole[] = [];
  if (modes.some((m) => m !== "bm25")) roles.push("embedding");
  if (modes.includes("rerank")) roles.push("reranker");
  return roles;
}

/**
 * Ranks documents for one query: retrieves chunks in `mode`, keeps each
 * document's best chunk (MaxP), and widens the chunk depth until `DEPTH`
 * distinct documents are ranked or the index has no more matches.
 */
async function rankDocuments(
  search: SearchService,
  query: string,
  mode: EvalMode,
  pathToDoc: ReadonlyMap<string, string>,
): Promise<string[]> {
  let depth = DEPTH * 2;
  for (;;) {
    const hits = await search.search(query, { k: depth, mode });
    const ranked = [
      ...new Set(hits.map((h) => pathToDoc.get(h.chunk.doc_id) ?? pathToDoc.get(h.chunk.path) ?? h.chunk.path)),
    ];
    if (ranked.length >= DEPTH || hits.length < depth || depth >= DEPTH * 16) return ranked.slice(0, DEPTH);
    depth *= 2;
  }
}

/** Article document id (`<archive id>.<entry>`) → corpus id (the entry path without `.html`) for a ZIM corpus. */
async function zimCorpusIds(file: string, archiveId: string): Promise<Map<string, string>> {
  const zim = await ZimArchive.open(file);
  try {
    const ids = new Map<string, string>();
    for (const index of await zim.articlesByCluster()) {
      const entry = await zim.entryAt(index);
      ids.set(zimArticleId(archiveId, index), entry.path.replace(/\.html?$/i, ""));
    }
    return ids;
  } finally {
    await zim.close();
  }
}

/**
 * Runs an evaluation: writes the corpus into a temp library, indexes it with
 * Almanac's own indexer (parser, chunker, embedder, LanceDB), then runs every
 * judged query in each mode and scores the document rankings with trec_eval
 * metric definitions ({@link scoreQuery}).
 *
 * @throws Error when a mode needs a model that is not in the models folder.
 */
export async function runEvaluation(dataset: EvalDataset, opts: EvalOptions): Promise<EvalReport> {
  const work = await mkdtemp(join(tmpdir(), "almanac-eval-"));
  const libraryDir = join(work, "library");
  const collection = join(libraryDir, "corpus");
  await mkdir(collection, { recursive: true });
  const pathToDoc = new Map<string, string>();
  const width = String(dataset.docs.length).length;
  for (const [i, doc] of dataset.docs.entries()) {
    const name = `d${String(i).padStart(width, "0")}.md`;
    pathToDoc.set(`corpus/${name}`, doc.id);
    await writeFile(join(collection, name), docToMarkdown(doc));
  }
  if (dataset.zim) {
    await copyFile(dataset.zim, join(collection, "corpus.zim"));
    for (const [articleId, corpusId] of await zimCorpusIds(dataset.zim, docIdOf("corpus/corpus.zim")))
      pathToDoc.set(articleId, corpusId);
  }
  const documentCount = dataset.zim ? pathToDoc.size : dataset.docs.length;
  const config: Config = { ...opts.config, libraryDir, dataDir: join(work, "data"), watch: false };
  const app = await Almanac.open(config, opts.log, { roles: rolesFor(opts.modes), lexical: opts.lexical ?? "tuned" });
  const { library, models, search } = app.services;
  try {
    const embedding = models.runtime.embedder?.entry.id ?? null;
    const reranker = models.runtime.reranker?.entry.id ?? null;
    for (const mode of opts.modes) {
      if (mode !== "bm25" && !embedding && mode !== "rerank")
        throw new Error(`mode ${mode} needs an embedding model in ${config.modelsDir}`);
      if (mode === "rerank" && !reranker) throw new Error(`mode rerank needs a reranker model in ${config.modelsDir}`);
    }
    const startedAt = new Date().toISOString();
    let done = 0;
    library.indexer.on("document", () => opts.onIndexProgress?.(++done, documentCount));
    const t0 = performance.now();
    await library.indexer.reconcile();
    const indexSeconds = (performance.now() - t0) / 1000;

    const queries = dataset.queries.slice(0, opts.limitQueries ?? dataset.queries.length);
    const modes: ModeReport[] = [];
    for (const mode of opts.modes) {
      const perQuery: QueryResult[] = [];
      for (const q of queries) {
        const t = performance.now();
        const ranked = await rankDocuments(search, q.text, mode, pathToDoc);
        const ms = performance.now() - t;
        perQuery.push({ id: q.id, ms, ...scoreQuery(ranked, dataset.qrels.get(q.id) ?? new Map(), opts.k) });
        opts.onQueryProgress?.(mode, perQuery.length, queries.length);
      }
      const times = perQuery.map((r) => r.ms);
      modes.push({
        mode,
        metrics: meanMetrics(perQuery),
        latencyMs: {
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          mean: times.reduce((s, t) => s + t, 0) / Math.max(1, times.length),
        },
        perQuery,
      });
    }
    const counts = library.indexer.countsByStatus();
    return {
      dataset: dataset.name,
      format: dataset.format,
      k: opts.k,
      documents: documentCount,
      chunks: await library.chunkCount(),
      queries: queries.length,
      index: { seconds: indexSeconds, failed: counts.failed },
      models: { embedding, reranker },
      settings: {
        chunkTokens: config.chunkTokens,
        chunkOverlapTokens: config.chunkOverlapTokens,
        vectorWeight: config.vectorWeight,
        rerankTopN: config.rerankTopN,
        headingBoost: config.headingBoost,
        threads: config.threads,
        lexical: opts.lexical ?? "tuned",
      },
      machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? "unknown", node: process.version },
      startedAt,
      modes,
      ...(opts.keep ? { workDir: work } : {}),
    };
  } finally {
    await app.close();
    if (!opts.keep) await rm(work, { recursive: true, force: true });
  }
}
