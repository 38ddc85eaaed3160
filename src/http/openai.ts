import { randomUUID } from "node:crypto";
import { type Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import type { Almanac } from "../app/almanac.js";
import type { Answer } from "../generate/answer.js";
import { publicSource, type Source } from "../generate/sources.js";
import { PROMPT_STYLES } from "../generate/styles.js";
import type { ChatMessage } from "../models/chat-model.js";
import { searchFilter } from "../retrieve/filter.js";
import { titleFromQuestion } from "../state/conversations.js";
import { ownerOf, sourceView } from "./conversation-owner.js";
import { describeZodError, openAiError } from "./errors.js";

/** The RAG model id: answers from the whole library. `almanac/<collection>` restricts to one collection. */
export const LIBRARY_MODEL = "almanac";

const ContentPart = z.object({ type: z.string(), text: z.string().optional() }).passthrough();
const Message = z
  .object({
    role: z.enum(["system", "developer", "user", "assistant", "tool"]),
    content: z.union([z.string(), z.array(ContentPart), z.null()]).optional(),
  })
  .passthrough();

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

/** `POST /v1/embeddings` body. */
export const EmbeddingsRequest = z
  .object({
    model: z.string().min(1),
    input: z.union([z.string(), z.array(z.string()).min(1)]),
    encoding_format: z.enum(["float", "base64"]).optional(),
  })
  .passthrough();

function messageText(content: z.infer<typeof Message>["content"]): string {
  if (typeof content === "string") return content;
  if (!content) return "";
  return content.map((p) => (p.type === "text" ? (p.text ?? "") : "")).join("");
}

/** Most inputs one `/v1/embeddings` request may carry (OpenAI's own limit). */
export const MAX_EMBEDDING_INPUTS = 2048;

/**
 * The reason a conversation is over the configured limits (`maxMessages`
 * messages, `maxMessageChars` characters over all of them), or null. Checked
 * before any work, so a long message is refused in microseconds instead of
 * holding the answerer for everyone.
 */
export function checkMessageLimits(
  messages: z.infer<typeof Message>[],
  limits: { maxMessages: number; maxMessageChars: number },
): string | null {
  if (messages.length > limits.maxMessages)
    return `messages has ${messages.length} items, over the limit of ${limits.maxMessages} (maxMessages)`;
  const chars = messages.reduce((n, m) => n + messageText(m.content).length, 0);
  if (chars > limits.maxMessageChars)
    return `messages total ${chars} characters, over the limit of ${limits.maxMessageChars} (maxMessageChars)`;
  return null;
}

function toChatMessages(messages: z.infer<typeof Message>[]): ChatMessage[] {
  return messages
    .filter((m) => m.role !== "tool")
    .map((m) => ({
      role: m.role === "developer" ? "system" : (m.role as "system" | "user" | "assistant"),
      content: messageText(m.content),
    }));
}

/** Reads and validates a JSON body; on failure returns the OpenAI-style 400 response to send instead. */
async function parseBody<T extends z.ZodType>(
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

/**
 * For a request with `conversation_id`: checks the conversation is the
 * caller's (404 otherwise; 401 for an anonymous caller) and returns the
 * function that saves the exchange after the answer, returning the
 * conversation's id. Undefined when the request has no `conversation_id`.
 */
function keeper(
  app: Almanac,
  c: Context,
  conversationId: string | null | undefined,
  messages: ChatMessage[],
): ((answer: Answer, latencyMs: number) => string) | undefined | Response {
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
  const store = app.conversations;
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
      retrieval: app.retriever.defaultMode,
      latencyMs: Math.round(latencyMs),
    });
    return conversation.id;
  };
}

/**
 * OpenAI-compatible routes (owner: the API; guard: the API key when configured).
 *
 * - `GET /v1/models`: `almanac`, one `almanac/<collection>` per collection, and the loaded GGUF models
 *   (with an `almanac` object: architecture, parameters, quantization, file size, trained context).
 * - `GET /v1/models/{id}`: one of those; `almanac/<collection>` ids contain a slash.
 * - `POST /v1/chat/completions`: `almanac*` models answer from the library with
 *   citations (`sources` on the completion, or on the final stream chunk); the
 *   chat model's own id chats without retrieval.
 * - `POST /v1/embeddings`: vectors from the embedding model.
 */
