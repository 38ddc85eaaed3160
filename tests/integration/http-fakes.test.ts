// The HTTP floor on hand-written fake services: no LanceDB, no SQLite, no models. Each request goes through
// the whole middleware stack in-process (Hono's app.request()), so the status, the OpenAI error type and the
// param each 4xx path names are checked where they are made, in milliseconds.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pino } from "pino";
import type { AppServices } from "../../src/app/services.js";
import { type Config, ConfigSchema } from "../../src/config.js";
import { ModelChoiceError } from "../../src/errors.js";
import type { Answer } from "../../src/generate/answer.js";
import type { OpenAiError } from "../../src/http/errors.js";
import { createHttpApp } from "../../src/http/server.js";
import type { Indexer } from "../../src/library/indexer.js";
import type { Embedder } from "../../src/models/embedder.js";
import type { ModelEntry } from "../../src/models/registry.js";

/** `parts` as a T: a member the fake does not give throws when a route reaches for it. */
function fake<T extends object>(name: string, parts: Partial<T>): T {
  return new Proxy(parts, {
    get(target, key) {
      if (key in target) return Reflect.get(target, key);
      if (typeof key === "symbol" || key === "then") return undefined;
      throw new Error(`${name}.${key} is not in this fake`);
    },
  }) as T;
}

const ANSWER: Answer = {
  text: "Boil it for a minute [1].",
  sources: [],
  mode: "extractive",
  query: { query: "how do I make water safe", via: "question" },
  promptTokens: 7,
  completionTokens: 6,
  finishReason: "stop",
};

interface Fakes {
  config?: Partial<Config>;
  embedder?: Embedder | null;
  /** Every `useChat` call's file. */
  used?: string[];
}

function services(opts: Fakes = {}): AppServices {
  const config = { ...ConfigSchema.parse({}), apiKey: "secret", maxMessages: 4, maxMessageChars: 200, ...opts.config };
  const info = { models: [] } as unknown as ReturnType<AppServices["models"]["runtime"]["info"]>;
  return fake<AppServices>("services", {
    config,
    log: pino({ level: "silent" }),
    shutdown: new AbortController().signal,
    writable: true,
    library: fake<AppServices["library"]>("library", {
      // The library page's progress meter listens from the start.
      indexer: fake<AppServices["library"]["indexer"]>("indexer", {
        busy: false,
        collections: () => ["water"],
        on: () => fake<Indexer>("indexer", {}),
        off: () => fake<Indexer>("indexer", {}),
      }),
    }),
    ask: fake<AppServices["ask"]>("ask", { mode: "extractive", answer: async () => ANSWER }),
    search: fake<AppServices["search"]>("search", { defaultMode: "bm25" }),
    models: fake<AppServices["models"]>("models", {
      runtime: fake<AppServices["models"]["runtime"]>("runtime", {
        chat: null,
        embedder: opts.embedder ?? null,
        info: () => info,
      }),
      useChat: async (file) => {
        opts.used?.push(file);
        throw new ModelChoiceError(`no model file '${file}' in the models folder`, 404);
      },
    }),
    accounts: fake<AppServices["accounts"]>("accounts", {
      sessions: fake<AppServices["accounts"]["sessions"]>("sessions", { userOf: () => undefined }),
    }),
    conversations: fake<AppServices["conversations"]>("conversations", { get: () => undefined }),
  });
}

const KEY = { authorization: "Bearer secret", "content-type": "application/json" };

async function post(s: AppServices, path: string, body: unknown, headers: Record<string, string> = KEY) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  return createHttpApp(s).request(path, { method: "POST", headers, body: raw });
}

/** Checks an OpenAI-shaped refusal: its status, type, param and (when given) code. */
async function refused(res: Response, status: number, type: string, param: string | null, code?: string) {
  assert.equal(res.status, status, await res.clone().text());
  const { error } = (await res.json()) as OpenAiError;
  assert.equal(error.type, type);
  assert.equal(error.param, param);
  if (code !== undefined) assert.equal(error.code, code);
  return error;
}

const ask = (content: string) => [{ role: "user", content }];

