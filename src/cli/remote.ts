// The CLI's questions sent to the server that holds the data folder: the lock names its URL, and the
// server leaves a local key beside it (writer-lock.ts), so no second copy of the models is loaded.
import type { AppStatus } from "../app/status.js";
import type { Config } from "../config.js";
import type { Source } from "../generate/sources.js";
import { sseData } from "../sse.js";
import { isAlive, readLocalKey, readLockHolder } from "../state/writer-lock.js";
import { type CliAnswer, type CliHit, cliSource, type QuestionBackend } from "./question-backend.js";

/** A server found holding the data folder: where it listens and the key to send. */
export interface RunningServer {
  /** Its origin, e.g. `http://localhost:8080`. */
  origin: string;
  key: string | undefined;
}

/**
 * The `almanac serve` that holds `config.dataDir`, from the lock's note: its
 * URL, and the key to send, in order `ALMANAC_API_KEY`, the `apiKey`
 * setting, then the server's local key. Null when no live server holds it.
 */
export function runningServer(config: Pick<Config, "dataDir" | "apiKey">): RunningServer | null {
  const holder = readLockHolder(config.dataDir);
  if (!holder?.url || holder.command !== "serve" || !isAlive(holder.pid)) return null;
  const key = process.env.ALMANAC_API_KEY || config.apiKey || readLocalKey(config.dataDir) || undefined;
  return { origin: new URL(holder.url).origin, key };
}

/** Thrown when the server answers a CLI request with an error; the message is the server's. */
export class ServerRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ServerRequestError";
  }
}

/** The answer's last stream chunk: its sources and Almanac's extensions. */
interface FinalChunk {
  sources?: Array<Omit<Source, "text" | "leadIn">>;
  almanac?: { query?: string; query_via?: string; conversation_id?: string };
}

/**
 * A {@link QuestionBackend} over HTTP to a running server: `/v1/chat/completions`
 * (streamed, kept in the server's conversations), `/api/search` and `/status`.
 * @returns null when no server holds the data folder, or it does not answer
 *   (a stale note after a crash): the caller opens the index itself.
 */
export async function serverBackend(config: Pick<Config, "dataDir" | "apiKey">): Promise<QuestionBackend | null> {
  const server = runningServer(config);
  if (!server) return null;
  const headers: Record<string, string> = server.key ? { authorization: `Bearer ${server.key}` } : {};
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(`${server.origin}${path}`, { ...init, headers: { ...headers, ...init.headers } });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw new ServerRequestError(
        res.status,
        `the server at ${server.origin} answered ${res.status}: ${body?.error?.message ?? res.statusText}`,
      );
    }
    return res;
  };
  try {
    await call("/health");
  } catch (err) {
    if (err instanceof ServerRequestError) throw err;
    return null;
  }
  process.stderr.write(`almanac: asking the server at ${server.origin}\n`);
  return {
    where: { kind: "server", url: server.origin },
    async answer(q): Promise<CliAnswer> {
      const tags = q.filter.tags
        ?.split(",")
        .map((t) => t.trim())
        .filter(Boolean);
      const res = await call("/v1/chat/completions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "almanac",
          messages: q.messages,
          stream: true,
          ...(q.maxTokens ? { max_tokens: q.maxTokens } : {}),
          ...(q.conversationId ? { conversation_id: q.conversationId } : {}),
          filter: {
            ...(tags?.length ? { tags } : {}),
            ...(q.filter.collection ? { collection: q.filter.collection } : {}),
          },
        }),
      });
      let text = "";
      let final: FinalChunk = {};
      for await (const data of res.body ? sseData(res.body) : []) {
        const chunk = JSON.parse(data) as FinalChunk & { choices?: Array<{ delta?: { content?: string } }> };
        const piece = chunk.choices?.[0]?.delta?.content;
        if (piece) {
          text += piece;
          q.onText(piece);
        }
        if (chunk.sources || chunk.almanac) final = chunk;
      }
      const last = q.messages.at(-1)?.content ?? "";
      return {
        text,
        sources: (final.sources ?? []).map((s) => cliSource(s, server.origin)),
        query: { query: final.almanac?.query ?? last, via: final.almanac?.query_via ?? "question" },
        ...(final.almanac?.conversation_id ? { conversationId: final.almanac.conversation_id } : {}),
      };
    },
    async search(query, o): Promise<CliHit[]> {
      const params = new URLSearchParams({
        q: query,
        k: String(o.k),
        mode: o.mode,
        ...(o.tags ? { tags: o.tags } : {}),
      });
      const body = (await (await call(`/api/search?${params}`)).json()) as {
        results: Array<{ score: number; text: string; citation: { title: string; chapter: string } }>;
      };
      return body.results.map((r) => ({
        score: r.score,
        where: r.citation.chapter ? `${r.citation.title} › ${r.citation.chapter}` : r.citation.title,
        text: r.text,
      }));
    },
    async status(): Promise<AppStatus> {
      return (await (await call("/status?format=json")).json()) as AppStatus;
    },
    close: async () => {},
  };
}
