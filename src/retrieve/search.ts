import type { Config } from "../config.js";
import { UnsupportedModeError } from "../errors.js";
import type { Embedder } from "../models/embedder.js";
import type { Reranker } from "../models/reranker.js";
import { type ChunkHit, type ChunkStore, passageText } from "../store/chunk-store.js";
import { filterToSql, type SearchFilter, type SearchMode } from "./filter.js";
import { bm25Weight } from "./fusion.js";
import { WeightedFusionReranker } from "./fusion-reranker.js";
import { bm25Scores, boostedFullText, mainQuery, sectionQuery } from "./lexical.js";
import { type ParsedQuery, parseQuery, satisfies } from "./query-syntax.js";
import { SearchCache } from "./search-cache.js";

/** A number per model object, so a cached result names the models it was ranked with. */
const modelIds = new WeakMap<object, number>();
let modelsSeen = 0;
function modelId(model: object | null): number {
  if (!model) return 0;
  const known = modelIds.get(model);
  if (known !== undefined) return known;
  modelsSeen++;
  modelIds.set(model, modelsSeen);
  return modelsSeen;
}

/** A ranked passage with its scores and everything needed to cite it. */
export interface SearchResult {
  chunk: ChunkHit;
  /** Final score (fused in hybrid mode; raw BM25 or cosine otherwise). */
  score: number;
  bm25: number | null;
  cosine: number | null;
  /** Cross-encoder relevance in [0, 1], for passages the reranker scored. */
  rerank: number | null;
}

/**
 * Whether `chunk` holds the lead-in that `continuation` carries: same
 * document and section (a list never crosses a section, and two sections may
 * title their lists alike, such as "Heat exhaustion:" under Symptoms and
 * under Treatment) and the lead-in in its text.
 */
export function holdsLeadIn(chunk: ChunkHit, continuation: ChunkHit): boolean {
  const lead = continuation.lead_in;
  return (
    Boolean(lead) &&
    chunk.doc_id === continuation.doc_id &&
    chunk.heading_path === continuation.heading_path &&
    chunk.text.includes(lead as string)
  );
}

/** Search request options. */
export interface SearchOptions {
  k: number;
  filter?: SearchFilter;
  mode?: SearchMode;
}

/**
 * Library search: BM25 over LanceDB's full-text index, exact cosine vector
 * search, hybrid — one LanceDB hybrid query whose two candidate pools (4×k,
 * at least 20) are merged by query-aware weighted fusion
 * ({@link WeightedFusionReranker}), not RRF — or hybrid/BM25 followed by a
 * cross-encoder over the top `rerankTopN`.
 */
export class Retriever {
  constructor(
    private readonly store: ChunkStore,
    /** The embedding model now (an embedding switch replaces it); read per query. */
    private readonly embedderOf: () => Embedder | null,
    /** The reranker now (it can be switched or unloaded at runtime); read per query. */
    private readonly rerankerOf: () => Reranker | null = () => null,
    private readonly settings: Pick<Config, "vectorWeight" | "rerankTopN" | "headingBoost"> = {
      vectorWeight: 0.5,
      rerankTopN: 20,
      headingBoost: 0.1,
    },
    /** Recent result lists kept ({@link SearchCache}; `searchCacheEntries`); 0, the default, keeps none. */
    cacheEntries = 0,
  ) {
    this.cache = new SearchCache(cacheEntries);
  }

  private readonly cache: SearchCache<SearchResult>;

  private get embedder(): Embedder | null {
    return this.embedderOf();
  }

  private get reranker(): Reranker | null {
    return this.rerankerOf();
  }

  /** The mode `auto` resolves to with the loaded models. */
  get defaultMode(): Exclude<SearchMode, "auto"> {
    if (this.reranker) return "rerank";
    return this.firstStageMode;
  }

  private get firstStageMode(): "hybrid" | "bm25" {
    return this.embedder && this.store.dims !== null ? "hybrid" : "bm25";
  }

  /**
   * Runs a search. The query understands `"phrases"`, `+required` and
   * `-excluded` words ({@link parseQuery}); the embedder sees the positive
   * text only, and vector-side candidates are held to the same operators.
   * A search asked again before the index changes is answered from the
   * {@link SearchCache} (the same results; identical searches in flight share one run).
   * @throws UnsupportedModeError when `vector`/`hybrid` is asked for without an embedding model, or `rerank` without a reranker;
   *   StorageError when the index cannot be read.
   */
  async search(query: string, opts: SearchOptions): Promise<SearchResult[]> {
    const parsed = parseQuery(query);
    if (!parsed.text) return [];
    const mode = !opts.mode || opts.mode === "auto" ? this.defaultMode : opts.mode;
    const where = filterToSql(opts.filter);
    const { vectorWeight, rerankTopN, headingBoost } = this.settings;
    const models = [modelId(this.embedder), modelId(this.reranker)];
    const key = JSON.stringify([query, opts.k, where ?? null, mode, vectorWeight, rerankTopN, headingBoost, models]);
    return this.cache.get(key, this.store.generation, () =>
      mode === "rerank" ? this.rerank(parsed, opts.k, where) : this.firstStage(parsed, mode, opts.k, where),
    );
  }

