import { freemem } from "node:os";
// Types only: node-llama-cpp itself (native bindings, ~40 MB resident) is imported when a GGUF file exists.
import type {
  ChatHistoryItem,
  ChatWrapper,
  Llama,
  LlamaContextSequence,
  LlamaEmbeddingContext,
  LlamaLogLevel,
  LlamaModel,
  LlamaRankingContext,
} from "node-llama-cpp";
import PQueue from "p-queue";
import type { Config } from "../config.js";
import { ChatQueueFullError, ChatTimeoutError, ModelChoiceError } from "../errors.js";
import type { Logger } from "../log.js";
import { percentile } from "../stats.js";
import { type EmbeddingPrefixes, embeddingPrefixesFor } from "./prefixes.js";
import { type ModelEntry, type ModelRole, pinnedModels, scanModels } from "./registry.js";

/** A chat message in OpenAI shape, reduced to what generation needs. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Generation options. */
export interface GenerateOptions {
  maxTokens: number;
  temperature?: number;
  signal?: AbortSignal;
  /** Called with each decoded text piece as it is generated. */
  onText?: (text: string) => void;
}

/** Outcome of one generation; token counts come from the model's own tokenizer. */
export interface GenerateResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
  finishReason: "stop" | "length";
}

/** Speed of a chat model's recent generations: time to first token (ms) and tokens/s, p50 and p95. */
export interface GenerationStats {
  /** Generations measured (the last {@link STATS_WINDOW} at most). */
  requests: number;
  /** Answers the model generates side by side (`chatSequences`). */
  sequences: number;
  ttftMs: { p50: number; p95: number } | null;
  tokensPerS: { p50: number; p95: number } | null;
}

/** Generations kept for {@link GenerationStats}. */
export const STATS_WINDOW = 100;

/** How many generation endings {@link ChatModel.endings} keeps. */
const RECENT_ENDINGS = 8;

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

/** Longest reranker input (query and passage together), tokens. */
const RANKING_CONTEXT_TOKENS = 8192;

/**
 * The context a role's model is loaded with, tokens: the trained context, cut
 * to {@link EMBEDDING_CONTEXT_TOKENS} for embedding, 8,192 for reranking and
 * `chatContextSize` for chat.
 */
export function contextSizeFor(role: ModelRole, trainContextSize: number, chatContextSize: number): number {
  const cap =
    role === "embedding" ? EMBEDDING_CONTEXT_TOKENS : role === "reranker" ? RANKING_CONTEXT_TOKENS : chatContextSize;
  return Math.min(trainContextSize, cap);
}

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
}

/** Most chat sequences chosen automatically: past 4, a 2-core CPU gains no throughput, only memory use. */
export const MAX_AUTO_CHAT_SEQUENCES = 4;

/**
 * How many chat sequences one context gets. Each sequence keeps its own KV
 * cache of `contextSize` tokens, and llama.cpp decodes all busy sequences in
 * one batch, so several answers are generated side by side for little more
 * than the cost of one (node-llama-cpp "Using Batching" guide).
 * @param configured - `chatSequences`; 0 means automatic.
 * @param freeBytes - free memory now (RAM, or VRAM when the model is offloaded).
 * @param perSequenceBytes - one sequence's KV cache and buffers (node-llama-cpp's GGUF insights estimate).
 * @returns `configured` when set; else as many as fit in a quarter of `freeBytes`, 1 to {@link MAX_AUTO_CHAT_SEQUENCES}.
 */
export function chatSequenceCount(configured: number, freeBytes: number, perSequenceBytes: number): number {
  if (configured > 0) return configured;
  const fit = Math.floor((0.25 * freeBytes) / Math.max(1, perSequenceBytes));
  return Math.max(1, Math.min(MAX_AUTO_CHAT_SEQUENCES, fit));
}

/**
 * A loaded chat model with one or more context sequences. Requests run side
 * by side, one per free sequence; the rest wait, at most `maxQueue` of them
 * (then {@link ChatQueueFullError}). A request whose signal aborts while it
 * waits leaves the queue at once.
 */
