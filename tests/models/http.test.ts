import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import OpenAI from "openai";
import { startServer } from "../../src/http/server.js";
import { BOOKS, fixtureModels, makeLibrary, openTestApp, tempDir } from "../helpers.js";

interface WireSource {
  index: number;
  title: string;
  chapter: string;
  path: string;
  start: number;
  end: number;
  snippet: string;
}

const LIBRARY = {
  "survival/Water.md": join(BOOKS, "Water.md"),
  "survival/Fire.md": join(BOOKS, "Fire.md"),
  "radio/nwr.md": join(BOOKS, "nwr.md"),
};

async function serveApp(models: string | null, extra: Record<string, unknown> = {}) {
  const tmp = tempDir();
  const lib = makeLibrary(tmp.dir, LIBRARY);
  const app = await openTestApp(tmp.dir, lib, models, extra);
  await app.indexer.reconcile();
  const server = await startServer(app.services, "127.0.0.1", 0);
  const base = `http://127.0.0.1:${server.port}`;
  return {
    app,
    base,
    client: new OpenAI({ baseURL: `${base}/v1`, apiKey: String(extra.apiKey ?? "unused"), maxRetries: 0 }),
    close: async () => {
      await server.close();
      await app.close();
      tmp.cleanup();
    },
  };
}

