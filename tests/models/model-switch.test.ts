import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import OpenAI from "openai";
import type { Almanac } from "../../src/app/almanac.js";
import { startServer } from "../../src/http/server.js";
import { BOOKS, CLI, fixtureModels, makeLibrary, openTestApp, tempDir } from "../helpers.js";

describe("switching the chat model at runtime", () => {
  const tmp = tempDir();
  let app: Almanac;
  let server: Awaited<ReturnType<typeof startServer>>;
  let base: string;
  let client: OpenAI;
  const models = join(tmp.dir, "models");
  before(async () => {
    mkdirSync(models);
    for (const f of ["tiny-chat.gguf", "tiny-embed.gguf"]) copyFileSync(join(fixtureModels(), f), join(models, f));
    const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
    app = await openTestApp(tmp.dir, lib, models, { chatSequences: 1 });
    await app.indexer.reconcile();
    server = await startServer(app.services, "127.0.0.1", 0);
    base = `http://127.0.0.1:${server.port}`;
    client = new OpenAI({ baseURL: `${base}/v1`, apiKey: "unused", maxRetries: 0 });
  });
  after(async () => {
    await server?.close();
    await app?.close();
    tmp.cleanup();
  });

  const use = (body: unknown) =>
    fetch(`${base}/api/models/use`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("lets a streaming answer finish on the old model, and the next request use the new one", async () => {
    // A second chat model, copied in after start-up: the switch finds it without a restart.
    copyFileSync(join(fixtureModels(), "tiny-chat.gguf"), join(models, "tiny-chat-b.gguf"));
    const stream = await client.chat.completions.create({
      model: "tiny-chat",
      max_tokens: 120,
      stream: true,
      messages: [{ role: "user", content: "Tell me everything about water." }],
    });
    let chunks = 0;
    let finish: string | null = null;
    let switched: Response | null = null;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) chunks++;
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunks === 3 && !switched) switched = await use({ role: "chat", file: "tiny-chat-b.gguf" });
    }
    assert.equal(switched?.status, 200, await switched?.text());
    assert.equal(app.runtime.chat?.entry.id, "tiny-chat-b");
    assert.equal(finish, "length", "the answer in flight ran to its token limit on the old model");
    assert.ok(chunks > 20, `${chunks} chunks streamed`);
    const v1Models = (await client.models.list()).data as unknown as Array<{
      id: string;
      almanac?: { loaded: boolean };
    }>;
    const loaded = (id: string) => v1Models.find((m) => m.id === id)?.almanac?.loaded;
    assert.equal(loaded("tiny-chat-b"), true);
    assert.equal(loaded("tiny-chat"), false, "the old model stays listed, in the folder but unloaded");
    const next = await client.chat.completions.create({
      model: "tiny-chat-b",
      max_tokens: 4,
      messages: [{ role: "user", content: "Hello?" }],
    });
    assert.equal(next.model, "tiny-chat-b");
    assert.equal(next.usage?.completion_tokens, 4);
    await assert.rejects(
      client.chat.completions.create({
        model: "tiny-chat",
        max_tokens: 4,
        messages: [{ role: "user", content: "Hi" }],
      }),
      (e: unknown) => (e as { status?: number }).status === 404,
    );
    // Library answers use the new model too.
    const rag = await client.chat.completions.create({
      model: "almanac",
      max_tokens: 4,
      messages: [{ role: "user", content: "How do I purify water?" }],
    });
    assert.equal(rag.usage?.completion_tokens, 4);
    const listed = (await (await fetch(`${base}/api/models`)).json()) as {
      data: Array<{ id: string; loaded: boolean }>;
    };
    assert.deepEqual(
      listed.data.map((m) => [m.id, m.loaded]),
      [
        ["tiny-chat-b", true],
        ["tiny-chat", false],
        ["tiny-embed", true],
      ],
    );
  });

  it("switches from the status page's button, without JavaScript", async () => {
    const page = await (await fetch(`${base}/status`, { headers: { accept: "text/html" } })).text();
    assert.match(
      page,
      /<input type="hidden" name="file" value="tiny-chat\.gguf"\/><input type="hidden" name="role" value="chat"\/><button type="submit">Use for chat<\/button>/,
    );
    assert.doesNotMatch(page, /value="tiny-chat-b\.gguf"/, "no button for the model in use");
    const res = await fetch(`${base}/status/models/use`, {
      method: "POST",
      headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ file: "tiny-chat.gguf" }),
      redirect: "manual",
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/status?switched=tiny-chat#models");
    assert.equal(app.runtime.chat?.entry.id, "tiny-chat");
    const after = await (await fetch(`${base}/status?switched=tiny-chat`, { headers: { accept: "text/html" } })).text();
    assert.match(after, /Answers now come from tiny-chat\./);
    const bad = await fetch(`${base}/status/models/use`, {
      method: "POST",
      headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ file: "../../etc/passwd" }),
    });
    assert.equal(bad.status, 404);
    // Back to the model the next test expects.
    assert.equal((await use({ role: "chat", file: "tiny-chat-b" })).status, 200);
  });

  it("unloads the chat model from the page, then answers from the library until one is chosen again", async () => {
    const post = (path: string, form: Record<string, string>) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form),
        redirect: "manual",
      });
    const page = await (await fetch(`${base}/status`, { headers: { accept: "text/html" } })).text();
    assert.match(
      page,
      /<form method="post" action="\/status\/models\/unload"><input type="hidden" name="role" value="chat"\/><button type="submit" class="quiet">Unload<\/button>/,
    );
    const res = await post("/status/models/unload", { role: "chat" });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/status?unloaded=tiny-chat-b&role=chat#models");
    assert.equal(app.runtime.chat, null);
    const reply = await client.chat.completions.create({
      model: "almanac",
      messages: [{ role: "user", content: "How do I purify water?" }],
    });
    assert.match(reply.choices[0]?.message.content ?? "", /From the library/, "extractive with no chat model");
    const after = await (
      await fetch(`${base}/status?unloaded=tiny-chat-b`, { headers: { accept: "text/html" } })
    ).text();
    assert.match(after, /tiny-chat-b is unloaded: answers quote the library/);
    assert.match(
      after,
      /value="tiny-chat-b\.gguf"\/><input type="hidden" name="role" value="chat"\/><button type="submit">Use for chat/,
    );
    assert.equal(
      (
        (await (
          await fetch(`${base}/api/models/unload`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ role: "chat" }),
          })
        ).json()) as { unloaded: unknown }
      ).unloaded,
      null,
      "nothing left to unload",
    );
    assert.equal((await post("/status/models/use", { file: "tiny-chat-b.gguf", role: "chat" })).status, 303);
    // Read again: the assertion above narrowed `chat` to null for TypeScript.
    const chat = app.runtime.chat as { entry: { id: string } } | null;
    assert.equal(chat?.entry.id, "tiny-chat-b");
  });

  it("switches and unloads the reranker without a restart, and searches follow", async () => {
    copyFileSync(join(fixtureModels(), "tiny-rerank.gguf"), join(models, "tiny-rerank.gguf"));
    const mode = async () =>
      ((await (await fetch(`${base}/api/search?q=boil%20water&k=3`)).json()) as { mode: string }).mode;
    assert.equal(await mode(), "hybrid");
    const res = await fetch(`${base}/status/models/use`, {
      method: "POST",
      headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ file: "tiny-rerank.gguf", role: "reranker" }),
      redirect: "manual",
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/status?reranker=tiny-rerank#models");
    assert.equal(await mode(), "rerank", "the next search is re-ranked");
    const ranked = (await (await fetch(`${base}/api/search?q=boil%20water&k=3`)).json()) as {
      results: Array<{ rerank: number | null }>;
    };
    assert.ok(ranked.results.length > 0 && ranked.results.every((r) => r.rerank !== null));
    const unload = await fetch(`${base}/api/models/unload`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "reranker" }),
    });
    assert.equal(((await unload.json()) as { unloaded: { id: string } }).unloaded.id, "tiny-rerank");
    assert.equal(await mode(), "hybrid");
    assert.equal((await use({ role: "reranker", file: "tiny-chat.gguf" })).status, 400);
    rmSync(join(models, "tiny-rerank.gguf"));
  });

  it("refuses a file that is not there, an embedding model, and a role it cannot switch yet, keeping the model", async () => {
    const missing = await use({ role: "chat", file: "nope.gguf" });
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { error: { message: string } }).error.message, /no model "nope.gguf"/);
    const wrongRole = await use({ role: "chat", file: "tiny-embed.gguf" });
    assert.equal(wrongRole.status, 400);
    assert.match(((await wrongRole.json()) as { error: { message: string } }).error.message, /not a chat model/);
    const embedding = await use({ role: "embedding", file: "tiny-embed.gguf" });
    assert.equal(embedding.status, 400, "already the embedding model");
    assert.equal((await use({ role: "chat" })).status, 400);
    assert.equal(app.runtime.chat?.entry.id, "tiny-chat-b");
  });

  it("keeps the chosen model across a restart, unless its file has gone", async () => {
    const restart = async () => {
      await server.close();
      await app.close();
      app = await openTestApp(tmp.dir, join(tmp.dir, "library"), models, { chatSequences: 1 });
      server = await startServer(app.services, "127.0.0.1", 0);
      base = `http://127.0.0.1:${server.port}`;
    };
    // tiny-chat-b.gguf sorts first, so it is what a start picks when nothing was chosen.
    assert.equal((await use({ role: "chat", file: "tiny-chat.gguf" })).status, 200);
    await restart();
    assert.equal(app.runtime.chat?.entry.id, "tiny-chat", "the switch was saved in the data folder");
    rmSync(join(models, "tiny-chat.gguf"));
    await restart();
    assert.equal(app.runtime.chat?.entry.id, "tiny-chat-b", "a removed choice falls back to the folder's chat model");
  });
});

