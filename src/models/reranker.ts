import type { LlamaRankingContext } from "node-llama-cpp";
import PQueue from "p-queue";
import type { ModelEntry } from "./registry.js";

/** A loaded cross-encoder reranker. */
export class Reranker {
  private readonly queue = new PQueue({ concurrency: 1 });
  constructor(
    readonly entry: ModelEntry,
    private readonly context: LlamaRankingContext,
  ) {}
  /**
   * Relevance of each document to the query, 0–1, in input order. A document
   * longer than the context is split and scores its best piece
   * (node-llama-cpp `onOverflow: "maxChunk"`).
   * @throws Error when the query alone does not fit the context.
   */
  async rank(query: string, documents: string[]): Promise<number[]> {
    return this.queue.add(() => this.context.rankAll(query, documents, { onOverflow: "maxChunk" }));
  }

  /** Frees the context and its model once the ranking queued on it is done (a switch or an unload). */
  async dispose(): Promise<void> {
    await this.queue.onIdle();
    const model = this.context.model;
    await this.context.dispose();
    await model.dispose();
  }
}