  /** A search without the cross-encoder, on a query parsed once by {@link search}. */
  private async firstStage(
    parsed: ParsedQuery,
    mode: Exclude<SearchMode, "auto" | "rerank">,
    k: number,
    where: string | undefined,
  ): Promise<SearchResult[]> {
    if (mode === "bm25") return this.bm25Only(parsed, k, where);
    const embedder = this.embedder;
    if (!embedder || this.store.dims === null)
      throw new UnsupportedModeError(`${mode} search needs an embedding model`);
    const vector = await embedder.embed(parsed.text, "query");
    // An embedding switch swapped the table while this query was embedded by the old model: answer it lexically.
    if (vector.length !== this.store.dims) return this.bm25Only(parsed, k, where);
    if (mode === "vector") {
      const hits = await this.store.searchVector(vector, k, where);
      return hits
        .filter((h) => satisfies(parsed, h.text))
        .map((h) => {
          const cosine = 1 - (h._distance ?? 1);
          return { chunk: h, score: cosine, bm25: null, cosine, rerank: null };
        });
    }
    const pool = Math.max(20, k * 4);
    // The raw BM25 scores come from the same full-text query run alongside; LanceDB hands its hybrid
    // reranker min-max-normalised ones only. Both are awaited together, so neither rejection goes unhandled.
    const rawBm25 = bm25Scores(this.store, parsed, pool, { where, headingBoost: this.settings.headingBoost });
    const reranker = new WeightedFusionReranker(vector, bm25Weight(parsed, this.settings.vectorWeight), rawBm25);
    const [hits] = await Promise.all([
      this.store.searchHybrid(mainQuery(parsed, this.store.lexical), vector, pool, reranker, where),
      rawBm25,
    ]);
    return hits
      .filter((h) => h._bm25 !== null || satisfies(parsed, h.text))
      .slice(0, k)
      .map((h) => ({
        chunk: h,
        score: h._relevance_score ?? 0,
        bm25: h._bm25 ?? null,
        cosine: h._cosine ?? null,
        rerank: null,
      }));
  }

  /**
   * The chunk that holds the lead-in of a list `hit` continues, when `hit`
   * carries one (a list split over chunks): the nearest earlier chunk of the
   * same section whose text contains it ({@link holdsLeadIn}), looking back at most 3 chunks.
   * @returns the chunk as an unscored result, or null.
   */
  async leadInChunk(hit: ChunkHit): Promise<SearchResult | null> {
    if (!hit.lead_in) return null;
    const before = [1, 2, 3].map((d) => hit.chunk_index - d);
    const chunks = await this.store.chunksAt(hit.doc_id, before);
    const holder = chunks.reverse().find((c) => holdsLeadIn(c, hit));
    return holder ? { chunk: holder, score: 0, bm25: null, cosine: null, rerank: null } : null;
  }

  /**
   * Reading on from `hit`: the next `n` chunks of its document, in order,
   * while they stay in its section (a section's end stops the reading).
   * @returns unscored results, empty at the section's or document's end.
   */
  async following(hit: ChunkHit, n: number): Promise<SearchResult[]> {
    const next = Array.from({ length: Math.max(0, n) }, (_, i) => hit.chunk_index + 1 + i);
    const chunks = await this.store.chunksAt(hit.doc_id, next);
    const run: SearchResult[] = [];
    for (const [i, chunk] of chunks.entries()) {
      if (chunk.chunk_index !== hit.chunk_index + 1 + i || chunk.heading_path !== hit.heading_path) break;
      run.push({ chunk, score: 0, bm25: null, cosine: null, rerank: null });
    }
    return run;
  }

  /**
   * The first chunk of every section under the given chapters
   * ({@link ChunkStore.sectionStarts}), in book order, as unscored results.
   */
  async subsections(chapters: ReadonlyArray<{ docId: string; parent: string }>): Promise<SearchResult[]> {
    const chunks = await this.store.sectionStarts(chapters, 80);
    return chunks.map((chunk) => ({ chunk, score: 0, bm25: null, cosine: null, rerank: null }));
  }

  /**
   * Sections whose headings name the topic ({@link ChunkStore.searchSections}):
   * `topic` words must all appear in the heading path, book title or list
   * titles; `context` words (the question's other words) rank among them.
   * @returns up to `k` unscored results (score is the heading BM25).
   */
  async sections(topic: string, context: string, k: number, filter?: SearchFilter): Promise<SearchResult[]> {
    const fts = sectionQuery(topic, context, this.store.lexical);
    const hits = fts ? await this.store.fullText(fts, k, filterToSql(filter)) : [];
    return hits.map((h) => ({ chunk: h, score: h._score ?? 0, bm25: null, cosine: null, rerank: null }));
  }

  /** BM25 alone (with the heading boost), scores as they are. */
  private async bm25Only(query: ParsedQuery, k: number, where: string | undefined): Promise<SearchResult[]> {
    const hits = await boostedFullText(this.store, query, k, { where, headingBoost: this.settings.headingBoost });
    return hits.map((h) => ({ chunk: h, score: h._score ?? 0, bm25: h._score ?? 0, cosine: null, rerank: null }));
  }

  /**
   * Cross-encoder reranking: the first stage's best `rerankTopN` passages are
   * re-scored by the reranker (query and passage read together, so it sees
   * word order and negation that BM25 and a bi-encoder miss) and re-sorted;
   * passages below the cut keep their first-stage order after them.
   */
  private async rerank(query: ParsedQuery, k: number, where: string | undefined): Promise<SearchResult[]> {
    const ranker = this.reranker;
    if (!ranker) throw new UnsupportedModeError("rerank search needs a reranker model");
    const topN = this.settings.rerankTopN;
    const first = await this.firstStage(query, this.firstStageMode, Math.max(k, topN), where);
    const head = first.slice(0, topN);
    const scores = await ranker.rank(
      query.text,
      head.map((r) => passageText(r.chunk)),
    );
    const reranked = head
      .map((r, i) => ({ ...r, rerank: scores[i] ?? 0, score: scores[i] ?? 0 }))
      .sort((a, b) => b.score - a.score);
    return [...reranked, ...first.slice(topN).map((r) => ({ ...r, score: 0 }))].slice(0, k);
  }
}
