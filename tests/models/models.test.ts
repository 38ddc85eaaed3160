import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { modelTable } from "../../src/cli/models-command.js";
import { ChatQueueFullError, ChatTimeoutError } from "../../src/errors.js";
import { createLogger } from "../../src/log.js";
import { chatSequenceCount, MAX_AUTO_CHAT_SEQUENCES } from "../../src/models/chat-model.js";
import { embeddingLayout } from "../../src/models/embedder.js";
import { formatParameters, ggufHeaderProblem, parameterCount, quantizationOf } from "../../src/models/gguf-facts.js";
import { embeddingPrefixesFor } from "../../src/models/prefixes.js";
import { inferRole, scanModels } from "../../src/models/registry.js";
import { ModelRuntime } from "../../src/models/runtime.js";
import { buildTinyChatModel } from "../fixtures/models/tiny-models.js";
import { fixtureModels } from "../helpers.js";

/** A runtime over the fixture models on CPU with a 1,024-token chat context. */
function fixtureRuntime(opts: {
  threads: number;
  chatQueueMax: number;
  chatSequences: number;
  chatTimeoutSeconds?: number;
}): ModelRuntime {
  const config = {
    modelsDir: fixtureModels(),
    gpu: "off" as const,
    chatContextSize: 1024,
    embeddingContexts: 0,
    embeddingThreads: 0,
  };
  return new ModelRuntime(
    { ...config, ...opts, chatTimeoutSeconds: opts.chatTimeoutSeconds ?? 0 },
    createLogger("silent"),
  );
}

