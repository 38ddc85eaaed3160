// POST /v1/chat/completions: answers from the library with citations, or a plain chat with the loaded chat model.
import type { Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { AppServices } from "../../app/services.js";
import type { Answer } from "../../generate/answer.js";
import type { ChatMessage, GenerateResult } from "../../models/chat-model.js";
import { type SearchFilter, searchFilter } from "../../retrieve/filter.js";
import { openAiError } from "../errors.js";
import { answerExtras, type CompletionHead, completionHead, envelope, usageOf } from "./envelope.js";
import { type Keeper, keeper } from "./keep.js";
import { isLibraryModel, LIBRARY_MODEL } from "./models.js";
import {
  type ChatCompletionBody,
  ChatCompletionRequest,
  checkMessageLimits,
  parseBody,
  toChatMessages,
} from "./schemas.js";
import { openAiToolCalls, type ToolOptions, toolOptions, wantsTools } from "./tools.js";

/** What `/v1/chat/completions` uses: the answerer, the chat model, the collections, the conversations. */
export type ChatServices = Pick<
  AppServices,
  "config" | "shutdown" | "library" | "ask" | "search" | "models" | "conversations"
>;

type LoadedChat = NonNullable<ChatServices["models"]["runtime"]["chat"]>;

/** A request that passed every check, and what answers it. */
interface ChatPlan {
  req: ChatCompletionBody;
  messages: ChatMessage[];
  filter: SearchFilter;
  /** True for `almanac` and `almanac/<collection>`: the answerer answers from the library. */
  isLibrary: boolean;
  /** The loaded chat model: the one that answers a plain chat, or null (then only library answers). */
  chat: LoadedChat | null;
  keep: Keeper | undefined;
  head: CompletionHead;
  t0: number;
  /** Tools and JSON output for the chat model (plain chat only), from {@link toolOptions}. */
  tools: ToolOptions;
}

const notFound = (c: Context, message: string) =>
  openAiError(c, 404, message, "invalid_request_error", "model", "model_not_found");

/** The chat messages of a request within the limits and with a user question, or the 400 that refuses it. */
function checkedMessages(c: Context, req: ChatCompletionBody, services: ChatServices): ChatMessage[] | Response {
  const tooLong = checkMessageLimits(req.messages, services.config);
  if (tooLong) return openAiError(c, 400, tooLong, "invalid_request_error", "messages", "context_length_exceeded");
  const messages = toChatMessages(req.messages);
  if (!messages.some((m) => m.role === "user" && m.content.trim()))
    return openAiError(c, 400, "messages must include a user message with text", "invalid_request_error", "messages");
  return messages;
}

/**
 * Checks `model` (an unknown `almanac/<collection>` or a model that is not the
 * loaded chat model is a 404) and narrows the filter to the model's collection.
 */
function checkedModel(c: Context, req: ChatCompletionBody, services: ChatServices, filter: SearchFilter) {
  if (req.model.startsWith(`${LIBRARY_MODEL}/`)) {
    const col = req.model.slice(LIBRARY_MODEL.length + 1);
    if (!services.library.indexer.collections().includes(col))
      return notFound(c, `model '${req.model}' does not exist`);
    filter.collection = col;
  }
  const isLibrary = isLibraryModel(req.model);
  const chat = services.models.runtime.chat;
  if (!isLibrary && chat?.entry.id !== req.model) {
    const inFolder = services.models.runtime.info().models.some((m) => m.id === req.model && m.role === "chat");
    return notFound(
      c,
      inFolder
        ? `model '${req.model}' is in the models folder but not loaded: choose it on the status page or with POST /api/models/use`
        : `model '${req.model}' does not exist; see GET /v1/models`,
    );
  }
  return { isLibrary, chat };
}

/** Runs the answer: the answerer for library models, else the chat model alone (no sources). */
async function answer(
  services: ChatServices,
  plan: ChatPlan,
  signal: AbortSignal,
  onText?: (t: string) => void,
): Promise<Answer> {
  const { req, messages } = plan;
  const maxTokens = req.max_completion_tokens ?? req.max_tokens ?? undefined;
  const temperature = req.temperature != null ? { temperature: req.temperature } : {};
  const streaming = onText ? { onText } : {};
  if (plan.isLibrary || !plan.chat)
    return services.ask.answer({
      messages,
      filter: plan.filter,
      ...(plan.tools.tools ? { tools: plan.tools } : {}),
      ...(maxTokens ? { maxTokens } : {}),
      ...temperature,
      signal,
      ...streaming,
      ...(req.style ? { style: req.style } : {}),
    });
  const result = await plan.chat.generate(messages, {
    maxTokens: maxTokens ?? services.config.maxAnswerTokens,
    ...temperature,
    signal,
    ...streaming,
    ...plan.tools,
  });
  return chatModelAnswer(result, messages);
}

/**
 * A chat model's own reply (a plain chat, nothing searched) as an {@link Answer}: no sources, mode `chat`,
 * the last user message as its query. For the OpenAI and the Ollama routes alike.
 */
export function chatModelAnswer(result: GenerateResult, messages: readonly ChatMessage[]): Answer {
  const last = messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
  return { ...result, sources: [], mode: "chat", query: { query: last, via: "question" } };
}

/** The Almanac extensions of a finished answer, after keeping the exchange when asked to. */
function extrasOf(c: Context, services: ChatServices, plan: ChatPlan, done: Answer) {
  const conversationId = plan.keep?.(done, performance.now() - plan.t0);
  const origin = new URL(c.req.url).origin;
  return answerExtras(done, { origin, indexing: services.library.indexer.busy, conversationId });
}

/** Answers with one `chat.completion`. */
async function sendWhole(c: Context, services: ChatServices, plan: ChatPlan): Promise<Response> {
  const done = await answer(services, plan, services.shutdown);
  const calls = openAiToolCalls(done.toolCalls);
  const message = calls.length
    ? { role: "assistant" as const, content: done.text || null, tool_calls: calls }
    : { role: "assistant" as const, content: done.text };
  const extra = { usage: usageOf(done), ...extrasOf(c, services, plan, done) };
  return c.json(envelope(plan.head, { message, finish: done.finishReason }, extra));
}

/**
 * Streams `chat.completion.chunk`s: the assistant role, the text as it comes,
 * a final chunk with the finish reason, sources and `almanac`, the usage chunk
 * when `stream_options.include_usage` is set, then `[DONE]`. The client leaving
 * stops the answer silently; a shutdown stops it too, but the stream still ends properly.
 */
function sendStream(c: Context, services: ChatServices, plan: ChatPlan): Response {
  // A full queue is a 429 before the stream starts (once it has started, only the stream can say so).
  if (plan.chat && (!plan.isLibrary || services.ask.mode === "rag")) plan.chat.assertRoom();
  return streamSSE(c, async (stream) => {
    const abort = new AbortController();
    stream.onAbort(() => abort.abort());
    c.req.raw.signal.addEventListener("abort", () => abort.abort());
    const send = (chunk: Record<string, unknown>) => stream.writeSSE({ data: JSON.stringify(chunk) });
    await send(envelope(plan.head, { delta: { role: "assistant", content: "" }, finish: null }));
    let writes = Promise.resolve();
    const onText = (text: string) => {
      if (text) writes = writes.then(() => send(envelope(plan.head, { delta: { content: text }, finish: null })));
    };
    const done = await answer(services, plan, AbortSignal.any([abort.signal, services.shutdown]), onText);
    await writes;
    if (abort.signal.aborted) return;
    // Tool calls go in one delta, whole, as OpenAI's last tool_calls delta would leave them.
    const calls = openAiToolCalls(done.toolCalls).map((tc, index) => ({ index, ...tc }));
    if (calls.length) await send(envelope(plan.head, { delta: { tool_calls: calls }, finish: null }));
    await send(envelope(plan.head, { delta: {}, finish: done.finishReason }, extrasOf(c, services, plan, done)));
    if (plan.req.stream_options?.include_usage === true)
      await send(envelope(plan.head, null, { usage: usageOf(done) }));
    await stream.writeSSE({ data: "[DONE]" });
  });
}

/**
 * Mounts `POST /chat/completions` on `r`: `almanac*` models answer from the
 * library with citations (`sources` on the completion, or on the final stream
 * chunk); the chat model's own id chats without retrieval. Refusals are
 * OpenAI-shaped: 400 for a bad body or messages over the limits (`messages`),
 * 404 `model_not_found` (`model`), 401/404 for `conversation_id`, and a 429
 * from a full chat queue before a stream starts.
 */
export function mountChatRoutes(r: Hono, services: ChatServices): void {
  r.post("/chat/completions", async (c) => {
    const parsed = await parseBody(c, ChatCompletionRequest);
    if ("error" in parsed) return parsed.error;
    const req = parsed.data;
    const messages = checkedMessages(c, req, services);
    if (messages instanceof Response) return messages;
    const filter = searchFilter({
      tags: req.filter?.tags,
      docId: req.filter?.document,
      collection: req.filter?.collection,
    });
    const model = checkedModel(c, req, services, filter);
    if (model instanceof Response) return model;
    const tools = wantsTools(req) ? toolOptions(c, req, model.chat, model.isLibrary) : {};
    if (tools instanceof Response) return tools;
    const keep = keeper(services, c, req.conversation_id, messages);
    if (keep instanceof Response) return keep;
    const plan: ChatPlan = {
      req,
      messages,
      filter,
      ...model,
      keep,
      tools,
      head: completionHead(req.model),
      t0: performance.now(),
    };
    return req.stream ? sendStream(c, services, plan) : sendWhole(c, services, plan);
  });
}
