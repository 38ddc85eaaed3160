// An Ollama-compatible API over the library and the loaded models, for clients that speak only Ollama's.
import { type Context, Hono } from "hono";
import { stream } from "hono/streaming";
import type { z } from "zod";
import type { AppServices } from "../../app/services.js";
import type { Answer } from "../../generate/answer.js";
import { publicSource } from "../../generate/sources.js";
import type { ChatMessage } from "../../models/chat-model.js";
import { searchFilter } from "../../retrieve/filter.js";
import { VERSION } from "../../version.js";
import { openAiError } from "../errors.js";
import { chatModelAnswer } from "../openai/chat.js";
import { embedderFor } from "../openai/embeddings.js";
import { isLibraryModel, LIBRARY_MODEL } from "../openai/models.js";
import { type RequestMessage, toChatMessages } from "../openai/schemas.js";
import { openAiToolCalls, type ToolOptions, toolOptions, wantsTools } from "../openai/tools.js";
import {
  OllamaChatRequest,
  OllamaEmbeddingsRequest,
  OllamaEmbedRequest,
  OllamaGenerateRequest,
  OllamaShowRequest,
  toolRequestOf,
} from "./schemas.js";
import { capabilitiesOf, tags } from "./tags.js";

/** What the Ollama routes use: answers, the models, the collections, the limits. */
export type OllamaServices = Pick<AppServices, "ask" | "models" | "library" | "config" | "shutdown">;

/** The Ollama API version reported by `/api/version`: the release whose API these routes follow. */
export const OLLAMA_API_VERSION = "0.12.0";

/** An error, which {@link openAiError} sends in Ollama's shape (`{"error": "…"}`) on these routes. */
const fail = (c: Context, status: 400 | 404 | 500, error: string) => openAiError(c, status, error);

async function parse<T extends z.ZodType>(c: Context, schema: T): Promise<{ data: z.infer<T> } | { error: Response }> {
  const body = await c.req.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (parsed.success) return { data: parsed.data };
  const issue = parsed.error.issues[0];
  return { error: fail(c, 400, `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`) };
}

/** What a chat or generate request asks for, as {@link run} takes it. */
interface RunRequest {
  model: string;
  stream: boolean;
  options?: { num_predict?: number | undefined; temperature?: number | undefined } | undefined;
  /** Tools and JSON output, from {@link toolOptions}. */
  tools: ToolOptions;
}

/** A chat or generate request run: the library's cited answer for `almanac*`, else the loaded chat model's own. */
async function run(
  s: OllamaServices,
  req: RunRequest,
  messages: ChatMessage[],
  signal: AbortSignal,
  onText?: (t: string) => void,
): Promise<Answer | string> {
  const { model, options, tools } = req;
  const maxTokens = options?.num_predict ? { maxTokens: options.num_predict } : {};
  const temperature = options?.temperature !== undefined ? { temperature: options.temperature } : {};
  const streaming = onText ? { onText } : {};
  if (isLibraryModel(model)) {
    const collection = model.startsWith(`${LIBRARY_MODEL}/`) ? model.slice(LIBRARY_MODEL.length + 1) : undefined;
    if (collection && !s.library.indexer.collections().includes(collection)) return `model '${model}' not found`;
    return s.ask.answer({
      messages,
      filter: searchFilter({ collection }),
      signal,
      ...(tools.tools ? { tools } : {}),
      ...maxTokens,
      ...temperature,
      ...streaming,
    });
  }
  const chat = s.models.runtime.chat;
  if (chat?.entry.id !== model) return `model '${model}' not found, try pulling it first`;
  const result = await chat.generate(messages, {
    maxTokens: options?.num_predict ?? s.config.maxAnswerTokens,
    signal,
    ...temperature,
    ...streaming,
    ...tools,
  });
  return chatModelAnswer(result, messages);
}

/** The calls as Ollama's `message.tool_calls`: arguments as an object, with OpenAI's id and an index beside them. */
function ollamaToolCalls(answer: Answer) {
  return openAiToolCalls(answer.toolCalls).map((tc, index) => ({
    id: tc.id,
    function: { index, name: tc.function.name, arguments: answer.toolCalls?.[index]?.arguments ?? {} },
  }));
}

