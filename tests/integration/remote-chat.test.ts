import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import OpenAI from "openai";
import type { Almanac } from "../../src/app/almanac.js";
import { startServer } from "../../src/http/server.js";
import { remotePolicy } from "../../src/models/remote-chat.js";
import { BOOKS, makeLibrary, openTestApp, tempDir } from "../helpers.js";

/** A loopback stand-in for a LAN llama-server: streams a fixed answer and keeps every request body. */
async function stubGenerator(): Promise<{ url: string; bodies: Array<Record<string, unknown>>; close: () => void }> {
  const bodies: Array<Record<string, unknown>> = [];
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => {
      raw += d;
    });
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404).end();
        return;
      }
      bodies.push({ ...(JSON.parse(raw) as Record<string, unknown>), authorization: req.headers.authorization });
      res.writeHead(200, { "content-type": "text/event-stream" });
      const event = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
      for (const piece of ["Boil ", "the water ", "for one minute [1]."])
        event({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
      event({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
      event({ choices: [], usage: { prompt_tokens: 321, completion_tokens: 9 } });
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, bodies, close: () => server.close() };
}

describe("remotePolicy", () => {
  it("allows a remote generator only with offline mode off or its host allow-listed", () => {
    const url = "http://gpu-box.lan:8000/v1";
    const blocked = remotePolicy(url, true, []);
    assert.equal(blocked.allowed, false);
    assert.match(blocked.allowed ? "" : blocked.reason, /offline mode is on.*ALMANAC_OFFLINE_ALLOW_HOSTS=gpu-box\.lan/);
    assert.equal(remotePolicy(url, true, ["GPU-box.lan"]).allowed, true);
    assert.equal(remotePolicy(url, true, ["gpu-box.lan:8000"]).allowed, true);
    assert.equal(remotePolicy(url, true, ["gpu-box.lan:9000"]).allowed, false);
    assert.equal(remotePolicy("http://127.0.0.1:8000/v1", true, []).allowed, false, "loopback gets no exception");
    assert.equal(remotePolicy(url, false, []).allowed, true);
    assert.equal(remotePolicy("file:///etc/passwd", false, []).allowed, false);
    assert.equal(remotePolicy("not a url", false, []).allowed, false);
  });
});

describe("a remote OpenAI-compatible generator", () => {
  const tmp = tempDir();
  let stub: Awaited<ReturnType<typeof stubGenerator>>;
  let lib: string;
  const opened: Array<{ app: Almanac; close: () => Promise<void> }> = [];
  before(async () => {
    stub = await stubGenerator();
    lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
  });
  after(async () => {
    for (const o of opened) await o.close();
    stub.close();
    tmp.cleanup();
  });

  async function serve(name: string, extra: Record<string, unknown>) {
    const app = await openTestApp(join(tmp.dir, name), lib, null, {
      remoteChatUrl: stub.url,
      remoteChatModel: "lan-qwen",
      remoteChatKey: "sekrit",
      ...extra,
    });
    await app.indexer.reconcile();
    const server = await startServer(app.services, "127.0.0.1", 0);
    opened.push({
      app,
      close: async () => {
        await server.close();
        await app.close();
      },
    });
    const base = `http://127.0.0.1:${server.port}`;
    return { app, base, client: new OpenAI({ baseURL: `${base}/v1`, apiKey: "unused", maxRetries: 0 }) };
  }

  it("is not called while offline mode blocks its host, and the status says why", async () => {
    const { app, base, client } = await serve("blocked", {});
    const reply = await client.chat.completions.create({
      model: "almanac",
      messages: [{ role: "user", content: "How do I purify water?" }],
    });
    assert.match(reply.choices[0]?.message.content ?? "", /From the library/, "an extractive answer");
    assert.equal(stub.bodies.length, 0, "no request reached the remote generator");
    assert.equal(app.runtime.chat, null);
    const status = (await (await fetch(`${base}/status`)).json()) as {
      runtime: { remote: { used: boolean; reason: string } };
    };
    assert.equal(status.runtime.remote.used, false);
    assert.match(status.runtime.remote.reason, /offline mode is on/);
    const page = await (await fetch(`${base}/status`, { headers: { accept: "text/html" } })).text();
    assert.match(page, /Remote generator http:\/\/127\.0\.0\.1:\d+\/v1 not used: offline mode is on/);
  });

  it("answers with citations through the remote generator once its host is allow-listed", async () => {
    const { base, client } = await serve("allowed", { offlineAllowHosts: ["127.0.0.1"] });
    const reply = await client.chat.completions.create({
      model: "almanac",
      messages: [{ role: "user", content: "How do I purify water?" }],
    });
    assert.equal(reply.choices[0]?.message.content, "Boil the water for one minute [1].");
    assert.equal(reply.usage?.completion_tokens, 9, "the server's own token count");
    const sent = stub.bodies.at(-1) as { model: string; stream: boolean; messages: Array<{ content: string }> };
    assert.equal(sent.model, "lan-qwen");
    assert.equal(sent.stream, true);
    assert.equal((stub.bodies.at(-1) as { authorization: string }).authorization, "Bearer sekrit");
    assert.match(sent.messages.map((m) => m.content).join("\n"), /\[1\][\s\S]*boil/i, "the RAG prompt carries sources");
    const sources = (reply as unknown as { sources: Array<{ title: string }> }).sources;
    assert.ok(sources.length > 0 && sources[0]?.title, "the answer keeps its sources");
    let streamed = "";
    for await (const chunk of await client.chat.completions.create({
      model: "almanac",
      stream: true,
      messages: [{ role: "user", content: "How do I purify water?" }],
    }))
      streamed += chunk.choices[0]?.delta.content ?? "";
    assert.equal(streamed, "Boil the water for one minute [1].");
    const models = (await client.models.list()).data.map((m) => m.id);
    assert.ok(models.includes("lan-qwen"), models.join());
    // Naming the remote model itself is a plain chat with it, no library prompt.
    await client.chat.completions.create({ model: "lan-qwen", messages: [{ role: "user", content: "Hello?" }] });
    assert.deepEqual((stub.bodies.at(-1) as { messages: unknown }).messages, [{ role: "user", content: "Hello?" }]);
    const page = await (await fetch(`${base}/status`, { headers: { accept: "text/html" } })).text();
    assert.match(page, /remote generator at http:\/\/127\.0\.0\.1:\d+/);
  });

  it("is used with offline mode off", async () => {
    const before = stub.bodies.length;
    const { client } = await serve("online", { offline: false });
    const reply = await client.chat.completions.create({
      model: "almanac",
      messages: [{ role: "user", content: "How do I purify water?" }],
    });
    assert.equal(reply.choices[0]?.message.content, "Boil the water for one minute [1].");
    assert.equal(stub.bodies.length, before + 1);
  });
});