describe("the HTTP floor on fake services", () => {
  it("/v1/chat/completions refuses bad bodies, messages, models and conversations", async () => {
    const s = services();
    const chat = (body: unknown, headers?: Record<string, string>) => post(s, "/v1/chat/completions", body, headers);
    await refused(await chat("{not json"), 400, "invalid_request_error", null);
    await refused(await chat({ model: "almanac" }), 400, "invalid_request_error", "messages");
    await refused(await chat({ model: "almanac", messages: ask("hi"), n: 2 }), 400, "invalid_request_error", "n");
    await refused(await chat({ model: "almanac", messages: ask("  ") }), 400, "invalid_request_error", "messages");
    const many = Array.from({ length: 5 }, () => ({ role: "user", content: "water" }));
    await refused(
      await chat({ model: "almanac", messages: many }),
      400,
      "invalid_request_error",
      "messages",
      "context_length_exceeded",
    );
    await refused(
      await chat({ model: "almanac", messages: ask("x".repeat(201)) }),
      400,
      "invalid_request_error",
      "messages",
      "context_length_exceeded",
    );
    for (const model of ["gpt-4o", "almanac/fire"])
      await refused(
        await chat({ model, messages: ask("water?") }),
        404,
        "invalid_request_error",
        "model",
        "model_not_found",
      );
    await refused(
      await chat({ model: "almanac", messages: ask("water?"), conversation_id: "c-1" }),
      404,
      "invalid_request_error",
      "conversation_id",
      "conversation_not_found",
    );
  });

  it("/v1/chat/completions: conversations need a key, and the library answers in OpenAI's envelope", async () => {
    const open = services({ config: { apiKey: undefined, anonymousRole: "user" } });
    const anonymous = { "content-type": "application/json" };
    const body = { model: "almanac/water", messages: ask("how do I make water safe"), conversation_id: "new" };
    await refused(
      await post(open, "/v1/chat/completions", body, anonymous),
      401,
      "authentication_error",
      "conversation_id",
    );
    const res = await post(services(), "/v1/chat/completions", { model: "almanac/water", messages: body.messages });
    assert.equal(res.status, 200);
    const completion = (await res.json()) as Record<string, unknown>;
    assert.equal(completion.object, "chat.completion");
    assert.match(String(completion.id), /^chatcmpl-/);
    assert.deepEqual(completion.choices, [
      { index: 0, message: { role: "assistant", content: ANSWER.text }, finish_reason: "stop", logprobs: null },
    ]);
    assert.deepEqual(completion.usage, { prompt_tokens: 7, completion_tokens: 6, total_tokens: 13 });
    assert.deepEqual(completion.almanac, {
      mode: "extractive",
      indexing: false,
      query: ANSWER.query.query,
      query_via: "question",
    });
  });

  it("/v1/chat/completions streams chunks of the same envelope, then the usage chunk and [DONE]", async () => {
    const res = await post(services(), "/v1/chat/completions", {
      model: "almanac",
      messages: ask("water?"),
      stream: true,
      stream_options: { include_usage: true },
    });
    assert.equal(res.status, 200);
    const events = (await res.text())
      .split("\n")
      .filter((l) => l.startsWith("data: "))
      .map((l) => l.slice(6));
    assert.equal(events.at(-1), "[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as Record<string, unknown>);
    assert.ok(chunks.every((c) => c.object === "chat.completion.chunk" && c.id === chunks[0]?.id));
    assert.deepEqual(chunks[0]?.choices, [
      { index: 0, delta: { role: "assistant", content: "" }, finish_reason: null, logprobs: null },
    ]);
    const final = chunks.at(-2);
    assert.deepEqual(final?.choices, [{ index: 0, delta: {}, finish_reason: "stop", logprobs: null }]);
    assert.deepEqual(final?.sources, []);
    assert.deepEqual(chunks.at(-1)?.choices, []);
    assert.deepEqual(chunks.at(-1)?.usage, { prompt_tokens: 7, completion_tokens: 6, total_tokens: 13 });
  });

  it("/v1/embeddings refuses a missing or other model and bad inputs", async () => {
    const embed = (s: AppServices, body: unknown) => post(s, "/v1/embeddings", body);
    await refused(
      await embed(services(), { model: "almanac", input: "water" }),
      400,
      "invalid_request_error",
      "model",
      "model_not_found",
    );
    const embedder = fake<Embedder>("embedder", { entry: fake<ModelEntry>("entry", { id: "tiny-embed.gguf" }) });
    const s = services({ embedder });
    await refused(await embed(s, { model: "almanac" }), 400, "invalid_request_error", "input");
    await refused(
      await embed(s, { model: "text-embedding-3-small", input: "water" }),
      404,
      "invalid_request_error",
      "model",
      "model_not_found",
    );
    await refused(
      await embed(s, { model: "almanac", input: Array.from({ length: 2049 }, () => "w") }),
      400,
      "invalid_request_error",
      "input",
    );
    await refused(
      await embed(s, { model: "tiny-embed.gguf", input: ["water", "x".repeat(201)] }),
      400,
      "invalid_request_error",
      "input",
      "context_length_exceeded",
    );
    await refused(await embed(s, { model: "almanac", input: ["water", ""] }), 400, "invalid_request_error", "input");
  });

  it("/api/search refuses bad query parameters before searching", async () => {
    const http = createHttpApp(services());
    const search = (query: string) => http.request(`/api/search?${query}`, { headers: KEY });
    await refused(await search(""), 400, "invalid_request_error", "q");
    await refused(await search("q=%20%20"), 400, "invalid_request_error", "q");
    await refused(await search("q=water&k=0"), 400, "invalid_request_error", "k");
    await refused(await search("q=water&k=101"), 400, "invalid_request_error", "k");
    await refused(await search("q=water&mode=fuzzy"), 400, "invalid_request_error", "mode");
  });

  it("/api/models/use refuses bad bodies, and a model switch error keeps its status and param", async () => {
    const used: string[] = [];
    const s = services({ used });
    const use = (body: unknown, headers?: Record<string, string>) => post(s, "/api/models/use", body, headers);
    await refused(await use("{not json"), 400, "invalid_request_error", null);
    await refused(await use({ role: "vision", file: "a.gguf" }), 400, "invalid_request_error", "role");
    await refused(await use({ role: "chat", file: "  " }), 400, "invalid_request_error", "file");
    await refused(await use({ role: "chat", file: "missing.gguf" }), 404, "invalid_request_error", "file");
    assert.deepEqual(used, ["missing.gguf"]);
    const reader = services({ config: { apiKey: undefined } });
    const json = { "content-type": "application/json" };
    const anonymous = await post(reader, "/api/models/use", { role: "chat", file: "a.gguf" }, json);
    await refused(anonymous, 401, "authentication_error", null, "invalid_api_key");
  });
});