/** The figures of a final chunk, in Ollama's nanoseconds. */
function finalFields(answer: Answer, t0: number, origin: string) {
  const total = Math.round((performance.now() - t0) * 1e6);
  return {
    done: true,
    done_reason: answer.finishReason === "length" ? "length" : "stop",
    total_duration: total,
    load_duration: 0,
    prompt_eval_count: answer.promptTokens,
    prompt_eval_duration: 0,
    eval_count: answer.completionTokens,
    eval_duration: total,
    // Almanac's extension, as on the OpenAI side: the cited passages with their reader links.
    sources: answer.sources.map((x) => publicSource(x, origin)),
    almanac: { mode: answer.mode, query: answer.query.query },
  };
}

/** Answers a chat (`shape: "chat"`) or generate request, whole or as NDJSON lines. */
function respond(
  c: Context,
  s: OllamaServices,
  req: RunRequest,
  messages: ChatMessage[],
  shape: "chat" | "generate",
): Response | Promise<Response> {
  const t0 = performance.now();
  const origin = new URL(c.req.url).origin;
  const piece = (text: string, done?: Answer) => {
    const calls = done && shape === "chat" ? ollamaToolCalls(done) : [];
    const message = { role: "assistant", content: text, ...(calls.length ? { tool_calls: calls } : {}) };
    return shape === "chat" ? { message } : { response: text };
  };
  const head = () => ({ model: req.model, created_at: new Date().toISOString() });
  if (!req.stream)
    return (async () => {
      const done = await run(s, req, messages, AbortSignal.any([c.req.raw.signal, s.shutdown]));
      if (typeof done === "string") return fail(c, 404, done);
      return c.json({ ...head(), ...piece(done.text, done), ...finalFields(done, t0, origin) });
    })();
  if (!isLibraryModel(req.model) && s.models.runtime.chat?.entry.id !== req.model)
    return fail(c, 404, `model '${req.model}' not found, try pulling it first`);
  c.header("content-type", "application/x-ndjson");
  return stream(c, async (out) => {
    const abort = new AbortController();
    out.onAbort(() => abort.abort());
    let writes = Promise.resolve();
    const line = (v: unknown) => {
      writes = writes.then(async () => {
        await out.write(`${JSON.stringify(v)}\n`);
      });
    };
    const done = await run(s, req, messages, AbortSignal.any([abort.signal, s.shutdown]), (t) => {
      if (t) line({ ...head(), ...piece(t), done: false });
    });
    await writes;
    if (abort.signal.aborted) return;
    if (typeof done === "string") line({ error: done });
    else {
      // As Ollama does, the calls come on a line of their own before the last one.
      if (done.toolCalls?.length) line({ ...head(), ...piece("", done), done: false });
      line({ ...head(), ...piece(""), ...finalFields(done, t0, origin) });
    }
    await writes;
  });
}

/**
 * The {@link ToolOptions} of an Ollama request's `tools` and `format`, or
 * the error to send (no chat model, a remote one, `format` asked of the library).
 */
function toolsOf(c: Context, s: OllamaServices, req: Parameters<typeof toolRequestOf>[0]): ToolOptions | Response {
  const asked = toolRequestOf(req);
  return wantsTools(asked)
    ? toolOptions(c, asked, s.models.runtime.chat ?? null, isLibraryModel(req.model), "format")
    : {};
}

/**
 * Ollama's API (owner: the Ollama-compatible API), beside the OpenAI one:
 * `GET /api/version`, `GET /api/tags` (the library, each collection, every
 * GGUF in the models folder), `POST /api/show`, `POST /api/chat` and
 * `POST /api/generate` (NDJSON lines unless `stream: false`; `almanac*`
 * models answer from the library with `sources` on the last line),
 * `POST /api/embed` and `POST /api/embeddings`. Errors are Ollama's
 * `{"error": …}`. Keys and roles are the same as the OpenAI side's.
 * Source: Ollama API reference, https://github.com/ollama/ollama/blob/main/docs/api.md.
 */