export class ChatModel {
  private readonly queue: PQueue;
  /** Sequences not generating now; a running request takes one and gives it back. */
  private readonly free: LlamaContextSequence[];
  /**
   * The model's chat wrapper, resolved once at load: `new LlamaChatSession`
   * resolves "auto" again each time, comparing the GGUF's Jinja template with
   * every built-in wrapper, which cost 280–690 ms of each request's TTFT on 2 cores.
   */
  private readonly chatWrapper: ChatWrapper;
  /** Recent generation time, ms (an exponential moving average), for `Retry-After`. */
  private typicalMs = 5_000;
  private readonly recent: Array<{ ttftMs: number; tokensPerS: number | null }> = [];
  /**
   * How the last {@link RECENT_ENDINGS} generations ended, oldest first: tokens
   * produced and whether the caller aborted. A list, not the last one alone,
   * because a stopped answer is followed at once by its title generation.
   */
  readonly endings: Array<{ completionTokens: number; aborted: boolean }> = [];
  /** Generations started since load (the evidence gate's tests assert that a refused question starts none). */
  generations = 0;
  constructor(
    readonly entry: ModelEntry,
    private readonly model: LlamaModel,
    sequences: readonly LlamaContextSequence[],
    /** One sequence's real size in tokens, prompt and answer together. */
    readonly contextSize: number,
    private readonly llamaCpp: typeof import("node-llama-cpp"),
    /** Most requests that may wait while every sequence is busy. */
    private readonly maxQueue = 8,
    /** Longest a request may take, waiting and generating, ms; 0 for no limit. */
    private readonly timeoutMs = 0,
  ) {
    this.free = [...sequences];
    this.chatWrapper = llamaCpp.resolveChatWrapper(model);
    this.sequences = sequences.length;
    this.queue = new PQueue({ concurrency: sequences.length });
  }

  /**
   * Frees the model once the requests it took have finished: a switch to
   * another chat model lets answers in flight end on this one. New requests
   * must no longer reach it (the runtime already points at the new model).
   */
  async retire(): Promise<void> {
    await this.queue.onIdle();
    await this.free[0]?.context.dispose();
    await this.model.dispose();
  }

  /** Requests generated side by side. */
  readonly sequences: number;
  countTokens = (text: string): number => this.model.tokenize(text).length;

  /** Requests waiting for a sequence (not counting those generating). */
  get waiting(): number {
    return this.queue.size;
  }

  /** TTFT and tokens/s over the last {@link STATS_WINDOW} generations (queue time excluded). */
  stats(): GenerationStats {
    const pair = (xs: number[]) =>
      xs.length ? { p50: Number(percentile(xs, 50).toFixed(1)), p95: Number(percentile(xs, 95).toFixed(1)) } : null;
    return {
      requests: this.recent.length,
      sequences: this.sequences,
      ttftMs: pair(this.recent.map((r) => r.ttftMs)),
      tokensPerS: pair(this.recent.flatMap((r) => (r.tokensPerS === null ? [] : [r.tokensPerS]))),
    };
  }

