// The one builder of the chat.completion and chat.completion.chunk objects, for answers sent whole or streamed.
import { randomUUID } from "node:crypto";
import type { Answer } from "../../generate/answer.js";
import { publicSource } from "../../generate/sources.js";

/** What every object of one completion shares: its id, its creation time (Unix seconds) and the model asked for. */
export interface CompletionHead {
  id: string;
  created: number;
  model: string;
}

/** A new completion's head: a `chatcmpl-<uuid>` id, created now. */
export function completionHead(model: string): CompletionHead {
  return { id: `chatcmpl-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model };
}

/** OpenAI's `usage` object. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** The token counts of an answer as OpenAI's `usage`. */
export function usageOf(answer: Pick<Answer, "promptTokens" | "completionTokens">): Usage {
  return {
    prompt_tokens: answer.promptTokens,
    completion_tokens: answer.completionTokens,
    total_tokens: answer.promptTokens + answer.completionTokens,
  };
}

/** What the caller sees beside the answer's text: where it asked, whether indexing runs, the saved conversation. */
export interface AnswerContext {
  /** The request's origin (`http://host:port`), for the sources' absolute URLs. */
  origin: string;
  /** Whether the library was still being indexed. */
  indexing: boolean;
  /** The saved conversation's id, when the request asked to keep it. */
  conversationId?: string | undefined;
}

/**
 * The Almanac extensions of a finished answer: `sources` (the cited passages,
 * with absolute URLs) and `almanac` (answer mode, indexing, the query searched
 * and how it was formed, and the conversation id when one was kept). Sent on the
 * completion, or on the final chunk of a stream.
 */
export function answerExtras(answer: Answer, ctx: AnswerContext): Record<string, unknown> {
  return {
    sources: answer.sources.map((x) => publicSource(x, ctx.origin)),
    almanac: {
      mode: answer.mode,
      indexing: ctx.indexing,
      query: answer.query.query,
      query_via: answer.query.via,
      ...(ctx.conversationId ? { conversation_id: ctx.conversationId } : {}),
    },
  };
}

/** One choice of a completion: the whole `message`, or a stream chunk's `delta`. */
export type ChoiceBody =
  | { message: { role: "assistant"; content: string | null; tool_calls?: unknown[] }; finish: Answer["finishReason"] }
  | { delta: Record<string, unknown>; finish: Answer["finishReason"] | null };

/**
 * Builds a `chat.completion` (for a choice with a `message`) or a
 * `chat.completion.chunk` (for a `delta`, or no choice at all: the usage chunk
 * that ends a stream with `include_usage`). `extra` (usage, sources, almanac)
 * follows `choices`.
 */
export function envelope(
  head: CompletionHead,
  choice: ChoiceBody | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const object = choice && "message" in choice ? "chat.completion" : "chat.completion.chunk";
  const choices = choice
    ? [
        {
          index: 0,
          ...("message" in choice ? { message: choice.message } : { delta: choice.delta }),
          finish_reason: choice.finish,
          logprobs: null,
        },
      ]
    : [];
  return { id: head.id, object, created: head.created, model: head.model, choices, ...extra };
}
