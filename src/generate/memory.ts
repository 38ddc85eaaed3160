import type { ChatMessage } from "../models/chat-model.js";

/** A saved turn, as memory needs it. */
export interface Turn {
  id: number;
  role: "user" | "assistant";
  content: string;
}

/** A chat model's summary of a thread's older turns, covering up to message `upto` (inclusive). */
export interface ThreadSummary {
  text: string;
  upto: number;
}

/** Most recent messages sent with a question; the prompt builder then keeps as many as fit its token budget. */
export const MEMORY_MESSAGES = 40;

/** Older unsummarized messages that make a summary due, and recent ones always left out of it. */
export const SUMMARY_EVERY = 8;
export const SUMMARY_KEEP_RECENT = 4;

/** Longest summary asked for, tokens. */
export const SUMMARY_TOKENS = 160;

/**
 * The conversation sent with a new question: when a summary covers part of
 * this thread, a system message with it, then the turns after it; else the
 * last {@link MEMORY_MESSAGES} turns. `buildRagMessages` then keeps the
 * newest turns that fit a third of the prompt's free room, and always keeps
 * system messages, so the summary survives where old turns do not.
 */
export function promptHistory(
  thread: readonly Turn[],
  summary: ThreadSummary | null,
  maxMessages = MEMORY_MESSAGES,
): ChatMessage[] {
  const at = summary ? thread.findIndex((t) => t.id === summary.upto) : -1;
  const rest = (at >= 0 ? thread.slice(at + 1) : thread).slice(-maxMessages);
  const turns: ChatMessage[] = rest.map((t) => ({ role: t.role, content: t.content }));
  return at >= 0 && summary
    ? [{ role: "system", content: `Summary of the conversation so far: ${summary.text}` }, ...turns]
    : turns;
}

/**
 * Whether a thread needs a new summary: when {@link SUMMARY_EVERY} or more
 * messages lie between the current summary (or the start) and the
 * {@link SUMMARY_KEEP_RECENT} newest. @returns the turns to fold into the
 * summary and the id it will cover up to, or null.
 */
export function summaryDue(
  thread: readonly Turn[],
  summary: ThreadSummary | null,
): { turns: Turn[]; upto: number } | null {
  const at = summary ? thread.findIndex((t) => t.id === summary.upto) : -1;
  const pending = thread.slice(at + 1, Math.max(at + 1, thread.length - SUMMARY_KEEP_RECENT));
  if (pending.length < SUMMARY_EVERY) return null;
  return { turns: pending, upto: (pending.at(-1) as Turn).id };
}

/**
 * The prompt that folds turns into a summary: the previous summary (when it
 * still applies) plus the turns, asking for plain sentences that keep the
 * questions, the answers' facts and anything the person said about themselves.
 */
export function summaryPrompt(previous: string | null, turns: readonly Turn[]): ChatMessage[] {
  const transcript = turns.map((t) => `${t.role === "user" ? "Person" : "Almanac"}: ${t.content}`).join("\n\n");
  return [
    {
      role: "system",
      content:
        "You keep a running summary of a conversation between a person and Almanac, an offline reference library. " +
        "Write at most 120 words of plain sentences: what the person asked, the facts the answers gave, and anything the person said about their situation. No lists, no preamble.",
    },
    {
      role: "user",
      content: `${previous ? `Summary so far: ${previous}\n\n` : ""}New turns:\n\n${transcript}\n\nWrite the updated summary.`,
    },
  ];
}

/** The prompt for a short title of a conversation from its first question and answer. */
export function titlePrompt(question: string, answer: string): ChatMessage[] {
  return [
    {
      role: "system",
      content: "Give a title of at most six words for this conversation. Reply with the title only, no quotes.",
    },
    { role: "user", content: `Question: ${question}\n\nAnswer: ${answer.slice(0, 1500)}` },
  ];
}

/** A generated title cleaned to one line of at most 60 characters, or null when nothing usable is left. */
export function cleanTitle(text: string): string | null {
  const line = (text.split("\n").find((l) => l.trim()) ?? "")
    .replace(/^(title:)\s*/i, "")
    .replace(/^["'“”*#\s]+|["'“”*.\s]+$/g, "")
    .trim();
  if (line.length < 3) return null;
  return line.length <= 60 ? line : `${line.slice(0, 59).trimEnd()}…`;
}

/** What generating needs from a chat model. */
export interface TextGenerator {
  generate(
    messages: ChatMessage[],
    opts: { maxTokens: number; temperature?: number; signal?: AbortSignal },
  ): Promise<{
    text: string;
  }>;
}

/**
 * After an answer, with a chat model: a title for a new conversation that
 * still has its automatic one, and a new summary when {@link summaryDue}
 * says so. Both are generated at temperature 0.
 * @param title - the first question and answer when a title should be made, else null.
 * @returns what was made; an empty object when nothing was due or the model gave nothing usable.
 */
export async function threadUpkeep(
  chat: TextGenerator,
  input: { thread: readonly Turn[]; summary: ThreadSummary | null; title: { question: string; answer: string } | null },
  signal?: AbortSignal,
): Promise<{ summary?: ThreadSummary; title?: string }> {
  const out: { summary?: ThreadSummary; title?: string } = {};
  const opts = { temperature: 0, ...(signal ? { signal } : {}) };
  if (input.title) {
    const r = await chat.generate(titlePrompt(input.title.question, input.title.answer), { maxTokens: 24, ...opts });
    const title = cleanTitle(r.text);
    if (title) out.title = title;
  }
  const due = summaryDue(input.thread, input.summary);
  if (due) {
    const previous =
      input.summary && input.thread.some((t) => t.id === input.summary?.upto) ? input.summary.text : null;
    const r = await chat.generate(summaryPrompt(previous, due.turns), { maxTokens: SUMMARY_TOKENS, ...opts });
    const text = r.text.replace(/\s+/g, " ").trim();
    if (text) out.summary = { text, upto: due.upto };
  }
  return out;
}
