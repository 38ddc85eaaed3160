import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import OpenAI from "openai";
import { startServer } from "../../src/http/server.js";
import { BOOKS, makeLibrary, openTestApp, tempDir } from "../helpers.js";

interface WireSource {
  path: string;
}

/**
 * Tags are stored lower case (a folder "Shelf A" tags its books "shelf-a"), and every route
 * builds its filter with `retrieve/filter.ts`: a tag typed with capitals
 * filters the same through the OpenAI API as through `/api/search`.
 */
describe("one search filter for every route", () => {
  let s: { base: string; client: OpenAI; close: () => Promise<void> };
  before(async () => {
    const tmp = tempDir();
    const lib = makeLibrary(tmp.dir, {
      "Shelf A/Water.md": join(BOOKS, "Water.md"),
      "Shelf B/Fire.md": join(BOOKS, "Fire.md"),
    });
    const app = await openTestApp(tmp.dir, lib, null);
    await app.indexer.reconcile();
    const server = await startServer(app.services, "127.0.0.1", 0);
    const base = `http://127.0.0.1:${server.port}`;
    s = {
      base,
      client: new OpenAI({ baseURL: `${base}/v1`, apiKey: "unused", maxRetries: 0 }),
      close: async () => {
        await server.close();
        await app.close();
        tmp.cleanup();
      },
    };
  });
  after(() => s.close());

  for (const [tag, path] of [
    ["Shelf-A", "Shelf A/Water.md"],
    ["SHELF-B", "Shelf B/Fire.md"],
  ] as const)
    it(`filter.tags ["${tag}"] through the openai client cites ${path} alone`, async () => {
      const res = await s.client.chat.completions.create({
        model: "almanac",
        messages: [{ role: "user", content: "How do I boil water over a fire?" }],
        // @ts-expect-error Almanac's extension of the request body.
        filter: { tags: [tag] },
      });
      const sources = (res as unknown as { sources: WireSource[] }).sources;
      assert.ok(sources.length > 0, `no sources for tag ${tag}: ${res.choices[0]?.message.content}`);
      assert.deepEqual([...new Set(sources.map((x) => x.path))], [path]);
    });

  it("GET /api/search filters by the same tag", async () => {
    const res = await fetch(`${s.base}/api/search?q=${encodeURIComponent("boil water fire")}&tags=Shelf-A`);
    const body = (await res.json()) as { results: Array<{ citation: WireSource }> };
    assert.ok(body.results.length > 0);
    assert.ok(body.results.every((r) => r.citation.path === "Shelf A/Water.md"));
  });
});