  /** Seconds until a sequence is likely free for a new request: the queue ahead times recent generation time. */
  private retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(((this.queue.size + 1) * this.typicalMs) / this.sequences / 1000));
  }

  /**
   * Requests a new one would wait behind: none while a sequence is free, else
   * everyone waiting plus the first of the running ones to finish.
   */
  get ahead(): number {
    return this.queue.pending < this.sequences ? 0 : this.queue.size + 1;
  }

  /** @throws ChatQueueFullError when `maxQueue` requests already wait (checked again by {@link generate}). */
  assertRoom(): void {
    if (this.queue.size >= this.maxQueue) throw new ChatQueueFullError(this.queue.size, this.retryAfterSeconds());
  }

  /**
   * Generates a reply to `messages`. The system messages become the system
   * prompt and earlier turns the chat history; the last user message is the
   * prompt. A sequence keeps its KV cache between requests, so a shared prefix
   * is not evaluated again. Aborting `signal` stops generation and resolves
   * with what was produced so far.
   * @throws ChatQueueFullError when the queue is full.
   * @throws ChatTimeoutError when no sequence came free within the timeout; a
   * request that times out while generating ends with what it has, finish reason `length`.
   */
  async generate(messages: ChatMessage[], opts: GenerateOptions): Promise<GenerateResult> {
    this.assertRoom();
    this.generations++;
    const timeout = this.timeoutMs > 0 ? AbortSignal.timeout(this.timeoutMs) : null;
    const signal = timeout && opts.signal ? AbortSignal.any([opts.signal, timeout]) : (timeout ?? opts.signal);
    // p-queue rejects a running task as soon as its signal aborts and starts the next one, while the
    // generation is still winding down on its sequence. So only the wait is aborted through p-queue;
    // a running generation stops through its own signal and gives its sequence back when it has.
    const waiting = new AbortController();
    let started = false;
    const leave = () => {
      if (!started) waiting.abort(signal?.reason);
    };
    signal?.addEventListener("abort", leave, { once: true });
    if (signal?.aborted) leave();
    try {
      const result = await this.queue.add(
        () => {
          started = true;
          return this.run(messages, { ...opts, ...(signal ? { signal } : {}) });
        },
        { signal: waiting.signal },
      );
      return timeout?.aborted && !opts.signal?.aborted ? { ...result, finishReason: "length" } : result;
    } catch (err) {
      // Aborted while waiting: the caller left before its turn, so nothing was generated.
      if (opts.signal?.aborted) return { text: "", promptTokens: 0, completionTokens: 0, finishReason: "stop" };
      if (timeout?.aborted) throw new ChatTimeoutError(Math.round(this.timeoutMs / 1000), this.retryAfterSeconds());
      throw err;
    } finally {
      signal?.removeEventListener("abort", leave);
    }
  }

  private async run(messages: ChatMessage[], opts: GenerateOptions): Promise<GenerateResult> {
    const t0 = performance.now();
    {
      const system = messages
        .filter((m) => m.role === "system")
        .map((m) => m.content)
        .join("\n\n");
      const turns = messages.filter((m) => m.role !== "system");
      const last = turns.at(-1);
      const prompt = last?.role === "user" ? last.content : "";
      const history: ChatHistoryItem[] = [];
      if (system) history.push({ type: "system", text: system });
      for (const m of turns.slice(0, last?.role === "user" ? -1 : undefined)) {
        history.push(m.role === "user" ? { type: "user", text: m.content } : { type: "model", response: [m.content] });
      }
      // The queue runs at most as many requests as there are sequences, so one is always free here.
      const sequence = this.free.pop() as LlamaContextSequence;
      const session = new this.llamaCpp.LlamaChatSession({
        contextSequence: sequence,
        autoDisposeSequence: false,
        chatWrapper: this.chatWrapper,
      });
      try {
        session.setChatHistory(history);
        const promptState = session.chatWrapper.generateContextState({
          chatHistory: [...history, { type: "user", text: prompt }, { type: "model", response: [] }],
        });
        const promptTokens = promptState.contextText.tokenize(this.model.tokenizer).length;
        let completionTokens = 0;
        let partial = "";
        let first: number | null = null;
        let text: string;
        try {
          text = await session.prompt(prompt, {
            maxTokens: opts.maxTokens,
            temperature: opts.temperature ?? 0,
            ...(opts.signal ? { signal: opts.signal, stopOnAbortSignal: true } : {}),
            onToken: (tokens) => {
              completionTokens += tokens.length;
            },
            onTextChunk: (chunk) => {
              first ??= performance.now();
              partial += chunk;
              opts.onText?.(chunk);
            },
          });
        } catch (err) {
          // A client that went away is a normal end of generation, not a failure.
          if (!opts.signal?.aborted) throw err;
          text = partial;
        } finally {
          this.endings.push({ completionTokens, aborted: opts.signal?.aborted ?? false });
          if (this.endings.length > RECENT_ENDINGS) this.endings.shift();
        }
        const end = performance.now();
        this.typicalMs = 0.7 * this.typicalMs + 0.3 * (end - t0);
        if (first !== null) {
          const genS = (end - first) / 1000;
          this.recent.push({
            ttftMs: first - t0,
            tokensPerS: completionTokens > 1 && genS > 0 ? (completionTokens - 1) / genS : null,
          });
          if (this.recent.length > STATS_WINDOW) this.recent.shift();
        }
        return {
          text,
          promptTokens,
          completionTokens,
          finishReason: completionTokens >= opts.maxTokens ? "length" : "stop",
        };
      } finally {
        session.dispose({ disposeSequence: false });
        this.free.push(sequence);
      }
    }
  }
}