export function ollamaRoutes(s: OllamaServices): Hono {
  const r = new Hono();
  r.get("/version", (c) => c.json({ version: OLLAMA_API_VERSION, almanac: VERSION }));
  r.get("/tags", (c) => c.json({ models: tags(s) }));
  r.post("/show", async (c) => {
    const p = await parse(c, OllamaShowRequest);
    if ("error" in p) return p.error;
    const name = p.data.model ?? p.data.name ?? "";
    const found = tags(s).find((m) => m.name === name);
    if (!found) return fail(c, 404, `model '${name}' not found`);
    const capabilities = capabilitiesOf(s, name);
    return c.json({
      modelfile: "",
      parameters: "",
      template: "",
      details: found.details,
      model_info: {},
      capabilities,
    });
  });
  r.post("/chat", async (c) => {
    const p = await parse(c, OllamaChatRequest);
    if ("error" in p) return p.error;
    // Ollama's messages are OpenAI's less the ids: tool results fold into the calls before them, in order.
    const messages = toChatMessages(p.data.messages as RequestMessage[]).filter(
      (m) => m.content.trim() || m.toolCalls?.length,
    );
    if (!messages.some((m) => m.role === "user" && m.content.trim()))
      return fail(c, 400, "messages need a user message");
    const chars = messages.reduce((n, m) => n + m.content.length, 0);
    if (messages.length > s.config.maxMessages || chars > s.config.maxMessageChars)
      return fail(
        c,
        400,
        `messages are over the limits (maxMessages ${s.config.maxMessages}, maxMessageChars ${s.config.maxMessageChars})`,
      );
    const tools = toolsOf(c, s, p.data);
    if (tools instanceof Response) return tools;
    return respond(c, s, { ...p.data, tools }, messages, "chat");
  });
  r.post("/generate", async (c) => {
    const p = await parse(c, OllamaGenerateRequest);
    if ("error" in p) return p.error;
    if (!p.data.prompt.trim())
      return c.json({ model: p.data.model, created_at: new Date().toISOString(), response: "", done: true });
    if (p.data.prompt.length > s.config.maxMessageChars)
      return fail(c, 400, `prompt is over maxMessageChars (${s.config.maxMessageChars})`);
    const messages: ChatMessage[] = [
      ...(p.data.system ? [{ role: "system" as const, content: p.data.system }] : []),
      { role: "user", content: p.data.prompt },
    ];
    const tools = toolsOf(c, s, { model: p.data.model, format: p.data.format });
    if (tools instanceof Response) return tools;
    return respond(c, s, { ...p.data, tools }, messages, "generate");
  });
  r.post("/embed", async (c) => {
    const p = await parse(c, OllamaEmbedRequest);
    if ("error" in p) return p.error;
    const embedder = embedderFor(c, s, p.data.model);
    if (embedder instanceof Response) return embedder;
    const inputs = typeof p.data.input === "string" ? [p.data.input] : p.data.input;
    if (inputs.some((x) => x.length > s.config.maxMessageChars))
      return fail(c, 400, "an input is over maxMessageChars");
    const t0 = performance.now();
    const embeddings = await embedder.embedMany(inputs, "raw");
    const tokens = inputs.reduce((n, x) => n + embedder.countTokens(x), 0);
    const total = Math.round((performance.now() - t0) * 1e6);
    return c.json({
      model: embedder.entry.id,
      embeddings,
      total_duration: total,
      load_duration: 0,
      prompt_eval_count: tokens,
    });
  });
  r.post("/embeddings", async (c) => {
    const p = await parse(c, OllamaEmbeddingsRequest);
    if ("error" in p) return p.error;
    const embedder = embedderFor(c, s, p.data.model);
    if (embedder instanceof Response) return embedder;
    const [embedding] = await embedder.embedMany([p.data.prompt], "raw");
    return c.json({ embedding });
  });
  return r;
}
