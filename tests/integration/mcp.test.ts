import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Almanac } from "../../src/app/almanac.js";
import { readLockHolder } from "../../src/state/writer-lock.js";
import { BOOKS, CLI, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

/** The text of a tool result's first content item. */
function textOf(result: Awaited<ReturnType<Client["callTool"]>>): string {
  const first = (result.content as Array<{ type: string; text?: string }>)[0];
  return first?.type === "text" ? (first.text ?? "") : "";
}

describe("the MCP server over Streamable HTTP, with the SDK's own client", () => {
  const tmp = tempDir();
  let app: Almanac;
  let base = "";
  let close: () => Promise<void>;
  const keys: Record<string, string> = {};

  before(async () => {
    const lib = makeLibrary(tmp.dir, {
      "survival/Water.md": join(BOOKS, "Water.md"),
      "survival/Fire.md": join(BOOKS, "Fire.md"),
    });
    app = await openTestApp(tmp.dir, lib, null, { anonymousRole: "user" });
    await app.indexer.reconcile();
    ({ base, close } = await serveApp(app));
    for (const role of ["reader", "user"] as const) {
      const account = await app.services.accounts.users.create(`${role}1`, "correct horse battery", role);
      keys[role] = app.services.accounts.apiKeys.create(account.id, "mcp").key;
    }
  });
  after(async () => {
    await close?.();
    await app?.close();
    tmp.cleanup();
  });

  async function connect(key: string | undefined): Promise<Client> {
    const client = new Client({ name: "almanac-test", version: "1.0.0" });
    const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }));
    return client;
  }

  it("lists its tools, searches with citations, reads around a passage and follows it to the next", async () => {
    const client = await connect(keys.user);
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name).sort();
      assert.deepEqual(tools, ["answer", "library", "read", "search"]);
      const found = await client.callTool({ name: "search", arguments: { query: "purify water", k: 3 } });
      const passages = (found.structuredContent as { passages: Array<{ id: string; citation: string; url: string }> })
        .passages;
      assert.ok(passages.length > 0 && passages.length <= 3);
      assert.match(passages[0]?.citation ?? "", /^Water › /);
      assert.match(passages[0]?.url ?? "", new RegExp(`^${base}/read/[0-9a-f]{16}\\?start=\\d+&end=\\d+#passage$`));
      assert.match(textOf(found), /Water ›/);

      const read = await client.callTool({ name: "read", arguments: { id: passages[0]?.id, chars: 600 } });
      const w = read.structuredContent as { id: string; text: string; next: string | null; section: string };
      assert.ok(w.text.length > 0 && w.text.length <= 600, `${w.text.length} characters`);
      assert.ok(w.next, "a next id to go on reading");
      const next = await client.callTool({ name: "read", arguments: { id: w.next, chars: 600 } });
      const w2 = next.structuredContent as { id: string; text: string; previous: string | null };
      assert.notEqual(w2.text, w.text, "the next window is further on");
      assert.ok(w2.previous, "and it points back");

      const docId = w.id.slice(0, w.id.indexOf(":"));
      const byOffset = await client.callTool({ name: "read", arguments: { document: docId, offset: 0, chars: 400 } });
      const w0 = byOffset.structuredContent as { id: string; previous: string | null; text: string };
      assert.match(w0.id, new RegExp(`^${docId}:0-`), "a document and an offset read from there");
      assert.equal(w0.previous, null, "nothing before the start");

      const bad = await client.callTool({ name: "read", arguments: { id: "nope" } });
      assert.equal(bad.isError, true);
      assert.match(textOf(bad), /not a passage id/);

      const library = await client.callTool({ name: "library", arguments: {} });
      assert.match(textOf(library), /Collections: survival/);
      const answer = await client.callTool({ name: "answer", arguments: { question: "How do I purify water?" } });
      assert.match(textOf(answer), /\[1\]/);
      assert.match(textOf(answer), /Sources:\n\[1\] Water › /);

      const resource = await client.readResource({ uri: `almanac://passage/${encodeURIComponent(w.id)}` });
      assert.ok((resource.contents[0] as { text: string }).text.startsWith(w.text.slice(0, 200)), "the passage's text");
    } finally {
      await client.close();
    }
  });

  it("gives a reader's key search and read but no answer, and refuses a caller without a key", async () => {
    const reader = await connect(keys.reader);
    try {
      const tools = (await reader.listTools()).tools.map((t) => t.name).sort();
      assert.deepEqual(tools, ["library", "read", "search"]);
    } finally {
      await reader.close();
    }
    await assert.rejects(connect(undefined), /401|API key/);
  });

  it("offers the single ask_library tool in simple mode", async () => {
    app.config.mcpSimple = true;
    const client = await connect(keys.user);
    try {
      assert.deepEqual(
        (await client.listTools()).tools.map((t) => t.name),
        ["ask_library"],
      );
      const r = await client.callTool({ name: "ask_library", arguments: { question: "How do I start a fire?" } });
      assert.match(textOf(r), /Sources:/);
    } finally {
      app.config.mcpSimple = false;
      await client.close();
    }
  });
});

describe("almanac mcp over stdio, with the SDK's own client", () => {
  it("indexes a new data folder, then searches and reads from it without holding it", async () => {
    const tmp = tempDir();
    const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
    const data = join(tmp.dir, "data");
    const client = new Client({ name: "almanac-test", version: "1.0.0" });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "--library", lib, "--data", data, "--models", join(tmp.dir, "models"), "mcp"],
      env: { PATH: process.env.PATH ?? "", HOME: tmp.dir, ALMANAC_LOG_LEVEL: "silent", ALMANAC_THREADS: "1" },
      stderr: "pipe",
    });
    try {
      await client.connect(transport);
      const found = await client.callTool({ name: "search", arguments: { query: "purify water", k: 2 } });
      const first = (found.structuredContent as { passages: Array<{ id: string; url: string }> }).passages[0];
      assert.ok(first, textOf(found));
      assert.match(first.url, /^\/read\//, "relative links: no server runs");
      const read = await client.callTool({ name: "read", arguments: { id: first.id } });
      assert.match(textOf(read), /water/i);
      // It reads the index without the writer lock, so a server could start beside it.
      assert.equal(readLockHolder(data), null);
    } finally {
      await client.close();
      tmp.cleanup();
    }
  });
});