/** Everything status needs to know about the model runtime. */
export interface RuntimeInfo {
  backend: string;
  gpu: boolean;
  gpuDevices: string[];
  threads: number;
  /** Embedding contexts × threads each, when an embedding model is loaded. */
  embeddingLayout: { contexts: number; threads: number } | null;
  /** Each model; the chat model also has its recent {@link GenerationStats}. */
  models: Array<ModelEntry & { loaded: boolean; error?: string; generation?: GenerationStats }>;
}

/** The accelerator as `almanac doctor` reports it, and what each model needs. */
export interface AcceleratorReport {
  /** `cuda`, `vulkan`, `metal` or `cpu`. */
  backend: string;
  gpus: string[];
  /** GPU memory, bytes; null on CPU. */
  vram: { totalBytes: number; freeBytes: number } | null;
  /** Per model id: memory to load it with its context, bytes (VRAM for offloaded layers, RAM for the rest). */
  needs: Array<{ id: string; ramBytes: number; vramBytes: number }>;
}

/**
 * Owns node-llama-cpp: detects the compute backend (CUDA, Vulkan or Metal when
 * present, else CPU), scans the models folder, and loads one model per role.
 * A model that fails to load is reported and skipped; the rest still load.
 *
 * `build: "never"` keeps node-llama-cpp from ever downloading and compiling
 * llama.cpp at run time: Almanac stays offline and uses the shipped binaries.
 */
export class ModelRuntime {
  embedder: Embedder | null = null;
  chat: ChatModel | null = null;
  reranker: Reranker | null = null;
  private llama: Llama | null = null;
  /** The embedding contexts × threads in use, once an embedding model is loaded. */
  embeddingLayout: { contexts: number; threads: number } | null = null;
  private entries: Array<ModelEntry & { loaded: boolean; error?: string }> = [];
  private gpuDevices: string[] = [];

  constructor(
    private readonly config: Pick<
      Config,
      | "modelsDir"
      | "threads"
      | "gpu"
      | "embeddingModel"
      | "chatModel"
      | "rerankerModel"
      | "chatContextSize"
      | "embeddingContexts"
      | "embeddingThreads"
      | "chatQueueMax"
      | "chatSequences"
      | "chatTimeoutSeconds"
    >,
    private readonly log: Logger,
  ) {}