describe("almanac models use", () => {
  it("chooses the chat model the next start loads, and refuses other roles and kinds", async () => {
    const tmp = tempDir();
    try {
      const models = join(tmp.dir, "models");
      mkdirSync(models);
      for (const f of ["tiny-chat.gguf", "tiny-embed.gguf"]) copyFileSync(join(fixtureModels(), f), join(models, f));
      copyFileSync(join(fixtureModels(), "tiny-chat.gguf"), join(models, "tiny-chat-b.gguf"));
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [CLI, "--data", join(tmp.dir, "data"), "--models", models, "models", ...args], {
          encoding: "utf8",
        });
      const ok = cli("use", "chat", "tiny-chat.gguf");
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /tiny-chat\.gguf answers from the next start/);
      assert.equal(cli("use", "chat", "tiny-embed.gguf").status, 1);
      assert.equal(cli("use", "embedding", "tiny-embed.gguf").status, 1);
      assert.match(cli("use", "chat", "missing").stderr, /no model "missing"/);
      // tiny-chat-b.gguf sorts first and would load with no choice made.
      const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
      const app = await openTestApp(tmp.dir, lib, models, { chatSequences: 1 });
      assert.equal(app.runtime.chat?.entry.id, "tiny-chat");
      await app.close();
    } finally {
      tmp.cleanup();
    }
  });
});