describe("OpenAI-compatible API with no model installed", () => {
  let s: Awaited<ReturnType<typeof serveApp>>;
  before(async () => {
    s = await serveApp(null);
  });
  after(() => s.close());

  it("answers 'How do I purify water?' extractively, citing the water chapter", async () => {
    const res = await s.client.chat.completions.create({
      model: "almanac",
      messages: [{ role: "user", content: "How do I purify water?" }],
    });
    const content = res.choices[0]?.message.content ?? "";
    assert.match(content, /\[1\]/);
    assert.match(content, /purif/i);
    const sources = (res as unknown as { sources: WireSource[] }).sources;
    assert.ok(sources.length > 0);
    assert.equal(sources[0]?.path, "survival/Water.md");
    assert.match(sources[0]?.chapter ?? "", /WATER PURIFICATION/);
    assert.ok(sources[0]!.end > sources[0]!.start);
    assert.ok(res.usage && res.usage.total_tokens === res.usage.prompt_tokens + res.usage.completion_tokens);
    assert.equal(res.choices[0]?.finish_reason, "stop");
  });

  it("streams chat.completion.chunk deltas, sources in the final chunk, usage when asked, then [DONE]", async () => {
    const stream = await s.client.chat.completions.create({
      model: "almanac",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "How do I start a fire with a bow drill?" }],
    });
    let text = "";
    let finalSources: WireSource[] | undefined;
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      assert.equal(chunk.object, "chat.completion.chunk");
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.choices[0]?.finish_reason) {
        finish = chunk.choices[0].finish_reason;
        finalSources = (chunk as unknown as { sources: WireSource[] }).sources;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    assert.match(text, /drill/i);
    assert.doesNotMatch(text, /Sources:/, "the sources are in `sources`, not repeated at the end of the text");
    assert.equal(finish, "stop");
    assert.ok(finalSources?.some((src) => src.path === "survival/Fire.md"));
    assert.ok(usage && usage.completion_tokens > 0);
  });

  it("lists the library and each collection as models", async () => {
    const ids = (await s.client.models.list()).data.map((m) => m.id);
    assert.deepEqual(ids.sort(), ["almanac", "almanac/radio", "almanac/survival"]);
  });

  it("restricts retrieval to a collection model", async () => {
    const res = await s.client.chat.completions.create({
      model: "almanac/radio",
      messages: [{ role: "user", content: "weather radio frequency" }],
    });
    const sources = (res as unknown as { sources: WireSource[] }).sources;
    assert.ok(sources.length > 0 && sources.every((src) => src.path === "radio/nwr.md"));
  });

  it("rejects invalid requests with OpenAI-style errors and unknown models with 404", async () => {
    await assert.rejects(
      s.client.chat.completions.create({ model: "almanac", messages: [] }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && /messages/.test(err.message),
    );
    await assert.rejects(
      s.client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
      (err: unknown) => err instanceof OpenAI.NotFoundError && err.code === "model_not_found",
    );
    await assert.rejects(
      s.client.embeddings.create({ model: "x", input: "water" }),
      (err: unknown) => err instanceof OpenAI.BadRequestError,
    );
    const raw = await fetch(`${s.base}/v1/chat/completions`, {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    assert.equal(raw.status, 400);
    assert.equal(((await raw.json()) as { error: { type: string } }).error.type, "invalid_request_error");
  });

  it("ignores unknown parameters", async () => {
    const res = await s.client.chat.completions.create({
      model: "almanac",
      messages: [{ role: "user", content: "signal mirror" }],
      // @ts-expect-error deliberately unknown parameter
      frobnicate: true,
    });
    assert.ok(res.choices[0]?.message.content);
  });

  it("GET /api/search returns ranked passages with scores, citations and tag filters", async () => {
    const res = await fetch(`${s.base}/api/search?q=${encodeURIComponent("boiling water")}&k=3&tags=water`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      mode: string;
      results: Array<{ rank: number; score: number; citation: WireSource & { tags: string[] } }>;
    };
    assert.equal(body.mode, "bm25");
    assert.equal(body.results.length, 3);
    assert.deepEqual(
      body.results.map((r) => r.rank),
      [1, 2, 3],
    );
    assert.ok(body.results[0]!.score >= body.results[2]!.score);
    for (const r of body.results) assert.ok(r.citation.tags.includes("water"));
    assert.equal((await fetch(`${s.base}/api/search`)).status, 400);
  });

  it("GET /status reports documents, chunks and the CPU backend", async () => {
    const st = (await (await fetch(`${s.base}/status`)).json()) as {
      documents: { indexed: number };
      chunks: number;
      mode: { answers: string };
      version: string;
    };
    assert.equal(st.documents.indexed, 3);
    assert.ok(st.chunks > 10);
    assert.equal(st.mode.answers, "extractive");
    assert.match(st.version, /^\d+\.\d+\.\d+$/);
    const hw = (st as unknown as { hardware: { cpu: { cores: number; arch: string }; ram: { totalBytes: number } } })
      .hardware;
    assert.ok(hw.cpu.cores >= 1 && hw.cpu.arch === process.arch && hw.ram.totalBytes > 0, JSON.stringify(hw));
    // This process's memory, with what LanceDB's caches hold once a search has read the index.
    await fetch(`${s.base}/api/search?q=water&k=3`);
    const m = ((await (await fetch(`${s.base}/status`)).json()) as { memory: Record<string, number> }).memory;
    assert.ok((m.rssBytes ?? 0) > (m.heapUsedBytes ?? 0) && (m.heapUsedBytes ?? 0) > 0, JSON.stringify(m));
    assert.ok((m.indexCacheBytes ?? 0) > 1024, JSON.stringify(m));
  });
});

describe("OpenAI-compatible API with the fixture models", () => {
  let s: Awaited<ReturnType<typeof serveApp>>;
  before(async () => {
    s = await serveApp(fixtureModels());
  });
  after(() => s.close());

  it("lists the loaded models next to the library, with what their GGUF headers say", async () => {
    const ids = (await s.client.models.list()).data.map((m) => m.id);
    for (const id of ["almanac", "tiny-chat", "tiny-embed", "tiny-rerank"])
      assert.ok(ids.includes(id), `${id} in ${ids}`);
    const chat = (await s.client.models.retrieve("tiny-chat")) as unknown as {
      id: string;
      role: string;
      almanac: { architecture: string; parameters: number; quantization: string; context_length: number };
    };
    assert.equal(chat.id, "tiny-chat");
    assert.equal(chat.role, "chat");
    assert.deepEqual(
      [chat.almanac.architecture, chat.almanac.quantization, chat.almanac.context_length],
      ["llama", "F32", 2048],
    );
    // 530 tokens × 64 in and out, and two blocks: the generator's shapes (tests/fixtures/models).
    assert.equal(chat.almanac.parameters, 150_080);
    const page = await (await fetch(`${s.base}/status`, { headers: { accept: "text/html" } })).text();
    assert.match(page, /llama · 150K parameters · F32 · 601 kB/, "the status page shows the header facts");
    const collection = await s.client.models.retrieve("almanac/survival");
    assert.equal(collection.id, "almanac/survival");
    await assert.rejects(
      s.client.models.retrieve("no-such-model"),
      (e: unknown) => (e as { status?: number }).status === 404,
    );
  });

  it("generates a RAG answer with sources and usage counted by the model tokenizer", async () => {
    const res = await s.client.chat.completions.create({
      model: "almanac",
      max_tokens: 8,
      messages: [{ role: "user", content: "How do I purify water?" }],
    });
    assert.equal(res.usage?.completion_tokens, 8);
    assert.equal(res.choices[0]?.finish_reason, "length");
    assert.ok(res.usage!.prompt_tokens > 50, "the prompt carries the retrieved sources");
    const sources = (res as unknown as { sources: WireSource[] }).sources;
    assert.ok(sources.some((src) => src.path === "survival/Water.md"));
  });

  it("streams with the chat model and ends with [DONE]", async () => {
    const stream = await s.client.chat.completions.create({
      model: "almanac",
      max_tokens: 6,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "How do I purify water?" }],
    });
    let deltas = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    let sources: WireSource[] | undefined;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) deltas++;
      if (chunk.choices[0]?.finish_reason) sources = (chunk as unknown as { sources: WireSource[] }).sources;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.ok(deltas > 0);
    assert.equal(usage?.completion_tokens, 6);
    assert.ok(sources && sources.length > 0);
  });

  it("chats without retrieval when the chat model's own id is used", async () => {
    const res = await s.client.chat.completions.create({
      model: "tiny-chat",
      max_tokens: 4,
      messages: [{ role: "user", content: "hello" }],
    });
    const extras = res as unknown as { sources: unknown[]; almanac: { mode: string } };
    assert.deepEqual(extras.sources, []);
    assert.equal(extras.almanac.mode, "chat", "the model's own words, not a library answer");
    assert.equal(res.usage?.completion_tokens, 4);
  });

  it("aborts generation when the client disconnects", async () => {
    const controller = new AbortController();
    const stream = await s.client.chat.completions.create(
      {
        model: "almanac",
        max_tokens: 4000,
        stream: true,
        messages: [{ role: "user", content: "Tell me everything about fire." }],
      },
      { signal: controller.signal },
    );
    let seen = 0;
    try {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content && ++seen === 3) controller.abort();
      }
    } catch {
      // Depending on timing the client ends the iteration or throws an abort error; both are fine.
    }
    assert.equal(seen, 3);
    const chat = s.app.runtime.chat!;
    const end = Date.now() + 20_000;
    const aborted = () => chat.endings.find((e) => e.aborted);
    while (Date.now() < end && !aborted()) await new Promise((r) => setTimeout(r, 50));
    assert.ok(aborted(), "the server-side generation was aborted");
    assert.ok(aborted()!.completionTokens < 4000);
  });

  it("embeds a string or an array with /v1/embeddings", async () => {
    const one = await s.client.embeddings.create({ model: "tiny-embed", input: "boil water" });
    assert.equal(one.data.length, 1);
    assert.equal(one.data[0]?.embedding.length, 64);
    assert.ok(Math.abs(Math.hypot(...one.data[0]!.embedding) - 1) < 1e-5);
    const many = await s.client.embeddings.create({ model: "tiny-embed", input: ["boil water", "strike a spark"] });
    assert.deepEqual(
      many.data.map((d) => d.index),
      [0, 1],
    );
    assert.ok(many.usage.prompt_tokens > 0);
  });

  it("searches in hybrid mode", async () => {
    const body = (await (await fetch(`${s.base}/api/search?q=purify%20water&k=5&mode=hybrid`)).json()) as {
      mode: string;
      results: Array<{ bm25: number | null; cosine: number | null; citation: WireSource }>;
    };
    assert.equal(body.mode, "hybrid");
    assert.equal(body.results[0]?.citation.path, "survival/Water.md");
    // Lexical hits carry their true cosine too, so random-ish vectors cannot outvote a strong BM25 match.
    const lexical = body.results.filter((r) => r.bm25 !== null);
    assert.ok(lexical.length > 0);
    for (const r of lexical) assert.equal(typeof r.cosine, "number");
  });

  it("holds vector-side hybrid candidates to the query's operators", async () => {
    const body = (await (await fetch(`${s.base}/api/search?q=water%20-boil&k=10&mode=hybrid`)).json()) as {
      results: Array<{ text: string }>;
    };
    assert.ok(body.results.length > 0);
    for (const r of body.results) assert.doesNotMatch(r.text, /\bboil/i);
  });

  it("returns an empty hybrid result when the filter matches nothing", async () => {
    const res = await fetch(`${s.base}/api/search?q=water&mode=hybrid&collection=no-such-collection`);
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { results: unknown[] }).results, []);
  });

  it("reranks with the cross-encoder by default when a reranker is loaded", async () => {
    const body = (await (await fetch(`${s.base}/api/search?q=purify%20water&k=5`)).json()) as {
      mode: string;
      results: Array<{ score: number; rerank: number | null }>;
    };
    assert.equal(body.mode, "rerank");
    assert.equal(body.results.length, 5);
    for (const r of body.results) assert.equal(r.score, r.rerank);
    const scores = body.results.map((r) => r.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
  });
});