  /**
   * Scans and loads models. Safe to call with an empty or missing models folder.
   * @param roles - the roles to load (all by default); the evaluation harness loads only what a mode needs.
   */
  async load(roles: readonly ModelRole[] = ["embedding", "chat", "reranker"]): Promise<void> {
    const pinned = pinnedModels(this.config);
    const found = await scanModels(this.config.modelsDir, pinned, (file, err) =>
      this.log.warn({ file, err: err.message }, "unreadable model file skipped"),
    );
    this.entries = found.map((e) => ({ ...e, loaded: false }));
    if (found.length === 0) return;
    const llama = await this.getLlama();
    const threads = this.config.threads;
    for (const role of roles) {
      const entry = this.entries.find((e) => e.role === role && (!pinned[role] || e.path.endsWith(pinned[role])));
      if (!entry) continue;
      try {
        const model = await llama.loadModel({ modelPath: entry.path });
        if (role === "embedding") {
          // Chunks are a few hundred tokens; 2,048 leaves room for long API inputs while keeping each context's buffers small.
          const contextSize = contextSizeFor(role, model.trainContextSize, this.config.chatContextSize);
          const layout = embeddingLayout(this.config, Boolean(llama.gpu));
          const contexts: LlamaEmbeddingContext[] = [];
          for (let i = 0; i < layout.contexts; i++)
            contexts.push(await model.createEmbeddingContext({ contextSize, threads: layout.threads }));
          this.embedder = new Embedder(entry, model, contexts, contextSize);
          this.embeddingLayout = layout;
        } else if (role === "reranker") {
          const ctx = await model.createRankingContext({
            contextSize: contextSizeFor(role, model.trainContextSize, this.config.chatContextSize),
            threads,
          });
          this.reranker = new Reranker(entry, ctx);
        } else {
          this.chat = await this.chatModelOf(llama, entry, model);
        }
        entry.loaded = true;
        this.log.info({ model: entry.id, role, backend: llama.gpu || "cpu", threads }, "model loaded");
      } catch (err) {
        entry.error = (err as Error).message;
        this.log.error({ model: entry.id, role, err: entry.error }, "model failed to load");
      }
    }
  }

  /** A chat model with as many sequences as {@link chatSequenceCount} allows, on a context of `chatContextSize`. */
  private async chatModelOf(llama: Llama, entry: ModelEntry, model: LlamaModel): Promise<ChatModel> {
    const contextSize = contextSizeFor("chat", model.trainContextSize, this.config.chatContextSize);
    const one = await model.fileInsights.estimateContextResourceRequirementsV2({
      contextSize,
      modelGpuLayers: model.gpuLayers,
      sequences: 1,
    });
    const offloaded = model.gpuLayers > 0;
    const free = offloaded ? (await llama.getVramState()).free : freemem();
    const sequences = chatSequenceCount(this.config.chatSequences, free, offloaded ? one.gpuVram : one.cpuRam);
    const ctx = await model.createContext({ contextSize, threads: this.config.threads, sequences });
    return new ChatModel(
      entry,
      model,
      Array.from({ length: sequences }, () => ctx.getSequence()),
      ctx.contextSize,
      await import("node-llama-cpp"),
      this.config.chatQueueMax,
      this.config.chatTimeoutSeconds * 1000,
    );
  }

  /**
   * Switches the chat model without a restart: loads `file` from the models
   * folder (scanned again, so a file copied in since start-up is found), then
   * points new requests at it. Answers in flight finish on the old model,
   * which is freed once they have ({@link ChatModel.retire}).
   * @param file - a file name in the models folder, with or without `.gguf`.
   * @returns the model now answering.
   * @throws ModelChoiceError (404) for a file that is not there, (400) for an embedding or reranker model.
   * @throws Error from node-llama-cpp when the file cannot be loaded; the old model stays in use.
   */
  async useChat(file: string): Promise<ModelEntry> {
    const id = file.replace(/\.gguf$/i, "");
    const found = await scanModels(this.config.modelsDir, pinnedModels(this.config));
    const entry = found.find((e) => e.id === id);
    if (!entry) throw new ModelChoiceError(`no model "${file}" in the models folder`, 404);
    if (entry.role !== "chat")
      throw new ModelChoiceError(`${entry.id}.gguf is the ${entry.role} kind of model, not a chat model`, 400);
    const llama = await this.getLlama();
    const next = await this.chatModelOf(llama, entry, await llama.loadModel({ modelPath: entry.path }));
    const old = this.chat;
    this.chat = next;
    // The list follows the folder; other roles keep their load state.
    const state = new Map(this.entries.map((e) => [e.path, e]));
    this.entries = found.map((e) => {
      const was = state.get(e.path);
      const loaded = e.role === "chat" ? e.path === entry.path : (was?.loaded ?? false);
      return { ...e, loaded, ...(was?.error && e.role !== "chat" ? { error: was.error } : {}) };
    });
    this.log.info({ model: entry.id, previous: old?.entry.id ?? null }, "chat model switched");
    if (old) void old.retire().catch((err: Error) => this.log.warn({ err: err.message }, "old chat model not freed"));
    return entry;
  }

