import {
  type Conversation,
  type ConversationStore,
  type MessageRow,
  savedSources,
  titleFromQuestion,
} from "./conversations.js";

/**
 * A conversation as Markdown: the title, then each question and answer of
 * the rows given (the branch on show), each answer followed by its numbered
 * sources (label and reader link).
 */
export function conversationMarkdown(c: Conversation, rows: readonly MessageRow[]): string {
  const out = [`# ${c.title}`, ""];
  for (const m of rows) {
    if (m.role === "user") {
      out.push(`## ${m.content.replace(/\s+/g, " ")}`, "");
      continue;
    }
    out.push(m.content, "");
    if (m.rating)
      out.push(`Rated ${m.rating > 0 ? "helpful" : "not helpful"}${m.ratingNote ? `: ${m.ratingNote}` : ""}`, "");
    const sources = savedSources(m);
    if (sources.length > 0) {
      out.push("Sources:", "");
      for (const s of sources) out.push(`${s.index}. [${s.label}](${s.url})`);
      out.push("");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

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

/** Limits on one import: lines (messages) and characters per message. */
const MAX_IMPORT_MESSAGES = 20_000;
const MAX_IMPORT_CHARS = 100_000;

/** What {@link importConversationsJsonl} made of a file. */
export interface ImportResult {
  conversations: number;
  messages: number;
  /** Lines that were not a message object (bad JSON, unknown role, no content). */
  skipped: number;
}

/**
 * Reads conversations back from {@link conversationJsonl} output (one or
 * many conversations, grouped by `conversation_id` in file order) into the
 * owner's store as new conversations with new ids: an import never touches
 * another owner's or an existing conversation. Branches come back as they
 * were (`id`/`parent_id`; a file without them reads as one straight thread),
 * with the last message read shown. Sources, modes, timings and ratings come
 * along; bad lines are skipped and counted.
 *
 * @throws Error past 20,000 lines.
 */
export function importConversationsJsonl(store: ConversationStore, owner: string, text: string): ImportResult {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length > MAX_IMPORT_MESSAGES) throw new Error(`the file has over ${MAX_IMPORT_MESSAGES} messages`);
  const made = new Map<string, string>();
  // Old message id → new, per conversation, so parent_id can be mapped.
  const ids = new Map<string, number>();
  let messages = 0;
  let skipped = 0;
  for (const line of lines) {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(line) as Record<string, unknown>;
    } catch {
      skipped++;
      continue;
    }
    const role = m.role;
    const content = typeof m.content === "string" ? m.content.slice(0, MAX_IMPORT_CHARS) : "";
    if ((role !== "user" && role !== "assistant") || !content.trim()) {
      skipped++;
      continue;
    }
    const key = typeof m.conversation_id === "string" ? m.conversation_id : "";
    let id = made.get(key);
    if (!id) {
      const title = typeof m.title === "string" && m.title.trim() ? m.title : titleFromQuestion(content);
      id = store.create(owner, title).id;
      made.set(key, id);
    }
    const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
    const oldId = num(m.id);
    const oldParent = num(m.parent_id);
    const parentId =
      m.parent_id === null && oldId !== null ? null : oldParent === null ? undefined : ids.get(`${key}:${oldParent}`);
    const rating = m.rating === 1 || m.rating === -1 ? m.rating : null;
    const row = store.add(id, {
      role,
      content,
      sources: Array.isArray(m.sources) ? JSON.stringify(m.sources) : null,
      mode: typeof m.mode === "string" ? m.mode : null,
      retrieval: typeof m.retrieval === "string" ? m.retrieval : null,
      latencyMs: num(m.latency_ms),
      ttftMs: num(m.ttft_ms),
      tokensPerS: num(m.tokens_per_s),
      stopped: m.stopped === true ? 1 : 0,
      ...(parentId !== undefined ? { parentId } : {}),
    });
    if (oldId !== null) ids.set(`${key}:${oldId}`, row.id);
    if (rating && role === "assistant")
      store.rate(owner, id, row.id, rating, typeof m.rating_note === "string" ? m.rating_note : "");
    messages++;
  }
  return { conversations: made.size, messages, skipped };
}