describe("chat queue over HTTP", () => {
  it("answers 429 with Retry-After when the chat queue is full, then serves requests again", async () => {
    const s = await serveApp(fixtureModels(), { chatQueueMax: 1, chatSequences: 1 });
    try {
      const chat = s.app.runtime.chat!;
      // Hold the model: one task running and one waiting, released by the test (generation itself is too quick to race).
      const queue = (chat as unknown as { queue: { add(fn: () => Promise<void>): Promise<void> } }).queue;
      let release = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const held = [queue.add(() => gate), queue.add(() => gate)];
      assert.equal(chat.ahead, 2);
      const full = await fetch(`${s.base}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "almanac", messages: [{ role: "user", content: "water" }], stream: true }),
      });
      assert.equal(full.status, 429);
      assert.ok(Number(full.headers.get("retry-after")) >= 1);
      assert.equal(((await full.json()) as { error: { type: string } }).error.type, "rate_limit_error");
      await assert.rejects(
        s.client.chat.completions.create({
          model: "almanac",
          messages: [{ role: "user", content: "How do I purify water?" }],
        }),
        (e: unknown) => e instanceof OpenAI.RateLimitError,
      );
      release();
      await Promise.all(held);
      const ok = await s.client.chat.completions.create({
        model: "almanac",
        messages: [{ role: "user", content: "How do I purify water?" }],
      });
      assert.equal(ok.choices.length, 1);
    } finally {
      await s.close();
    }
  });
});
