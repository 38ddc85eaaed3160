// The terminal UI's view of a running Almanac: its HTTP API on loopback (or the LAN), nothing else.
import type { AppStatus } from "../app/almanac.js";
import type { Source } from "../generate/sources.js";
import { sseData } from "../sse.js";

/** A cited passage as the API returns it. */
export type TuiSource = Pick<Source, "title" | "chapter" | "url"> & { snippet?: string };

/** One search hit: rank, score and where it is. */
export interface TuiHit {
  rank: number;
  score: number;
  citation: TuiSource;
  text: string;
}

/** A saved conversation in the list. */
export interface TuiConversation {
  id: string;
  title: string;
  updated_at: string;
}

/**
 * What the terminal UI asks of Almanac, over its HTTP API: `/status`,
 * `/api/search`, `/api/conversations` and streaming `/v1/chat/completions`.
 */
export class AlmanacClient {
  /**
   * @param base - the server, e.g. `http://127.0.0.1:8080`.
   * @param apiKey - sent as `Authorization: Bearer` when set (asking needs the `user` role).
   */
  constructor(
    readonly base: string,
    private readonly apiKey?: string,
  ) {}

  private headers(json = false): Record<string, string> {
    return {
      accept: "application/json",
      ...(json ? { "content-type": "application/json" } : {}),
      ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
    };
  }

  /** @throws Error naming the status and the server's message when the answer is not 2xx. */
  private async json<T>(path: string): Promise<T> {
    const res = await fetch(`${this.base}${path}`, { headers: this.headers() });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await errorText(res)}`);
    return (await res.json()) as T;
  }

  status(): Promise<AppStatus> {
    return this.json<AppStatus>("/status?format=json");
  }

  async search(q: string, k = 8): Promise<TuiHit[]> {
    return (await this.json<{ results: TuiHit[] }>(`/api/search?q=${encodeURIComponent(q)}&k=${k}`)).results;
  }

  async conversations(): Promise<TuiConversation[]> {
    return (await this.json<{ data: TuiConversation[] }>("/api/conversations")).data;
  }

  /**
   * Asks the library (`model: "almanac"`) with the whole thread, streaming.
   * @param onText - each piece of the answer as it arrives.
   * @returns the answer and its sources (sent on the last chunk).
   * @throws Error for a non-2xx answer (e.g. 401/403 without a key that may ask).
   */
  async ask(
    messages: Array<{ role: "user" | "assistant"; content: string }>,
    onText: (piece: string) => void,
    signal?: AbortSignal,
  ): Promise<{ text: string; sources: TuiSource[] }> {
    const res = await fetch(`${this.base}/v1/chat/completions`, {
      method: "POST",
      headers: this.headers(true),
      body: JSON.stringify({ model: "almanac", stream: true, messages }),
      ...(signal ? { signal } : {}),
    });
    if (!res.ok || !res.body) throw new Error(`ask: ${res.status} ${await errorText(res)}`);
    let text = "";
    let sources: TuiSource[] = [];
    for await (const data of sseData(res.body)) {
      const chunk = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }>; sources?: TuiSource[] };
      const piece = chunk.choices?.[0]?.delta?.content;
      if (piece) {
        text += piece;
        onText(piece);
      }
      if (chunk.sources) sources = chunk.sources;
    }
    return { text, sources };
  }
}

/** The message of an OpenAI-shaped error body, or the body itself. */
async function errorText(res: Response): Promise<string> {
  const body = await res.text().catch(() => "");
  try {
    return (JSON.parse(body) as { error?: { message?: string } }).error?.message ?? body;
  } catch {
    return body.slice(0, 200);
  }
}
