import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import autocannon from "autocannon";
import { BOOKS, fixtureModels, makeLibrary, tempDir } from "../helpers.js";
import { GUARD, getStatus, ownForServer, type ServerProcess, searchPaths, startAlmanac, waitIdle } from "./harness.js";

/** Posts a streaming chat and reads the SSE body; `onFirst` runs after the first content delta. */
async function streamChat(base: string, question: string, onFirst?: () => void): Promise<string> {
  const res = await fetch(`${base}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "almanac", stream: true, messages: [{ role: "user", content: question }] }),
  });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  let body = "";
  let fired = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    body += new TextDecoder().decode(value);
    if (!fired && onFirst && /"content":"[^"]/.test(body)) {
      fired = true;
      onFirst();
    }
  }
  return body;
}

describe("fault suite: offline proof with the fixture models", () => {
  const tmp = tempDir("almanac-offline-");
  const offlineLog = join(tmp.dir, "offline.log");
  let server: ServerProcess;

  before(async () => {
    const lib = makeLibrary(tmp.dir, {
      "survival/Water.md": join(BOOKS, "Water.md"),
      "radio/nwr.md": join(BOOKS, "nwr.md"),
    });
    const models = join(tmp.dir, "models");
    cpSync(fixtureModels(), models, { recursive: true });
    writeFileSync(offlineLog, "");
    ownForServer(tmp.dir);
    server = await startAlmanac({
      ALMANAC_LIBRARY: lib,
      ALMANAC_DATA_DIR: join(tmp.dir, "data"),
      ALMANAC_MODELS_DIR: models,
      ALMANAC_OFFLINE_LOG: offlineLog,
      ALMANAC_MAX_ANSWER_TOKENS: "400",
      // An open box: these tests are about the network and load, not roles (tests/integration/roles.test.ts).
      ALMANAC_ANONYMOUS_ROLE: "admin",
    });
    await waitIdle(server.base, 240_000);
  });
  after(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it("the guard really catches a connection beyond loopback", () => {
    const probe = join(tmp.dir, "probe.log");
    writeFileSync(probe, "");
    spawnSync(process.execPath, ["--import", GUARD, "-e", "fetch('http://93.184.216.34/').catch(() => {})"], {
      env: { ...process.env, ALMANAC_OFFLINE_LOG: probe },
    });
    assert.match(readFileSync(probe, "utf8"), /connect 93\.184\.216\.34/);
  });

  it("starts, indexes, searches, chats and renders the page with no connection beyond loopback", async () => {
    const s = await getStatus(server.base);
    assert.equal(s.documents.indexed, 2);
    assert.ok((await searchPaths(server.base, "purify water")).includes("survival/Water.md"));
    const page = await fetch(`${server.base}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<h1>Ask the library<\/h1>/);
    const body = await streamChat(server.base, "How do I purify water?");
    assert.match(body, /data: \[DONE\]/);
    // The web app's own stream: the question is saved, then the answer streams over SSE to its end.
    const asked = await fetch(`${server.base}/chat/ask`, {
      method: "POST",
      body: new URLSearchParams({ q: "How do I purify water?" }),
      headers: { origin: server.base, "hx-request": "true" },
    });
    const cookie = (asked.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const stream = /sse-connect="([^"]+)"/.exec(await asked.text())?.[1];
    assert.ok(stream, "the page got a stream to connect to");
    const sse = await (await fetch(`${server.base}${stream}`, { headers: { cookie } })).text();
    assert.match(sse, /event: token/);
    assert.match(sse, /event: done\ndata: <div class="msg assistant"/);
    assert.equal(readFileSync(offlineLog, "utf8"), "");
  });

  it("ends a stream cleanly with [DONE] when SIGTERM arrives mid-answer, and exits 0", async () => {
    let exited: Promise<number | null> | null = null;
    const body = await streamChat(server.base, "How do I purify water? Explain every method.", () => {
      exited = server.stop();
    });
    assert.ok(exited, "the answer streamed");
    assert.match(body, /"finish_reason":"\w+"/);
    assert.match(body, /data: \[DONE\]\s*$/);
    assert.equal(await exited, 0);
  });
});

describe("fault suite: load while the library re-indexes", () => {
  const tmp = tempDir("almanac-load-");
  const lib = join(tmp.dir, "library");
  let server: ServerProcess;

  before(async () => {
    cpSync(resolve("library"), lib, { recursive: true });
    ownForServer(tmp.dir);
    server = await startAlmanac({
      ALMANAC_LIBRARY: lib,
      ALMANAC_DATA_DIR: join(tmp.dir, "data"),
      ALMANAC_MODELS_DIR: join(tmp.dir, "no-models"),
      ALMANAC_WATCH_DEBOUNCE_MS: "200",
      ALMANAC_ANONYMOUS_ROLE: "admin",
    });
    await waitIdle(server.base);
  });
  after(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it("answers 50 search clients and 4 streaming chats with no errors while every book re-indexes", async () => {
    // Change every book, so each is re-parsed, re-written and the table maintained (and old versions cleaned) under load.
    for (const entry of readdirSync(lib, { recursive: true, encoding: "utf8" }))
      if (entry.endsWith(".md") && !entry.endsWith("ATTRIBUTION.md"))
        appendFileSync(join(lib, entry), "\n\nLoad test paragraph.\n");
    let stop = false;
    const chats = { ok: 0, bad: 0 };
    const chatLoops = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const body = await streamChat(server.base, "How do I start a fire without matches?").catch(() => "");
        if (/data: \[DONE\]/.test(body)) chats.ok++;
        else chats.bad++;
      }
    });
    const queries = ["purify water", "build a fire", "signal for rescue", "hypothermia treatment", "tie a bowline"];
    const result = await autocannon({
      url: server.base,
      connections: 50,
      duration: 25,
      requests: queries.map((q) => ({ method: "GET", path: `/api/search?q=${encodeURIComponent(q)}&k=10` })),
    });
    stop = true;
    await Promise.all(chatLoops);
    const s = await getStatus(server.base);
    process.stdout.write(
      `# load: ${result.requests.total} searches, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx (503 shed: ${result.statusCodeStats?.["503"]?.count ?? 0}), ${result.errors} errors; ${chats.ok} streamed chats; re-indexed ${s.indexing.busy ? "(still busy)" : "(done)"}\n`,
    );
    // Admission control may shed a few searches (503 + Retry-After) while re-indexing holds the cores; nothing else fails.
    const shed = Number(result.statusCodeStats?.["503"]?.count ?? 0);
    assert.equal(result.non2xx - shed, 0);
    assert.ok(shed < result.requests.total / 10, `${shed} of ${result.requests.total} searches shed`);
    assert.equal(result.errors, 0);
    assert.equal(result.timeouts, 0);
    assert.ok(result.requests.total > 100);
    assert.equal(chats.bad, 0);
    assert.ok(chats.ok >= 4);
  });
});