describe("tiny GGUF fixtures on node-llama-cpp", () => {
  let runtime: ModelRuntime;
  before(async () => {
    runtime = fixtureRuntime({ threads: 2, chatQueueMax: 1, chatSequences: 1 });
    await runtime.load();
  });
  after(() => runtime.dispose());

  it("generates the same bytes every time", () => {
    assert.ok(buildTinyChatModel().equals(buildTinyChatModel()));
  });

  it("reads each file's parameters, quantization, size and trained context from its header", async () => {
    const byId = Object.fromEntries((await scanModels(fixtureModels())).map((m) => [m.id, m]));
    const chat = byId["tiny-chat"];
    assert.ok(chat);
    assert.deepEqual(
      [chat.parameters, chat.quantization, chat.trainContextSize, chat.embeddingSize],
      [150_080, "F32", 2048, 64],
    );
    assert.equal(chat.fileBytes, statSync(join(fixtureModels(), "tiny-chat.gguf")).size);
    assert.equal(byId["tiny-embed"]?.trainContextSize, 512);
    const table = modelTable(Object.values(byId));
    assert.match(table, /^file +role +architecture +parameters +quantization +size +context$/m);
    assert.match(table, /^tiny-chat\.gguf +chat +llama +150K +F32 +601 KB +2048$/m);
  });

  it("names quantizations and parameter counts as model cards do", () => {
    const t = (ggmlType: number, ...dimensions: number[]) => ({ name: "w", dimensions, ggmlType });
    const names = (id: number) => ({ 0: "F32", 1: "F16", 12: "Q4_K" })[id];
    assert.equal(quantizationOf("MOSTLY_Q4_K_M", [], names), "Q4_K_M");
    assert.equal(quantizationOf("ALL_F32", [], names), "F32");
    // No file type: the type that holds the most weights (norms stay F32 in a quantized file).
    assert.equal(quantizationOf(undefined, [t(0, 64), t(0, 64), t(12, 64, 64)], names), "Q4_K");
    assert.equal(quantizationOf(undefined, [], names), "unknown");
    assert.equal(parameterCount([t(0, 64, 530), t(1, 64)]), 33_984);
    assert.deepEqual([530, 71_234, 494_032_768, 1_543_714_304, 7_241_732_096].map(formatParameters), [
      "530",
      "71.2K",
      "494M",
      "1.54B",
      "7.24B",
    ]);
  });

  it("infers each file's role from GGUF metadata", async () => {
    const roles = Object.fromEntries((await scanModels(fixtureModels())).map((m) => [m.id, m.role]));
    assert.deepEqual(roles, { "tiny-chat": "chat", "tiny-embed": "embedding", "tiny-rerank": "reranker" });
    assert.equal(inferRole("llama", "Qwen2.5 Instruct", undefined, []), "chat");
    assert.equal(inferRole("bert", "bge-small", 2, []), "embedding");
    assert.equal(inferRole("bert", "bge-reranker", 4, ["cls.output.weight"]), "reranker");
  });

  it("loads all three on CPU with the configured threads", () => {
    const info = runtime.info();
    assert.equal(info.backend, "cpu");
    assert.equal(info.threads, 2);
    assert.deepEqual(info.embeddingLayout, { contexts: 4, threads: 1 }, "two single-thread contexts per core");
    assert.ok(
      info.models.every((m) => m.loaded),
      JSON.stringify(info.models),
    );
  });

  it("embeds deterministically into L2-normalised vectors", async () => {
    const e = runtime.embedder!;
    const a = await e.embed("boil water for one minute", "document");
    const b = await e.embed("boil water for one minute", "document");
    assert.equal(a.length, e.dims);
    assert.deepEqual(a, b);
    assert.ok(Math.abs(Math.hypot(...a) - 1) < 1e-6);
  });

  it("embeds a batch over every context, in input order, exactly as one at a time", async () => {
    const e = runtime.embedder!;
    assert.equal(e.parallelism, 4);
    const texts = Array.from({ length: 13 }, (_, i) => `passage ${i}: boil water for ${i + 1} minutes at altitude`);
    const seen: number[] = [];
    const batch = await e.embedMany(texts, "document", (n) => seen.push(n));
    const one = [];
    for (const t of texts) one.push(await e.embed(t, "document"));
    assert.deepEqual(batch, one);
    assert.deepEqual(
      seen,
      Array.from({ length: 13 }, (_, i) => i + 1),
    );
    assert.deepEqual(await e.embedMany([texts[0] as string], "raw"), [await e.embedRaw(texts[0] as string)]);
  });

  it("records TTFT and tokens/s of each generation and reports p50/p95 per model in the runtime info", async () => {
    const chat = runtime.chat!;
    const before = chat.stats().requests;
    for (let i = 0; i < 3; i++)
      await chat.generate([{ role: "user", content: `How do I purify water, case ${i}?` }], { maxTokens: 16 });
    const stats = chat.stats();
    assert.equal(stats.requests, before + 3);
    assert.ok(stats.ttftMs && stats.ttftMs.p50 > 0 && stats.ttftMs.p95 >= stats.ttftMs.p50);
    assert.ok(stats.tokensPerS && stats.tokensPerS.p50 > 0);
    const entry = runtime.info().models.find((m) => m.role === "chat");
    assert.deepEqual(entry?.generation, stats);
    assert.equal(runtime.info().models.find((m) => m.role === "embedding")?.generation, undefined);
  });

  it("lays out embedding contexts from the cores, one on a GPU, and honours overrides", () => {
    const cfg = (threads: number, embeddingContexts = 0, embeddingThreads = 0) => ({
      threads,
      embeddingContexts,
      embeddingThreads,
    });
    assert.deepEqual(embeddingLayout(cfg(2), false), { contexts: 4, threads: 1 });
    assert.deepEqual(embeddingLayout(cfg(1), false), { contexts: 2, threads: 1 });
    assert.deepEqual(embeddingLayout(cfg(16), false), { contexts: 4, threads: 4 });
    assert.deepEqual(embeddingLayout(cfg(8), true), { contexts: 1, threads: 8 });
    assert.deepEqual(embeddingLayout(cfg(8, 3, 2), false), { contexts: 3, threads: 2 });
  });

  it("queues chat requests with a cap: a full queue answers 429 with Retry-After, a request aborted while waiting leaves", async () => {
    const chat = runtime.chat!;
    const messages = [{ role: "user" as const, content: "Tell me about water." }];
    const running = chat.generate(messages, { maxTokens: 48 });
    const leaving = new AbortController();
    const waiting = chat.generate(messages, { maxTokens: 48, signal: leaving.signal });
    assert.equal(chat.ahead, 2);
    await assert.rejects(
      chat.generate(messages, { maxTokens: 8 }),
      (e: unknown) => e instanceof ChatQueueFullError && e.status === 429 && e.retryAfterSeconds >= 1,
    );
    leaving.abort();
    const left = await waiting;
    assert.deepEqual([left.text, left.completionTokens], ["", 0]);
    assert.ok((await running).completionTokens > 0, "the running request is not disturbed");
    assert.equal(chat.ahead, 0);
  });

  it("ranks with the reranker and generates bounded text with the chat model", async () => {
    const scores = await runtime.reranker!.rank("purify water", ["boil the water", "cats and dogs"]);
    assert.equal(scores.length, 2);
    for (const s of scores) assert.ok(s >= 0 && s <= 1);
    const out = await runtime.chat!.generate([{ role: "user", content: "How do I purify water?" }], { maxTokens: 12 });
    assert.ok(out.completionTokens > 0 && out.completionTokens <= 12);
    assert.ok(out.promptTokens > 5);
  });

  it("skips an unreadable model file and keeps the others", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "almanac-bad-"));
    writeFileSync(join(dir, "broken.gguf"), "not a gguf");
    const errors: string[] = [];
    const found = await scanModels(dir, {}, (f) => errors.push(f));
    assert.deepEqual(found, []);
    assert.deepEqual(errors, ["broken.gguf"]);
  });
});