  private async getLlama(): Promise<Llama> {
    if (this.llama) return this.llama;
    const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
    const gpu = this.config.gpu === "off" ? false : this.config.gpu;
    const logger = (level: LlamaLogLevel, message: string) => {
      if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal)
        this.log.error({ llama: message.trim() }, "llama.cpp");
      else if (level === LlamaLogLevel.warn) this.log.debug({ llama: message.trim() }, "llama.cpp");
    };
    try {
      this.llama = await getLlama({
        gpu,
        build: "never",
        maxThreads: this.config.threads,
        logLevel: LlamaLogLevel.warn,
        logger,
      });
    } catch (err) {
      if (gpu === false) throw err;
      this.log.warn({ err: (err as Error).message, gpu }, "GPU backend unavailable, falling back to CPU");
      this.llama = await getLlama({
        gpu: false,
        build: "never",
        maxThreads: this.config.threads,
        logLevel: LlamaLogLevel.warn,
        logger,
      });
    }
    this.gpuDevices = this.llama.gpu ? await this.llama.getGpuDeviceNames().catch(() => []) : [];
    return this.llama;
  }

  /**
   * The compute backend and GPU memory, loading node-llama-cpp's bindings if
   * no model has yet (for `almanac doctor`), and the memory each model in the
   * folder needs with the context it would get, from node-llama-cpp's GGUF
   * insights (`estimateModelResourceRequirementsV2` plus
   * `estimateContextResourceRequirementsV2`): all layers on the GPU when there is one.
   */
  async hardware(models: readonly ModelEntry[]): Promise<AcceleratorReport> {
    const llama = await this.getLlama();
    const vram = llama.gpu ? await llama.getVramState() : null;
    const { GgufInsights, readGgufFileInfo } = await import("node-llama-cpp");
    const needs: AcceleratorReport["needs"] = [];
    for (const m of models) {
      const insights = await GgufInsights.from(
        await readGgufFileInfo(m.path, { sourceType: "filesystem", logWarnings: false }),
        llama,
      );
      const gpuLayers = llama.gpu ? insights.totalLayers : 0;
      const model = await insights.estimateModelResourceRequirementsV2({ gpuLayers });
      const context = await insights.estimateContextResourceRequirementsV2({
        contextSize: contextSizeFor(m.role, m.trainContextSize ?? 2048, this.config.chatContextSize),
        modelGpuLayers: gpuLayers,
        isEmbeddingContext: m.role === "embedding",
      });
      needs.push({ id: m.id, ramBytes: model.cpuRam + context.cpuRam, vramBytes: model.gpuVram + context.gpuVram });
    }
    return {
      backend: llama.gpu || "cpu",
      gpus: this.gpuDevices,
      vram: vram ? { totalBytes: vram.total, freeBytes: vram.free } : null,
      needs,
    };
  }

  /** Backend, threads and per-model load state. */
  info(): RuntimeInfo {
    return {
      backend: this.llama ? this.llama.gpu || "cpu" : "none (no models)",
      gpu: Boolean(this.llama?.gpu),
      gpuDevices: this.gpuDevices,
      threads: this.config.threads,
      embeddingLayout: this.embeddingLayout,
      models: this.entries.map((e) =>
        this.chat && e.id === this.chat.entry.id && e.role === "chat" ? { ...e, generation: this.chat.stats() } : e,
      ),
    };
  }

  /** Releases native resources. */
  async dispose(): Promise<void> {
    await this.llama?.dispose();
    this.llama = null;
  }
}
