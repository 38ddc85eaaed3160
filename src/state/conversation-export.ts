import { type Conversation, type MessageRow, savedSources } from "./conversations.js";

/**
 * A conversation as Markdown: the title, then each question and answer, each
 * answer followed by its numbered sources (label and reader link).
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
 * A conversation as JSON Lines: one object per message, in order, with
 * `conversation_id`, `title`, `role`, `content`, `sources` (array), `mode`,
 * `retrieval`, `latency_ms`, `ttft_ms`, `tokens_per_s`, `stopped`, `rating`
 * (1, −1 or null), `rating_note` and `created_at` (ISO 8601): rated answers
 * with their sources are an evaluation set.
 */
export function conversationJsonl(c: Conversation, rows: readonly MessageRow[]): string {
  return rows
    .map((m) =>
      JSON.stringify({
        conversation_id: c.id,
        title: c.title,
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
      }),
    )
    .map((line) => `${line}\n`)
    .join("");
}
