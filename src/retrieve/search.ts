import type { ChunkHit, ChunkStore, SearchFilter } from "../index/chunk-store.js";
import type { Embedder } from "../models/runtime.js";
import { bm25Weight, weightedFusion } from "./fusion.js";

/** Retrieval modes. `hybrid` needs an embedding model; `auto` picks hybrid when one is loaded, else BM25. */
export type SearchMode = "auto" | "bm25" | "vector" | "hybrid";

/** A ranked passage with its scores and everything needed to cite it. */
export interface SearchResult {
  chunk: ChunkHit;
  /** Final score (fused in hybrid mode; raw BM25 or cosine otherwise). */
  score: number;
  bm25: number | null;
  cosine: number | null;
}

/** Search request options. */
export interface SearchOptions {
  k: number;
  filter?: SearchFilter;
  mode?: SearchMode;
}

/**
 * Library search: BM25 over LanceDB's full-text index, exact cosine vector
 * search, or hybrid — both retrievers' candidate pools (4×k, at least 20)
 * merged by query-aware weighted fusion ({@link weightedFusion}), not RRF.
 */
export class Retriever {
  constructor(
    private readonly store: ChunkStore,
    private readonly embedder: Embedder | null,
    private readonly vectorWeight = 0.5,
  ) {}

  /** The mode `auto` resolves to with the loaded models. */
  get defaultMode(): Exclude<SearchMode, "auto"> {
    return this.embedder && this.store.dims !== null ? "hybrid" : "bm25";
  }

  /**
   * Runs a search.
   * @throws Error when `vector`/`hybrid` is asked for without an embedding model.
   */
  async search(query: string, opts: SearchOptions): Promise<SearchResult[]> {
    const mode = !opts.mode || opts.mode === "auto" ? this.defaultMode : opts.mode;
    const text = query.trim();
    if (!text) return [];
    if (mode === "bm25") {
      const hits = await this.store.searchBm25(text, opts.k, opts.filter);
      return hits.map((h) => ({ chunk: h, score: h._score ?? 0, bm25: h._score ?? 0, cosine: null }));
    }
    if (!this.embedder || this.store.dims === null) throw new Error(`${mode} search needs an embedding model`);
    const vector = await this.embedder.embed(text, "query");
    if (mode === "vector") {
      const hits = await this.store.searchVector(vector, opts.k, opts.filter);
      return hits.map((h) => {
        const cosine = 1 - (h._distance ?? 1);
        return { chunk: h, score: cosine, bm25: null, cosine };
      });
    }
    const pool = Math.max(20, opts.k * 4);
    const [lexical, semantic] = await Promise.all([
      this.store.searchBm25(text, pool, opts.filter, true),
      this.store.searchVector(vector, pool, opts.filter),
    ]);
    // Lexical hits get their true cosine (both sides are L2-normalised, so a dot product); vector-only hits
    // fell below the BM25 pool and count 0 there.
    const byId = new Map<string, { chunk: ChunkHit; bm25?: number; cosine?: number }>();
    for (const { vector: stored, ...h } of lexical) {
      byId.set(h.id, { chunk: h, bm25: h._score ?? 0, ...(stored ? { cosine: dot(vector, stored) } : {}) });
    }
    for (const h of semantic) {
      const cosine = 1 - (h._distance ?? 1);
      if (!byId.has(h.id)) byId.set(h.id, { chunk: h, cosine });
    }
    const fused = weightedFusion(
      [...byId.entries()].map(([id, e]) => ({ id, bm25: e.bm25, cosine: e.cosine })),
      bm25Weight(text, this.vectorWeight),
    );
    return fused.slice(0, opts.k).map((f) => {
      const e = byId.get(f.id)!;
      return { chunk: e.chunk, score: f.score, bm25: e.bm25 ?? null, cosine: e.cosine ?? null };
    });
  }
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length && i < b.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
