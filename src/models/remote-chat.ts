import { estimateTokens } from "../ingest/chunker.js";
import { sseData } from "../sse.js";
import { type ChatMessage, ChatModel, type GenerateOptions, type GenerateResult } from "./chat-model.js";
import type { ModelEntry } from "./registry.js";

/** Where a remote OpenAI-compatible generator lives and how to call it (`remoteChat*` settings). */
export interface RemoteChatSettings {
  /** Base URL of the OpenAI-compatible API, up to and including `/v1`, e.g. `http://gpu-box.lan:8000/v1`. */
  url: string;
  /** The `model` field sent with each request (what the server serves, e.g. `qwen2.5-7b-instruct`). */
  model: string;
  /** Sent as `Authorization: Bearer <key>` when set. */
  apiKey?: string | undefined;
  /** Requests sent to it at once; the rest queue here. */
  concurrency: number;
  /** The room a request has, tokens (prompt and answer together): the server's context size. */
  contextSize: number;
}

/** Whether Almanac may call a remote generator, and if not, why not. */
export type RemotePolicy = { allowed: true } | { allowed: false; reason: string };

/**
 * Decides whether a remote generator may be used: only when offline mode is
 * off, or when its host is on the offline allow-list (a LAN machine the
 * household trusts). Loopback gets no exception: the list says so or nothing.
 * @param url - the generator's base URL.
 * @param offline - the `offline` setting (true by default).
 * @param allowHosts - `offlineAllowHosts`: host names, or `host:port`.
 * @returns `{allowed: false, reason}` for an unparsable URL, a scheme other than http(s), or a host offline mode blocks.
 */
export function remotePolicy(url: string, offline: boolean, allowHosts: readonly string[]): RemotePolicy {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { allowed: false, reason: `"${url}" is not a URL` };
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    return { allowed: false, reason: `${u.protocol} is not http or https` };
  if (!offline) return { allowed: true };
  const allowed = allowHosts.map((h) => h.toLowerCase());
  if (allowed.includes(u.hostname.toLowerCase()) || allowed.includes(u.host.toLowerCase())) return { allowed: true };
  return {
    allowed: false,
    reason: `offline mode is on and ${u.host} is not in offlineAllowHosts (set ALMANAC_OFFLINE_ALLOW_HOSTS=${u.hostname}, or ALMANAC_OFFLINE=false)`,
  };
}

/** The model-list entry for a remote generator: role chat, the URL as its path, no file facts. */
export function remoteEntry(s: RemoteChatSettings): ModelEntry {
  return {
    id: s.model,
    path: s.url,
    role: "chat",
    architecture: "remote",
    name: s.model,
    fileBytes: 0,
    parameters: 0,
    quantization: "remote",
    trainContextSize: s.contextSize,
    embeddingSize: null,
    remote: new URL(s.url).origin,
  };
}

/** One parsed `data:` event of an OpenAI streaming chat completion. */
interface StreamEvent {
  choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/**
 * A chat model on another machine that speaks the OpenAI chat completions API
 * (llama.cpp's `llama-server`, vLLM, Ollama's `/v1`): answers stream over SSE
 * (`stream: true` with `stream_options.include_usage`, OpenAI API reference,
 * "Create chat completion"). Tokens are counted by the server when it reports
 * usage, else estimated (one content delta per token; the chunker's estimate for the prompt).
 */
export class RemoteChatModel extends ChatModel {
  readonly contextSize: number;
  countTokens = estimateTokens;

  constructor(
    private readonly settings: RemoteChatSettings,
    maxQueue = 8,
    timeoutMs = 0,
  ) {
    super(remoteEntry(settings), settings.concurrency, maxQueue, timeoutMs);
    this.contextSize = settings.contextSize;
  }

  protected async dispose(): Promise<void> {}

  /** @throws Error when the server cannot be reached or answers other than 200 (its status and message in the text). */
  protected async produce(messages: ChatMessage[], opts: GenerateOptions): Promise<GenerateResult> {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "text/event-stream" };
    if (this.settings.apiKey) headers.authorization = `Bearer ${this.settings.apiKey}`;
    let text = "";
    let deltas = 0;
    let usage: StreamEvent["usage"] = null;
    let finish: string | null = null;
    try {
      const res = await fetch(`${this.settings.url.replace(/\/+$/, "")}/chat/completions`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          model: this.settings.model,
          messages,
          max_tokens: opts.maxTokens,
          temperature: opts.temperature ?? 0,
          stream: true,
          stream_options: { include_usage: true },
        }),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      if (!res.ok || !res.body) {
        const body = (await res.text().catch(() => "")).slice(0, 300);
        throw new Error(`remote generator ${this.entry.remote} answered ${res.status}: ${body}`);
      }
      for await (const data of sseData(res.body)) {
        const event = JSON.parse(data) as StreamEvent;
        if (event.usage) usage = event.usage;
        const choice = event.choices?.[0];
        if (choice?.finish_reason) finish = choice.finish_reason;
        const piece = choice?.delta?.content;
        if (piece) {
          text += piece;
          deltas++;
          opts.onText?.(piece);
        }
      }
    } catch (err) {
      // A client that went away is a normal end of generation, not a failure.
      if (!opts.signal?.aborted) throw err;
    }
    const completionTokens = usage?.completion_tokens ?? deltas;
    return {
      text,
      promptTokens: usage?.prompt_tokens ?? estimateTokens(messages.map((m) => m.content).join("\n")),
      completionTokens,
      finishReason: finish === "length" || completionTokens >= opts.maxTokens ? "length" : "stop",
    };
  }
}
