import type { ChatHistoryItem, ChatWrapper, LlamaContextSequence, LlamaModel } from "node-llama-cpp";
import PQueue from "p-queue";
import { ChatQueueFullError, ChatTimeoutError } from "../errors.js";
import { percentile } from "../stats.js";
import type { ModelEntry } from "./registry.js";

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
