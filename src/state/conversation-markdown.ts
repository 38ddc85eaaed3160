import type { ImportedMessage } from "./conversation-export.js";
import { type Conversation, type MessageRow, type SavedSource, savedSources } from "./conversations.js";

/** Invisible markers (HTML comments) that make Almanac's own Markdown export read back exactly. */
const CONVERSATION_MARK = "<!-- almanac:conversation -->";
const QUESTION_MARK = "<!-- almanac:question -->";

/**
 * A conversation as Markdown: the title, then each question (a `##`
 * heading) and answer of the rows given (the branch on show), each answer
 * followed by its rating and numbered sources (label and reader link). HTML
 * comments mark where conversations and questions start, so
 * {@link parseConversationsMarkdown} reads it back even when an answer has
 * headings of its own; rendered, they show nothing.
 */
export function conversationMarkdown(c: Conversation, rows: readonly MessageRow[]): string {
  const out = [CONVERSATION_MARK, `# ${c.title}`, ""];
  for (const m of rows) {
    if (m.role === "user") {
      out.push(QUESTION_MARK, `## ${m.content.replace(/\s+/g, " ")}`, "");
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

const SOURCE_LINE = /^(\d+)\. \[(.*)\]\((\S*)\)$/;
const RATED_LINE = /^Rated (helpful|not helpful)(?:: (.*))?$/;

/** An answer block split into its text, rating and sources (the tail {@link conversationMarkdown} writes). */
function answerOf(block: string): Pick<ImportedMessage, "content" | "sources" | "rating" | "ratingNote"> {
  const lines = block.trimEnd().split("\n");
  const sources: SavedSource[] = [];
  while (lines.length && SOURCE_LINE.test(lines.at(-1) as string)) {
    const m = SOURCE_LINE.exec(lines.pop() as string) as RegExpExecArray;
    sources.unshift({ index: Number(m[1]), label: m[2] as string, url: m[3] as string, snippet: "", path: "" });
  }
  if (sources.length) {
    while (lines.at(-1)?.trim() === "") lines.pop();
    if (lines.at(-1) === "Sources:") lines.pop();
    else sources.length = 0;
  }
  while (lines.at(-1)?.trim() === "") lines.pop();
  const rated = RATED_LINE.exec(lines.at(-1) ?? "");
  if (rated) lines.pop();
  return {
    content: lines.join("\n").trim(),
    sources: sources.length ? sources : null,
    rating: rated ? (rated[1] === "helpful" ? 1 : -1) : null,
    ratingNote: rated?.[2] ?? null,
  };
}

/** Splits text at lines that equal `marker` (when any does) or start with `prefix`; the marker or prefix line opens each part. */
function splitAt(text: string, marker: string, prefix: string): string[] {
  const lines = text.split("\n");
  const useMarker = lines.some((l) => l.trim() === marker);
  const parts: string[][] = [[]];
  for (const line of lines) {
    const opens = useMarker ? line.trim() === marker : line.startsWith(prefix);
    if (opens) parts.push([]);
    if (!(useMarker && opens)) (parts.at(-1) as string[]).push(line);
  }
  return parts.map((p) => p.join("\n")).filter((p, i) => i > 0 || p.trim());
}

/**
 * Reads conversations from Markdown: Almanac's own export (one or many,
 * exactly, by its markers) or any notes in the same shape: `# Title` starts
 * a conversation, `## Question` a question, and the text up to the next
 * question is its answer ("Rated …" and a "Sources:" list at its end are
 * read back as the rating and the cited sources).
 * @returns messages for `importMessages`, in order, one straight thread per conversation.
 */
export function parseConversationsMarkdown(text: string): ImportedMessage[] {
  const out: ImportedMessage[] = [];
  const clean = text.replace(/\r\n?/g, "\n");
  splitAt(clean, CONVERSATION_MARK, "# ").forEach((part, n) => {
    const titleLine = /^# (.+)$/m.exec(part);
    const title = titleLine?.[1]?.trim() ?? null;
    const body = titleLine ? part.slice((titleLine.index ?? 0) + titleLine[0].length) : part;
    for (const q of splitAt(body, QUESTION_MARK, "## ")) {
      const heading = /^\s*## (.+)$/m.exec(q);
      if (!heading) continue;
      const conversation = String(n);
      out.push({ conversation, title, role: "user", content: (heading[1] as string).trim() });
      const answer = answerOf(q.slice((heading.index ?? 0) + heading[0].length));
      if (answer.content) out.push({ conversation, title, role: "assistant", ...answer });
    }
  });
  return out;
}
