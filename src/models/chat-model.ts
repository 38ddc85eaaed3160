import PQueue from "p-queue";
import { ChatQueueFullError, ChatTimeoutError } from "../errors.js";
import { percentile } from "../stats.js";
import type { ModelEntry } from "./registry.js";

/** A tool call an assistant message made, with the tool's result when the client sent one back. */
export interface MessageToolCall {
  id: string;
  name: string;
  /** The arguments as JSON text (OpenAI's `function.arguments`). */
  arguments: string;
  /** The `role: "tool"` message's content answering this call, when there is one. */
  result?: string;
}

/** A chat message in OpenAI shape, reduced to what generation needs; tool results are folded into their calls. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
  /** An assistant message's tool calls (OpenAI's `tool_calls`). */
  toolCalls?: MessageToolCall[];
}

/** A tool the model may call: OpenAI's `function` object (`parameters` is a JSON Schema). */
export interface ToolSpec {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

/** Whether the model may answer in text (`auto`), must call some tool (`required`), or must call the one named. */
export type ToolChoice = "auto" | "required" | { name: string };

/** Generation options. */
export interface GenerateOptions {
  maxTokens: number;
  temperature?: number;
  signal?: AbortSignal;
  /** Called with each decoded text piece as it is generated (not for a forced tool call's JSON). */
  onText?: (text: string) => void;
  /** Tools the model may call, and how ({@link ToolChoice}, default `auto`). */
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  /** At most this many calls in one reply when the model chooses (`parallel_tool_calls`; default 1). */
  maxParallelToolCalls?: number;
  /** Constrain the text to JSON: any object (`true`), or one matching this JSON Schema. */
  json?: true | Record<string, unknown>;
}

/** A tool call the model made. */
export interface GeneratedToolCall {
  name: string;
  /** The parsed arguments (they validate against the tool's `parameters` when the call was forced by grammar). */
  arguments: unknown;
}

/** Outcome of one generation; token counts come from the model's own tokenizer. */
export interface GenerateResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
  finishReason: "stop" | "length" | "tool_calls";
  /** The tool calls, when the model made some (then `finishReason` is `tool_calls`). */
  toolCalls?: GeneratedToolCall[];
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
 * A chat model behind a queue: requests run side by side, one per slot
 * (`concurrency`: a local model's context sequences, or the requests a remote
 * server is sent at once); the rest wait, at most `maxQueue` of them (then
 * {@link ChatQueueFullError}). A request whose signal aborts while it waits
 * leaves the queue at once. Subclasses say how one request is generated
 * ({@link ChatModel.produce}); this class owns the queue, the timeout, and
 * the TTFT and tokens/s statistics.
 */
export abstract class ChatModel {
  private readonly queue: PQueue;
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
  /** One request's room in tokens, prompt and answer together. */
  abstract readonly contextSize: number;
  /** Tokens in `text` by this model's tokenizer (or an estimate where there is none). */
  abstract countTokens: (text: string) => number;

  constructor(
    /** The model as the model list shows it. */
    readonly entry: ModelEntry,
    /** Requests generated side by side. */
    readonly sequences: number,
    /** Most requests that may wait while every slot is busy. */
    private readonly maxQueue = 8,
    /** Longest a request may take, waiting and generating, ms; 0 for no limit. */
    private readonly timeoutMs = 0,
  ) {
    this.queue = new PQueue({ concurrency: sequences });
  }

  /**
   * Generates one reply on a free slot. Called by the queue, never more than
   * `sequences` at once. It must call `opts.onText` with each piece as it
   * comes, and resolve with what was produced when `opts.signal` aborts.
   */
  /** Whether {@link GenerateOptions.tools} and {@link GenerateOptions.json} are honoured (a local model); false ignores them. */
  readonly supportsTools: boolean = false;

  protected abstract produce(messages: ChatMessage[], opts: GenerateOptions): Promise<GenerateResult>;

  /** Frees what the model holds; called by {@link retire} once its queue is idle. */
  protected abstract dispose(): Promise<void>;

  /**
   * Frees the model once the requests it took have finished: a switch to
   * another chat model lets answers in flight end on this one. New requests
   * must no longer reach it (the runtime already points at the new model).
   */
  async retire(): Promise<void> {
    await this.queue.onIdle();
    await this.dispose();
  }

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
          return this.timed(messages, { ...opts, ...(signal ? { signal } : {}) });
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

  /** Runs {@link produce}, timing its first text and tokens/s and keeping how it ended. */
  private async timed(messages: ChatMessage[], opts: GenerateOptions): Promise<GenerateResult> {
    const t0 = performance.now();
    let first: number | null = null;
    let result: GenerateResult | null = null;
    try {
      result = await this.produce(messages, {
        ...opts,
        onText: (text) => {
          first ??= performance.now();
          opts.onText?.(text);
        },
      });
    } finally {
      this.endings.push({ completionTokens: result?.completionTokens ?? 0, aborted: opts.signal?.aborted ?? false });
      if (this.endings.length > RECENT_ENDINGS) this.endings.shift();
    }
    const end = performance.now();
    this.typicalMs = 0.7 * this.typicalMs + 0.3 * (end - t0);
    if (first !== null) {
      const genS = (end - first) / 1000;
      const n = result.completionTokens;
      this.recent.push({ ttftMs: first - t0, tokensPerS: n > 1 && genS > 0 ? (n - 1) / genS : null });
      if (this.recent.length > STATS_WINDOW) this.recent.shift();
    }
    return result;
  }
}
