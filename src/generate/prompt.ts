import type { ChatMessage } from "../models/runtime.js";
import { citationLabel, type Source } from "./sources.js";

/** The instruction block of every RAG prompt. */
export const RAG_INSTRUCTIONS =
  "You are Almanac, an offline reference librarian. Answer the question using only the numbered sources below. " +
  "Cite every claim with the source number in square brackets, like [1] or [2][3]. " +
  "If the sources do not contain the answer, say so plainly. Be concise and practical.";

/**
 * Builds the RAG prompt: instructions plus numbered sources as the system
 * message, then the conversation. Sources are added best-first until the
 * context budget (in the chat model's tokens) is spent; a source that does not
 * fit whole is left out rather than cut mid-passage, except the first, which
 * is truncated so a prompt always carries some evidence.
 *
 * @returns the messages and the sources actually included (their `index` is what the model cites).
 */
export function buildRagMessages(
  conversation: readonly ChatMessage[],
  sources: readonly Source[],
  budgetTokens: number,
  countTokens: (text: string) => number,
): { messages: ChatMessage[]; used: Source[] } {
  const used: Source[] = [];
  const blocks: string[] = [];
  let spent = countTokens(RAG_INSTRUCTIONS);
  for (const s of sources) {
    const block = `[${s.index}] ${citationLabel(s)}\n${s.text}`;
    const cost = countTokens(block) + 2;
    if (spent + cost > budgetTokens) {
      if (used.length > 0) continue;
      const room = Math.max(64, (budgetTokens - spent) * 3);
      blocks.push(block.slice(0, room));
      used.push(s);
      break;
    }
    blocks.push(block);
    used.push(s);
    spent += cost;
  }
  const system = `${RAG_INSTRUCTIONS}\n\nSources:\n\n${blocks.join("\n\n")}`;
  const userSystem = conversation.filter((m) => m.role === "system").map((m) => m.content);
  const messages: ChatMessage[] = [
    { role: "system", content: [system, ...userSystem].join("\n\n") },
    ...conversation.filter((m) => m.role !== "system"),
  ];
  return { messages, used };
}
