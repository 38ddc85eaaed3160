import type { LlamaEmbeddingContext, LlamaModel } from "node-llama-cpp";
import PQueue from "p-queue";
import type { Config } from "../config.js";
import { type EmbeddingPrefixes, embeddingPrefixesFor } from "./prefixes.js";
import type { ModelEntry } from "./registry.js";

/** L2-normalises a vector (zero vectors are returned unchanged). */
export function l2Normalise(v: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] as number) ** 2;
  const norm = Math.sqrt(sum);
  return Array.from(v, (x) => (norm > 0 ? x / norm : x));
}

/**
 * A loaded embedding model with one or more embedding contexts. Each context
 * embeds one text at a time on its own threads; several single-thread
 * contexts keep a small CPU busy where one multi-thread context spins
 * (see `docs/performance.md`). A text goes to the context with the
 * shortest queue; {@link embedMany} spreads a batch over all of them.
 */
export class Embedder {
  readonly prefixes: EmbeddingPrefixes;
  private readonly queues: PQueue[];
  constructor(
    readonly entry: ModelEntry,
    private readonly model: LlamaModel,
    private readonly contexts: readonly LlamaEmbeddingContext[],
    /** Usable context, in tokens. */
    readonly contextSize: number,
  ) {
    if (contexts.length === 0) throw new Error("an embedder needs at least one context");
    this.prefixes = embeddingPrefixesFor(`${entry.name} ${entry.id}`);
    this.queues = contexts.map(() => new PQueue({ concurrency: 1 }));
  }
  get dims(): number {
    return this.model.embeddingVectorSize;
  }
  /** How many texts can be embedded at once (the number of contexts). */
  get parallelism(): number {
    return this.contexts.length;
  }
  /** Tokens in `text` according to the model's tokenizer. */
  countTokens = (text: string): number => this.model.tokenize(text).length;

  /** Frees the contexts and the model once the texts queued on them are embedded (an embedding switch retires the old one). */
  async dispose(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.onIdle()));
    for (const c of this.contexts) await c.dispose();
    await this.model.dispose();
  }

  /**
   * Embeds one text with the family's query or document prefix, truncated to
   * the context (node-llama-cpp throws on overlong input), L2-normalised.
   */
  async embed(text: string, kind: "query" | "document"): Promise<number[]> {
    return this.embedRaw(this.prefixed(text, kind));
  }

  /**
   * Embeds many texts over every context in parallel.
   * @param onDone - called with the count finished so far, as texts finish.
   * @returns L2-normalised vectors in input order.
   */
  async embedMany(
    texts: readonly string[],
    kind: "query" | "document" | "raw",
    onDone?: (done: number) => void,
  ): Promise<number[][]> {
    const out: number[][] = new Array(texts.length);
    let next = 0;
    let done = 0;
    // One pull loop per context: a context that finishes early takes the next text, so no context idles.
    const worker = async (q: number) => {
      while (next < texts.length) {
        const i = next++;
        const input = this.fit(kind === "raw" ? (texts[i] as string) : this.prefixed(texts[i] as string, kind));
        const result = await (this.queues[q] as PQueue).add(() =>
          (this.contexts[q] as LlamaEmbeddingContext).getEmbeddingFor(input),
        );
        out[i] = l2Normalise(result.vector);
        onDone?.(++done);
      }
    };
    await Promise.all(this.contexts.map((_, q) => worker(q)));
    return out;
  }

  /** Embeds text exactly as given (no prefix), truncated to the context and L2-normalised; used by `/v1/embeddings`. */
  async embedRaw(prefixed: string): Promise<number[]> {
    const input = this.fit(prefixed);
    // The least busy context: a query is not stuck behind a long ingest batch on one context.
    let q = 0;
    for (let i = 1; i < this.queues.length; i++)
      if (
        (this.queues[i] as PQueue).size + (this.queues[i] as PQueue).pending <
        (this.queues[q] as PQueue).size + (this.queues[q] as PQueue).pending
      )
        q = i;
    const result = await (this.queues[q] as PQueue).add(() =>
      (this.contexts[q] as LlamaEmbeddingContext).getEmbeddingFor(input),
    );
    return l2Normalise(result.vector);
  }

  private prefixed(text: string, kind: "query" | "document"): string {
    return (kind === "query" ? this.prefixes.query : this.prefixes.document) + text;
  }

  /** The text cut to the context's token budget. */
  private fit(text: string): string {
    const budget = this.contextSize - 4;
    // A token covers at least one byte, so a text with no more bytes than the budget fits without tokenizing
    // (tokenizing is a synchronous native call that would hold up the other contexts).
    if (Buffer.byteLength(text, "utf8") <= budget) return text;
    const tokens = this.model.tokenize(text);
    return tokens.length > budget ? this.model.detokenize(tokens.slice(0, budget)) : text;
  }
}

/**
 * How many embedding contexts to run and with how many threads each. On a
 * GPU, one context (the GPU is the parallelism). On CPU, two contexts per
 * core, at most 4, each with the cores left over (1 on small machines).
 * Measured on 2 cores with the fixture embedder (`npm run bench --
 * --threads-matrix`), in chunks/s: 1 context × 2 threads 79–103, 1 × 1
 * 274–345, 2 × 1 284–466, 4 × 1 328–597. Several single-thread contexts win
 * because ggml's threads spin-wait on a busy CPU, and a second context per
 * core fills the gaps while the other one's results are handled in JS.
 * `embeddingContexts` / `embeddingThreads` (0 = this rule) override it.
 */
export function embeddingLayout(
  config: Pick<Config, "threads" | "embeddingContexts" | "embeddingThreads">,
  gpu: boolean,
): { contexts: number; threads: number } {
  const contexts = config.embeddingContexts || (gpu ? 1 : Math.max(1, Math.min(4, 2 * config.threads)));
  const threads =
    config.embeddingThreads || (gpu ? config.threads : Math.max(1, Math.floor(config.threads / contexts)));
  return { contexts, threads };
}

/** Longest embedding input, tokens (less when the model was trained on less); longer inputs are cut. */
export const EMBEDDING_CONTEXT_TOKENS = 2048;
