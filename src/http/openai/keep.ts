// The `conversation_id` extension of /v1/chat/completions: an exchange kept in one of the caller's conversations.
import type { Context } from "hono";
import type { AppServices } from "../../app/services.js";
import type { Answer } from "../../generate/answer.js";
import type { ChatMessage } from "../../models/chat-model.js";
import { titleFromQuestion } from "../../state/conversations.js";
import { ownerOf, sourceView } from "../conversation-owner.js";
import { openAiError } from "../errors.js";

/** Saves an answered exchange (after the answer) and returns the conversation's id. */
export type Keeper = (answer: Answer, latencyMs: number) => string;

/** What keeping reads and writes: the conversations, and the retrieval mode the answer was searched with. */
export type KeepServices = Pick<AppServices, "conversations" | "search">;

/**
 * For a request with `conversation_id`: checks the conversation is the
 * caller's and returns the {@link Keeper} that saves the last user message
 * and the answer in it (`"new"`: in a conversation made on the first save,
 * titled from the question).
 * @returns undefined when the request has no `conversation_id`; an
 *   OpenAI-shaped 401 for an anonymous caller (conversations belong to
 *   accounts) or 404 `conversation_not_found` for a conversation that is not
 *   the caller's, both naming `conversation_id`.
 */
export function keeper(
  services: KeepServices,
  c: Context,
  conversationId: string | null | undefined,
  messages: ChatMessage[],
): Keeper | undefined | Response {
  if (!conversationId) return undefined;
  if (c.get("principal").via === "anonymous")
    return openAiError(
      c,
      401,
      "conversation_id needs an API key: conversations belong to accounts",
      "authentication_error",
      "conversation_id",
    );
  const owner = ownerOf(c);
  const store = services.conversations;
  const existing = conversationId === "new" ? undefined : store.get(owner, conversationId);
  if (conversationId !== "new" && !existing)
    return openAiError(
      c,
      404,
      `conversation '${conversationId}' not found`,
      "invalid_request_error",
      "conversation_id",
      "conversation_not_found",
    );
  const question = messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
  return (answer, latencyMs) => {
    const conversation = existing ?? store.create(owner, titleFromQuestion(question));
    store.add(conversation.id, { role: "user", content: question });
    store.add(conversation.id, {
      role: "assistant",
      content: answer.text,
      sources: JSON.stringify(answer.sources.map(sourceView)),
      mode: answer.mode,
      retrieval: services.search.defaultMode,
      latencyMs: Math.round(latencyMs),
    });
    return conversation.id;
  };
}
