import type { ChatMessage, ChatModel } from "../models/chat-model.js";
import { queryTerms } from "../retrieve/terms.js";
import { followUpQuery, isFollowUp, type SearchQuery } from "./followup.js";

/** Instructions for turning a follow-up into a standalone search query. */
export const CONDENSE_INSTRUCTIONS =
  "Rewrite the user's last question as one standalone search query for a reference library, " +
  "filling in what it refers to from the conversation. Reply with the query only, on one line.";

/**
 * The query to search for a conversation. With no chat model, or when the
 * last question stands on its own, this is {@link followUpQuery}'s rule. With a
 * chat model and a follow-up, the model condenses a standalone question
 * (greedy, at most 48 tokens); its reply is used only when it is one line of
 * at most 30 words sharing a content word with the user's turns, otherwise
 * the rule's query is the fallback.
 */
export async function searchQueryFor(
  messages: readonly ChatMessage[],
  chat: ChatModel | null,
  signal?: AbortSignal,
): Promise<SearchQuery> {
  const rule = followUpQuery(messages);
  const users = messages.filter((m) => m.role === "user");
  const last = users.at(-1)?.content ?? "";
  if (!chat || users.length < 2 || !isFollowUp(last)) return rule;
  const transcript = messages
    .filter((m) => m.role !== "system")
    .slice(-6)
    .map((m) => `${m.role === "user" ? "User" : "Assistant"}: ${m.content.replace(/\s+/g, " ").slice(0, 400)}`)
    .join("\n");
  try {
    const result = await chat.generate(
      [
        { role: "system", content: CONDENSE_INSTRUCTIONS },
        { role: "user", content: `${transcript}\n\nStandalone search query:` },
      ],
      { maxTokens: 48, temperature: 0, ...(signal ? { signal } : {}) },
    );
    const line = result.text.split("\n")[0]?.replace(/^["'\s]+|["'\s]+$/g, "") ?? "";
    const words = line.split(/\s+/).filter(Boolean).length;
    const known = new Set(users.flatMap((m) => queryTerms(m.content)));
    if (words >= 1 && words <= 30 && queryTerms(line).some((t) => known.has(t))) return { query: line, via: "model" };
  } catch {
    // A failed condense falls back to the rule; the answer itself may still work.
  }
  return rule;
}
