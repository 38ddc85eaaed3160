// What the CLI's question commands are given back, wherever they were answered: the running server
// (remote.ts) or the index opened in this process (backend.ts).
import type { AppStatus } from "../app/status.js";
import { citationLabel, type Source } from "../generate/sources.js";
import type { ChatMessage } from "../models/chat-model.js";
import type { SearchMode } from "../retrieve/filter.js";

/** A cited passage as the CLI prints it. */
export interface CliSource {
  index: number;
  /** "Book › Chapter", with the year or page when known. */
  label: string;
  path: string;
  start: number;
  end: number;
  /** The reader link, absolute: on the running server when there is one. */
  url: string;
}

/** An answer as the CLI prints it. */
export interface CliAnswer {
  text: string;
  sources: CliSource[];
  /** What was searched, and whether a follow-up was rewritten (`via` is not `question`). */
  query: { query: string; via: string };
  /** The server's saved conversation this exchange went into (remote only). */
  conversationId?: string;
}

/** One ranked passage as `almanac search` prints it. */
export interface CliHit {
  score: number;
  /** "Book › Heading". */
  where: string;
  text: string;
}

/** A question for {@link QuestionBackend.answer}. */
export interface CliQuestion {
  /** The conversation so far, ending with the question. */
  messages: ChatMessage[];
  /** `--tags` (comma-separated) and `--collection`, as typed. */
  filter: { tags?: string; collection?: string };
  maxTokens?: number;
  /** The answer's text as it streams. */
  onText: (text: string) => void;
  /** The server's conversation to keep the exchange in (`"new"` for a new one); ignored locally. */
  conversationId?: string;
}

/** Where the CLI's questions go: a running server, or the index opened in this process. */
export interface QuestionBackend {
  /** `server` (with its URL) or `local`. */
  readonly where: { kind: "server"; url: string } | { kind: "local" };
  answer(q: CliQuestion): Promise<CliAnswer>;
  search(query: string, opts: { k: number; mode: SearchMode; tags?: string }): Promise<CliHit[]>;
  status(): Promise<AppStatus>;
  close(): Promise<void>;
}

/** A source with its reader link made absolute against `origin` (`http://host:port`). */
export function cliSource(s: Omit<Source, "text" | "leadIn">, origin: string): CliSource {
  const url = /^https?:/.test(s.url) ? s.url : `${origin}${s.url}`;
  return { index: s.index, label: citationLabel(s), path: s.path, start: s.start, end: s.end, url };
}

/** The sources' lines as `ask` and `chat` print them. */
export function sourceLines(sources: readonly CliSource[]): string {
  return sources.map((s) => `  [${s.index}] ${s.label} — ${s.path} @${s.start}-${s.end}\n      ${s.url}\n`).join("");
}