describe("embedding prefixes", () => {
  it("uses each family's documented prefixes", () => {
    assert.equal(embeddingPrefixesFor("nomic-embed-text-v1.5").query, "search_query: ");
    assert.equal(embeddingPrefixesFor("nomic-embed-text-v1.5").document, "search_document: ");
    assert.equal(embeddingPrefixesFor("e5-small-v2").document, "passage: ");
    assert.match(embeddingPrefixesFor("bge-small-en-v1.5").query, /^Represent this sentence/);
    assert.equal(embeddingPrefixesFor("bge-small-en-v1.5").document, "");
    assert.equal(embeddingPrefixesFor("gte-small").query, "");
  });
});

describe("chat on several sequences", () => {
  let runtime: ModelRuntime;
  before(async () => {
    runtime = fixtureRuntime({ threads: 1, chatQueueMax: 4, chatSequences: 3 });
    await runtime.load(["chat"]);
  });
  after(() => runtime.dispose());

  it("sizes the sequences from free memory unless configured", () => {
    const gib = 2 ** 30;
    assert.equal(chatSequenceCount(2, 64 * gib, gib), 2, "configured wins");
    assert.equal(chatSequenceCount(0, 64 * gib, 100 * 2 ** 20), MAX_AUTO_CHAT_SEQUENCES);
    assert.equal(chatSequenceCount(0, 8 * gib, gib), 2, "a quarter of free memory");
    assert.equal(chatSequenceCount(0, gib, gib), 1, "always at least one");
  });

  it("generates as many answers side by side as there are sequences, and queues the next", async () => {
    const chat = runtime.chat!;
    assert.equal(chat.sequences, 3);
    const questions = ["Tell me about water.", "How do I start a fire?", "Which knot holds a load?"];
    const alone = [];
    for (const q of questions)
      alone.push((await chat.generate([{ role: "user", content: q }], { maxTokens: 24 })).text);
    const t0 = performance.now();
    const firstAt: number[] = [];
    const doneAt: number[] = [];
    const runs = questions.map((q, i) =>
      chat
        .generate([{ role: "user", content: q }], {
          maxTokens: 24,
          onText: () => {
            firstAt[i] ??= performance.now() - t0;
          },
        })
        .then((r) => {
          doneAt[i] = performance.now() - t0;
          return r.text;
        }),
    );
    assert.equal(chat.ahead, 1, "every sequence is busy: a new request waits for the first to finish");
    const queued = chat.generate([{ role: "user", content: "One more." }], { maxTokens: 4 });
    const texts = await Promise.all(runs);
    await queued;
    assert.ok(Math.max(...firstAt) < Math.min(...doneAt), `first tokens ${firstAt} before any end ${doneAt}`);
    assert.deepEqual(texts, alone, "batched generation gives the same greedy answers");
    assert.equal(chat.ahead, 0);
  });
});

