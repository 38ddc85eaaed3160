import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Ollama } from "ollama";
import type { Almanac } from "../../src/app/almanac.js";
import { BOOKS, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

describe("the Ollama-compatible API, with the official ollama client", () => {
  const tmp = tempDir();
  let app: Almanac;
  let close: () => Promise<void>;
  let ollama: Ollama;
  let base = "";

  before(async () => {
    const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
    app = await openTestApp(tmp.dir, lib, null, { anonymousRole: "none" });
    await app.indexer.reconcile();
    ({ base, close } = await serveApp(app));
    const account = await app.services.accounts.users.create("ask", "correct horse battery", "user");
    const { key } = app.services.accounts.apiKeys.create(account.id, "ollama");
    ollama = new Ollama({ host: base, headers: { Authorization: `Bearer ${key}` } });
  });
  after(async () => {
    await close?.();
    await app?.close();
    tmp.cleanup();
  });

  it("lists the library and its collections, and says its version", async () => {
    const names = (await ollama.list()).models.map((m) => m.name);
    assert.deepEqual(names, ["almanac", "almanac/survival"]);
    assert.match((await ollama.version()).version, /^\d+\.\d+\.\d+$/);
    const shown = await ollama.show({ model: "almanac" });
    assert.equal(shown.details.family, "almanac");
  });

  it("chats with the library, whole and streamed as NDJSON, with the sources on the last message", async () => {
    const whole = await ollama.chat({
      model: "almanac",
      messages: [{ role: "user", content: "How do I purify water?" }],
    });
    assert.equal(whole.done, true);
    assert.match(whole.message.content, /\[1\]/);
    const sources = (whole as unknown as { sources: Array<{ path: string; url: string }> }).sources;
    assert.equal(sources[0]?.path, "survival/Water.md");
    assert.match(sources[0]?.url ?? "", new RegExp(`^${base}/read/`));

    const parts = await ollama.chat({
      model: "almanac/survival",
      messages: [{ role: "user", content: "How do I purify water?" }],
      stream: true,
    });
    let text = "";
    let last: { done: boolean; done_reason?: string } | undefined;
    for await (const part of parts) {
      text += part.message.content;
      last = part;
    }
    assert.equal(last?.done, true);
    assert.equal(last?.done_reason, "stop");
    assert.equal(text, whole.message.content, "the streamed pieces make the same answer");
  });

  it("generates from a prompt, and refuses an unknown model and a caller without a key", async () => {
    const g = await ollama.generate({ model: "almanac", prompt: "How do I purify water?", stream: false });
    assert.match(g.response ?? "", /water/i);
    await assert.rejects(ollama.chat({ model: "llama3", messages: [{ role: "user", content: "hi" }] }), /not found/);
    const tool = { type: "function", function: { name: "find", parameters: { type: "object", properties: {} } } };
    const hi = [{ role: "user", content: "hi" }];
    await assert.rejects(ollama.chat({ model: "almanac", messages: hi, tools: [tool] }), /tools needs a chat model/);
    await assert.rejects(
      ollama.generate({ model: "almanac", prompt: "hi", format: "json" }),
      /format needs a chat model/,
    );
    assert.deepEqual(
      (await ollama.show({ model: "almanac" })).capabilities,
      ["completion"],
      "no tools without a model",
    );
    const anonymous = new Ollama({ host: base });
    await assert.rejects(anonymous.list(), /401|sign-in|key/i);
  });
});
