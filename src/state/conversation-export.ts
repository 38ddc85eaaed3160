import {
  type Conversation,
  type ConversationStore,
  type MessageRow,
  savedSources,
  titleFromQuestion,
} from "./conversations.js";

/**
 * One message as exported: `conversation_id`, `title`, `id` and `parent_id`
 * (the message it follows: siblings are branches), `role`, `content`,
 * `sources` (array), `mode`, `retrieval`, `latency_ms`, `ttft_ms`,
 * `tokens_per_s`, `stopped`, `rating` (1, −1 or null), `rating_note` and
 * `created_at` (ISO 8601).
 */
export function messageJson(c: Conversation, m: MessageRow): Record<string, unknown> {
  return {
    conversation_id: c.id,
    title: c.title,
    id: m.id,
    parent_id: m.parentId,
    role: m.role,
    content: m.content,
    sources: savedSources(m),
    mode: m.mode,
    retrieval: m.retrieval,
    latency_ms: m.latencyMs,
    ttft_ms: m.ttftMs,
    tokens_per_s: m.tokensPerS,
    stopped: m.stopped === 1,
    rating: m.rating ?? null,
    rating_note: m.ratingNote ?? null,
    created_at: new Date(m.createdAt).toISOString(),
  };
}

/** A conversation as one JSON object (`GET /api/conversations/:id`): `id`, `title`, times, and `messages` as in {@link messageJson}. */
export function conversationJson(c: Conversation, rows: readonly MessageRow[]): Record<string, unknown> {
  return {
    id: c.id,
    title: c.title,
    created_at: new Date(c.createdAt).toISOString(),
    updated_at: new Date(c.updatedAt).toISOString(),
    messages: rows.map((m) => messageJson(c, m)),
  };
}

/**
 * A conversation as JSON Lines: one {@link messageJson} object per message of
 * every branch, in the order they were made (parents before children), so
 * the tree can be rebuilt: rated answers with their sources are an evaluation set.
 */
export function conversationJsonl(c: Conversation, rows: readonly MessageRow[]): string {
  return rows
    .map((m) => JSON.stringify(messageJson(c, m)))
    .map((line) => `${line}\n`)
    .join("");
}

/** Limits on one import: messages, and characters per message. */
const MAX_IMPORT_MESSAGES = 20_000;
const MAX_IMPORT_CHARS = 100_000;

/** What {@link importMessages} made of a file. */
export interface ImportResult {
  conversations: number;
  messages: number;
  /** Entries that were not a message (bad JSON, unknown role, no content). */
  skipped: number;
}

/** One message read from an export, before it is saved. */
export interface ImportedMessage {
  /** Groups messages into conversations (the exported conversation id, or a running number). */
  conversation: string;
  title: string | null;
  role: "user" | "assistant";
  content: string;
  /** The exported id and parent id, when the export has them (JSON Lines); null parent = a first question. */
  id?: number | null;
  parentId?: number | null;
  sources?: unknown[] | null;
  mode?: string | null;
  retrieval?: string | null;
  latencyMs?: number | null;
  ttftMs?: number | null;
  tokensPerS?: number | null;
  stopped?: boolean;
  rating?: 1 | -1 | null;
  ratingNote?: string | null;
}

/**
 * Saves messages read from an export into the owner's store as new
 * conversations with new ids: an import never touches another owner's or an
 * existing conversation. Branches come back as they were when the messages
 * carry `id`/`parentId` (else each conversation is one straight thread), with
 * the last message read shown. `null` entries are counted as skipped.
 *
 * @throws Error past 20,000 entries.
 */
export function importMessages(
  store: Pick<ConversationStore, "add" | "create" | "rate">,
  owner: string,
  entries: ReadonlyArray<ImportedMessage | null>,
): ImportResult {
  if (entries.length > MAX_IMPORT_MESSAGES) throw new Error(`the file has over ${MAX_IMPORT_MESSAGES} messages`);
  const made = new Map<string, string>();
  // Old message id → new, per conversation, so parent ids can be mapped.
  const ids = new Map<string, number>();
  let messages = 0;
  let skipped = 0;
  for (const m of entries) {
    const content = m?.content.slice(0, MAX_IMPORT_CHARS) ?? "";
    if (!m || !content.trim()) {
      skipped++;
      continue;
    }
    let id = made.get(m.conversation);
    if (!id) {
      id = store.create(owner, m.title?.trim() ? m.title : titleFromQuestion(content)).id;
      made.set(m.conversation, id);
    }
    const parentId =
      m.parentId === null && m.id != null
        ? null
        : m.parentId == null
          ? undefined
          : ids.get(`${m.conversation}:${m.parentId}`);
    const row = store.add(id, {
      role: m.role,
      content,
      sources: m.sources ? JSON.stringify(m.sources) : null,
      mode: m.mode ?? null,
      retrieval: m.retrieval ?? null,
      latencyMs: m.latencyMs ?? null,
      ttftMs: m.ttftMs ?? null,
      tokensPerS: m.tokensPerS ?? null,
      stopped: m.stopped ? 1 : 0,
      ...(parentId !== undefined ? { parentId } : {}),
    });
    if (m.id != null) ids.set(`${m.conversation}:${m.id}`, row.id);
    if (m.rating && m.role === "assistant") store.rate(owner, id, row.id, m.rating, m.ratingNote ?? "");
    messages++;
  }
  return { conversations: made.size, messages, skipped };
}

/** One {@link conversationJsonl} line as an {@link ImportedMessage}, or null when it is not a message. */
export function jsonlMessage(line: string): ImportedMessage | null {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (m.role !== "user" && m.role !== "assistant") return null;
  if (typeof m.content !== "string") return null;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    conversation: str(m.conversation_id) ?? "",
    title: str(m.title),
    role: m.role,
    content: m.content,
    id: num(m.id),
    parentId: m.parent_id === null ? null : num(m.parent_id),
    sources: Array.isArray(m.sources) ? m.sources : null,
    mode: str(m.mode),
    retrieval: str(m.retrieval),
    latencyMs: num(m.latency_ms),
    ttftMs: num(m.ttft_ms),
    tokensPerS: num(m.tokens_per_s),
    stopped: m.stopped === true,
    rating: m.rating === 1 || m.rating === -1 ? m.rating : null,
    ratingNote: str(m.rating_note),
  };
}

/**
 * Reads conversations back from {@link conversationJsonl} output (one or
 * many conversations, grouped by `conversation_id` in file order) with
 * {@link importMessages}: sources, modes, timings, ratings and branches come along.
 *
 * @throws Error past 20,000 lines.
 */
export function importConversationsJsonl(
  store: Pick<ConversationStore, "add" | "create" | "rate">,
  owner: string,
  text: string,
): ImportResult {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length > MAX_IMPORT_MESSAGES) throw new Error(`the file has over ${MAX_IMPORT_MESSAGES} messages`);
  return importMessages(store, owner, lines.map(jsonlMessage));
}