describe("chat timeouts", () => {
  let runtime: ModelRuntime;
  before(async () => {
    // Two seconds: room for the first token on a slow machine, and far short of 2,000 paced tokens.
    runtime = fixtureRuntime({ threads: 1, chatQueueMax: 4, chatSequences: 1, chatTimeoutSeconds: 2 });
    await runtime.load(["chat"]);
  });
  after(() => runtime.dispose());

  it("ends a generation at the timeout with what it has", async () => {
    const t0 = performance.now();
    // The fixture model ran at ~1,000 tokens/s on CI's machine and finished 2,000 tokens inside two seconds; pacing
    // each piece of text at 5 ms holds it under 200 tokens/s whatever the machine, so the timeout is what ends it.
    const cut = await runtime.chat!.generate([{ role: "user", content: "Tell me everything about water." }], {
      maxTokens: 2000,
      onText: () => {
        const until = performance.now() + 5;
        while (performance.now() < until);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(cut.finishReason, "length");
    assert.ok(cut.completionTokens > 0 && cut.completionTokens < 2000, String(cut.completionTokens));
    assert.ok(cut.text.length > 0, "what was generated before the timeout is kept");
    assert.ok(seconds < 6, `stopped at the timeout, not after ${seconds} s`);
  });

  it("refuses a request that waited the whole timeout for a sequence with 503 and Retry-After", async () => {
    const chat = runtime.chat!;
    // The only sequence is held by something that does not time out, as a long generation would hold it.
    const queue = (chat as unknown as { queue: { add(fn: () => Promise<void>): Promise<void> } }).queue;
    let release = () => {};
    // The timer keeps the event loop alive: AbortSignal.timeout's own timer does not.
    const held = queue.add(
      () =>
        new Promise<void>((r) => {
          const timer = setTimeout(r, 10_000);
          release = () => {
            clearTimeout(timer);
            r();
          };
        }),
    );
    await assert.rejects(
      chat.generate([{ role: "user", content: "Hello?" }], { maxTokens: 8 }),
      (e: unknown) => e instanceof ChatTimeoutError && e.status === 503 && e.retryAfterSeconds >= 1,
    );
    release();
    await held;
    const after = await chat.generate([{ role: "user", content: "Hello?" }], { maxTokens: 8 });
    assert.ok(after.completionTokens > 0, "served again once the sequence is free");
  });

  it("gives the next request the sequence only once an aborted generation has let go of it", async () => {
    const chat = runtime.chat!;
    const leaving = new AbortController();
    let tokens = 0;
    const first = chat.generate([{ role: "user", content: "Tell me everything about fire." }], {
      maxTokens: 900,
      signal: leaving.signal,
      onText: () => {
        if (++tokens === 5) leaving.abort();
      },
    });
    const next = await chat.generate([{ role: "user", content: "Hello?" }], { maxTokens: 8 });
    assert.ok((await first).completionTokens >= 5);
    assert.ok(next.completionTokens > 0, "the next request ran on the freed sequence");
  });
});

describe("ggufHeaderProblem", () => {
  const header = (version: number, tensors: bigint, pairs: bigint) => {
    const b = Buffer.alloc(24);
    b.write("GGUF", 0, "ascii");
    b.writeUInt32LE(version, 4);
    b.writeBigUInt64LE(tensors, 8);
    b.writeBigUInt64LE(pairs, 16);
    return b;
  };
  it("accepts the fixtures' header and refuses what node-llama-cpp would hang or misread on", () => {
    const real = buildTinyChatModel();
    assert.equal(ggufHeaderProblem(real.subarray(0, 24), real.length), null);
    assert.equal(ggufHeaderProblem(header(3, 10n, 20n), 10_000), null);
    assert.match(ggufHeaderProblem(Buffer.from("GGUF\u0003garbage"), 12) ?? "", /shorter than a GGUF header/);
    assert.match(
      ggufHeaderProblem(Buffer.from("<html>not a model, not at all"), 30) ?? "",
      /does not start with "GGUF"/,
    );
    assert.match(ggufHeaderProblem(header(1, 1n, 1n), 10_000) ?? "", /version 1/);
    assert.match(ggufHeaderProblem(header(0x72616703, 1n, 1n), 10_000) ?? "", /version/);
    assert.match(ggufHeaderProblem(header(3, 1000n, 1n), 10_000) ?? "", /1000 tensors cannot fit/);
    assert.match(ggufHeaderProblem(header(3, 1n, 2n ** 60n), 10_000) ?? "", /metadata entries cannot fit/);
    assert.match(ggufHeaderProblem(header(3, 0n, 5n), 10_000) ?? "", /holds no tensors/);
  });
});
