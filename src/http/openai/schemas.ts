// The request bodies of the OpenAI-compatible routes, and what the handlers read out of them.
import type { Context } from "hono";
import { z } from "zod";
import { PROMPT_STYLES } from "../../generate/styles.js";
import type { ChatMessage } from "../../models/chat-model.js";
import { describeZodError, openAiError } from "../errors.js";

const ContentPart = z.object({ type: z.string(), text: z.string().optional() }).passthrough();
const Message = z
  .object({
    role: z.enum(["system", "developer", "user", "assistant", "tool"]),
    content: z.union([z.string(), z.array(ContentPart), z.null()]).optional(),
  })
  .passthrough();

/** One message of a chat request as the client sent it: OpenAI's roles, and text or text parts as content. */
export type RequestMessage = z.infer<typeof Message>;

/**
 * A request's `tools`: OpenAI's function definitions (Ollama's `/api/chat` takes the same shape), at most 64.
 * Names are 1–64 letters, digits, `_` or `-`.
 */
export const ToolList = z
  .array(
    z.object({
      type: z.literal("function"),
      function: z.object({
        name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a tool name is 1–64 letters, digits, _ or -"),
        description: z.string().max(4000).optional(),
        parameters: z.record(z.string(), z.unknown()).optional(),
        strict: z.boolean().nullish(),
      }),
    }),
  )
  .max(64)
  .optional();

/** `POST /v1/chat/completions` body: the OpenAI schema; unknown parameters are accepted and ignored. */
export const ChatCompletionRequest = z
  .object({
    model: z.string().min(1),
    messages: z.array(Message).min(1),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().nullish(),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    n: z.number().int().min(1).max(1).nullish(),
    /** Almanac extension: the answer's shape (`concise`, `step-by-step`, `socratic`, `devils-advocate`). */
    style: z.enum(PROMPT_STYLES).nullish(),
    /**
     * Almanac extension: keep this exchange (the last user message and the
     * answer) in one of the caller's saved conversations, or in a new one with
     * `"new"`. Needs an API key or a session; the request itself still carries
     * the whole history (the endpoint stays stateless).
     */
    conversation_id: z.string().min(1).max(64).nullish(),
    /** Functions the chat model may call (a chat model's own id; see tools.ts). */
    tools: ToolList,
    tool_choice: z
      .union([
        z.enum(["none", "auto", "required"]),
        z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
      ])
      .optional(),
    parallel_tool_calls: z.boolean().optional(),
    response_format: z
      .discriminatedUnion("type", [
        z.object({ type: z.literal("text") }),
        z.object({ type: z.literal("json_object") }),
        z.object({
          type: z.literal("json_schema"),
          json_schema: z.object({
            name: z.string(),
            schema: z.record(z.string(), z.unknown()).optional(),
            strict: z.boolean().nullish(),
          }),
        }),
      ])
      .optional(),
    /** Almanac extension: restrict retrieval. */
    filter: z
      .object({
        tags: z.array(z.string()).optional(),
        collection: z.string().optional(),
        document: z.string().optional(),
      })
      .nullish(),
  })
  .passthrough();

/** A validated `POST /v1/chat/completions` body. */
export type ChatCompletionBody = z.infer<typeof ChatCompletionRequest>;

/** `POST /v1/embeddings` body. */
export const EmbeddingsRequest = z
  .object({
    model: z.string().min(1),
    input: z.union([z.string(), z.array(z.string()).min(1)]),
    encoding_format: z.enum(["float", "base64"]).optional(),
  })
  .passthrough();

/** A validated `POST /v1/embeddings` body. */
export type EmbeddingsBody = z.infer<typeof EmbeddingsRequest>;

/** Most inputs one `/v1/embeddings` request may carry (OpenAI's own limit). */
export const MAX_EMBEDDING_INPUTS = 2048;

function messageText(content: RequestMessage["content"]): string {
  if (typeof content === "string") return content;
  if (!content) return "";
  return content.map((p) => (p.type === "text" ? (p.text ?? "") : "")).join("");
}

/**
 * The reason a conversation is over the configured limits (`maxMessages`
 * messages, `maxMessageChars` characters over all of them), or null. Checked
 * before any work, so a long message is refused in microseconds instead of
 * holding the answerer for everyone.
 */
export function checkMessageLimits(
  messages: RequestMessage[],
  limits: { maxMessages: number; maxMessageChars: number },
): string | null {
  if (messages.length > limits.maxMessages)
    return `messages has ${messages.length} items, over the limit of ${limits.maxMessages} (maxMessages)`;
  const chars = messages.reduce((n, m) => n + messageText(m.content).length, 0);
  if (chars > limits.maxMessageChars)
    return `messages total ${chars} characters, over the limit of ${limits.maxMessageChars} (maxMessageChars)`;
  return null;
}

/** A call's arguments as JSON text: OpenAI sends a string, Ollama an object. */
function argumentsText(args: unknown): string {
  return typeof args === "string" ? args : JSON.stringify(args ?? {});
}

/** An assistant message's `tool_calls`, as the client sent them back. */
function toolCallsOf(m: RequestMessage): ChatMessage["toolCalls"] {
  const raw = (m as { tool_calls?: unknown }).tool_calls;
  if (!Array.isArray(raw)) return undefined;
  return raw.flatMap((tc: { id?: unknown; function?: { name?: unknown; arguments?: unknown } }) =>
    typeof tc?.function?.name === "string"
      ? [{ id: String(tc.id ?? ""), name: tc.function.name, arguments: argumentsText(tc.function.arguments) }]
      : [],
  );
}

/**
 * The messages as the chat model takes them: `developer` read as `system`,
 * content parts joined into their text, and each `tool` message folded into
 * the call it answers (by `tool_call_id`) on the assistant message before it.
 */
export function toChatMessages(messages: RequestMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (m.role === "tool") {
      const id = (m as { tool_call_id?: unknown }).tool_call_id;
      const calls = out.findLast((x) => x.toolCalls?.length)?.toolCalls ?? [];
      const call = calls.find((tc) => tc.id === id) ?? calls.find((tc) => tc.result === undefined);
      if (call) call.result = messageText(m.content);
      continue;
    }
    const toolCalls = m.role === "assistant" ? toolCallsOf(m) : undefined;
    out.push({
      role: m.role === "developer" ? "system" : m.role,
      content: messageText(m.content),
      ...(toolCalls?.length ? { toolCalls } : {}),
    });
  }
  return out;
}

/**
 * Reads and validates a JSON body.
 * @returns `{ data }`, or `{ error }`: the OpenAI-style 400 to send instead
 *   (`request body is not valid JSON`, or every zod issue in one message with
 *   the first offending field as `param`).
 */
export async function parseBody<T extends z.ZodType>(
  c: Context,
  schema: T,
): Promise<{ data: z.infer<T> } | { error: Response }> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return { error: openAiError(c, 400, "request body is not valid JSON") };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { data: parsed.data };
  const { message, param } = describeZodError(parsed.error);
  return { error: openAiError(c, 400, message, "invalid_request_error", param) };
}