export function openAiRoutes(app: Almanac): Hono {
  const r = new Hono();

  const collections = () => app.indexer.collections();

  const modelList = () => {
    const created = Math.floor(Date.now() / 1000);
    return [
      { id: LIBRARY_MODEL, object: "model", created, owned_by: "almanac", description: "RAG over the whole library" },
      ...collections().map((col) => ({
        id: `${LIBRARY_MODEL}/${col}`,
        object: "model",
        created,
        owned_by: "almanac",
        description: `RAG over the ${col} collection`,
      })),
      ...app.runtime
        .info()
        .models.filter((m) => m.loaded)
        .map((m) => ({
          id: m.id,
          object: "model",
          created,
          owned_by: "local",
          role: m.role,
          // What the GGUF header says, for clients that show it (an extension: OpenAI's object stops at owned_by).
          almanac: {
            architecture: m.architecture,
            parameters: m.parameters,
            quantization: m.quantization,
            file_bytes: m.fileBytes,
            context_length: m.trainContextSize,
            embedding_size: m.embeddingSize,
          },
        })),
    ];
  };

  r.get("/models", (c) => c.json({ object: "list", data: modelList() }));

  r.get("/models/:id{.+}", (c) => {
    const id = c.req.param("id");
    const model = modelList().find((m) => m.id === id);
    if (!model)
      return openAiError(c, 404, `model '${id}' does not exist`, "invalid_request_error", "model", "model_not_found");
    return c.json(model);
  });

  r.post("/chat/completions", async (c) => {
    const parsed = await parseBody(c, ChatCompletionRequest);
    if ("error" in parsed) return parsed.error;
    const req = parsed.data;
    const tooLong = checkMessageLimits(req.messages, app.config);
    if (tooLong) return openAiError(c, 400, tooLong, "invalid_request_error", "messages", "context_length_exceeded");
    const messages = toChatMessages(req.messages);
    if (!messages.some((m) => m.role === "user" && m.content.trim())) {
      return openAiError(c, 400, "messages must include a user message with text", "invalid_request_error", "messages");
    }
    const filter = searchFilter({
      tags: req.filter?.tags,
      docId: req.filter?.document,
      collection: req.filter?.collection,
    });
    const isLibrary = req.model === LIBRARY_MODEL || req.model.startsWith(`${LIBRARY_MODEL}/`);
    if (req.model.startsWith(`${LIBRARY_MODEL}/`)) {
      const col = req.model.slice(LIBRARY_MODEL.length + 1);
      if (!collections().includes(col))
        return openAiError(
          c,
          404,
          `model '${req.model}' does not exist`,
          "invalid_request_error",
          "model",
          "model_not_found",
        );
      filter.collection = col;
    }
    const chat = app.runtime.chat;
    if (!isLibrary && chat?.entry.id !== req.model) {
      return openAiError(
        c,
        404,
        `model '${req.model}' does not exist; see GET /v1/models`,
        "invalid_request_error",
        "model",
        "model_not_found",
      );
    }
    const keep = keeper(app, c, req.conversation_id, messages);
    if (keep instanceof Response) return keep;
    const maxTokens = req.max_completion_tokens ?? req.max_tokens ?? undefined;
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const run = async (
      onText?: (t: string) => void,
      onSources?: (s: Source[]) => void,
      signal?: AbortSignal,
    ): Promise<Answer> => {
      if (isLibrary) {
        return app.answerer.answer({
          messages,
          filter,
          ...(maxTokens ? { maxTokens } : {}),
          ...(req.temperature != null ? { temperature: req.temperature } : {}),
          ...(signal ? { signal } : {}),
          ...(onText ? { onText } : {}),
          ...(onSources ? { onSources } : {}),
          ...(req.style ? { style: req.style } : {}),
        });
      }
      const result = await chat!.generate(messages, {
        maxTokens: maxTokens ?? app.config.maxAnswerTokens,
        ...(req.temperature != null ? { temperature: req.temperature } : {}),
        ...(signal ? { signal } : {}),
        ...(onText ? { onText } : {}),
      });
      onSources?.([]);
      const last = messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
      return { ...result, sources: [], mode: "rag", query: { query: last, via: "question" } };
    };

    const t0 = performance.now();
    if (!req.stream) {
      const answer = await run(undefined, undefined, app.shutdown.signal);
      const conversationId = keep?.(answer, performance.now() - t0);
      return c.json({
        id,
        object: "chat.completion",
        created,
        model: req.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: answer.text },
            finish_reason: answer.finishReason,
            logprobs: null,
          },
        ],
        usage: {
          prompt_tokens: answer.promptTokens,
          completion_tokens: answer.completionTokens,
          total_tokens: answer.promptTokens + answer.completionTokens,
        },
        sources: answer.sources.map((x) => publicSource(x, new URL(c.req.url).origin)),
        almanac: {
          mode: answer.mode,
          indexing: app.indexer.busy,
          query: answer.query.query,
          query_via: answer.query.via,
          ...(conversationId ? { conversation_id: conversationId } : {}),
        },
      });
    }

    const includeUsage = req.stream_options?.include_usage === true;
    // A full queue is a 429 before the stream starts (once it has started, only the stream can say so).
    if (chat && (!isLibrary || app.answerer.mode === "rag")) chat.assertRoom();
    return streamSSE(c, async (stream) => {
      // The client leaving stops the answer silently; a shutdown stops it too, but the stream still ends properly.
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      c.req.raw.signal.addEventListener("abort", () => abort.abort());
      const stop = AbortSignal.any([abort.signal, app.shutdown.signal]);
      const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
        stream.writeSSE({
          data: JSON.stringify({
            id,
            object: "chat.completion.chunk",
            created,
            model: req.model,
            choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
            ...extra,
          }),
        });
      await chunk({ role: "assistant", content: "" }, null);
      let writes = Promise.resolve();
      const answer = await run(
        (text) => {
          if (text) writes = writes.then(() => chunk({ content: text }, null));
        },
        undefined,
        stop,
      );
      await writes;
      if (abort.signal.aborted) return;
      const conversationId = keep?.(answer, performance.now() - t0);
      await chunk({}, answer.finishReason, {
        sources: answer.sources.map((x) => publicSource(x, new URL(c.req.url).origin)),
        almanac: {
          mode: answer.mode,
          indexing: app.indexer.busy,
          query: answer.query.query,
          query_via: answer.query.via,
          ...(conversationId ? { conversation_id: conversationId } : {}),
        },
      });
      if (includeUsage) {
        await stream.writeSSE({
          data: JSON.stringify({
            id,
            object: "chat.completion.chunk",
            created,
            model: req.model,
            choices: [],
            usage: {
              prompt_tokens: answer.promptTokens,
              completion_tokens: answer.completionTokens,
              total_tokens: answer.promptTokens + answer.completionTokens,
            },
          }),
        });
      }
      await stream.writeSSE({ data: "[DONE]" });
    });
  });

  r.post("/embeddings", async (c) => {
    const parsed = await parseBody(c, EmbeddingsRequest);
    if ("error" in parsed) return parsed.error;
    const embedder = app.runtime.embedder;
    if (!embedder)
      return openAiError(
        c,
        400,
        "no embedding model is installed; drop a GGUF embedding model into the models folder",
        "invalid_request_error",
        "model",
        "model_not_found",
      );
    if (parsed.data.model !== embedder.entry.id && parsed.data.model !== LIBRARY_MODEL) {
      return openAiError(
        c,
        404,
        `model '${parsed.data.model}' is not an embedding model; use '${embedder.entry.id}'`,
        "invalid_request_error",
        "model",
        "model_not_found",
      );
    }
    const inputs = typeof parsed.data.input === "string" ? [parsed.data.input] : parsed.data.input;
    if (inputs.length > MAX_EMBEDDING_INPUTS)
      return openAiError(
        c,
        400,
        `input has ${inputs.length} items, over the limit of ${MAX_EMBEDDING_INPUTS}`,
        "invalid_request_error",
        "input",
      );
    if (inputs.some((s) => s.length > app.config.maxMessageChars))
      return openAiError(
        c,
        400,
        `an input is over the limit of ${app.config.maxMessageChars} characters (maxMessageChars)`,
        "invalid_request_error",
        "input",
        "context_length_exceeded",
      );
    if (inputs.some((s) => s.length === 0))
      return openAiError(c, 400, "input must not contain empty strings", "invalid_request_error", "input");
    const data: Array<{ object: "embedding"; index: number; embedding: number[] | string }> = [];
    let tokens = 0;
    // The same batched path as ingest: the inputs are spread over every embedding context.
    const vectors = await embedder.embedMany(inputs, "raw");
    for (const [index, text] of inputs.entries()) {
      const vector = vectors[index] as number[];
      tokens += embedder.countTokens(text);
      const embedding =
        parsed.data.encoding_format === "base64"
          ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
          : vector;
      data.push({ object: "embedding", index, embedding });
    }
    return c.json({
      object: "list",
      data,
      model: embedder.entry.id,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  });

  return r;
}
