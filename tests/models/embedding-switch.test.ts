import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { buildTinyEmbeddingModel } from "../fixtures/models/tiny-models.js";
import { BOOKS, fixtureModels, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

describe("switching the embedding model at runtime", () => {
  const tmp = tempDir();
  const models = join(tmp.dir, "models");
  let lib: string;
  let app: Almanac;
  let close: () => Promise<void>;
  let base: string;
  before(async () => {
    mkdirSync(models);
    copyFileSync(join(fixtureModels(), "tiny-embed.gguf"), join(models, "tiny-embed.gguf"));
    copyFileSync(join(fixtureModels(), "tiny-chat.gguf"), join(models, "tiny-chat.gguf"));
    // A second embedding model with other dimensions: the switch must build a table of another shape.
    writeFileSync(join(models, "tiny-embed-96.gguf"), buildTinyEmbeddingModel(5, 96));
    lib = makeLibrary(tmp.dir, {
      "survival/Water.md": join(BOOKS, "Water.md"),
      "survival/Fire.md": join(BOOKS, "Fire.md"),
      "books/angler.txt": join(BOOKS, "walton-complete-angler-latin1-crlf.txt"),
    });
    app = await openTestApp(tmp.dir, lib, models, { embeddingModel: "tiny-embed.gguf" });
    await app.indexer.reconcile();
    ({ base, close } = await serveApp(app));
  });
  after(async () => {
    await close?.();
    tmp.cleanup();
  });

  it("keeps search answering while it re-embeds, then swaps to a table of the new dimensions", async () => {
    const chunks = await app.store.count();
    assert.equal(app.store.dims, 64);
    assert.ok(chunks > 100, `${chunks} chunks`);
    const polls: Array<{ status: number; hits: number }> = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const res = await fetch(`${base}/api/search?q=${encodeURIComponent("purify water")}&k=3`);
        const body = (await res.json()) as { results?: unknown[] };
        polls.push({ status: res.status, hits: body.results?.length ?? 0 });
      }
    })();
    const res = await fetch(`${base}/api/models/use`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "embedding", file: "tiny-embed-96.gguf" }),
    });
    assert.equal(res.status, 202, await res.clone().text());
    const started = (await res.json()) as { progress: { state: string; model: string } };
    assert.equal(started.progress.state, "running");
    assert.equal(started.progress.model, "tiny-embed-96");
    const seen: Array<{ done: number; total: number }> = [];
    for (;;) {
      const status = (await (await fetch(`${base}/status`)).json()) as {
        embeddingSwitch: { state: string; done: number; total: number; error?: string };
      };
      seen.push(status.embeddingSwitch);
      if (status.embeddingSwitch.state !== "running") {
        assert.equal(status.embeddingSwitch.state, "done", status.embeddingSwitch.error);
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    polling = false;
    await poll;
    assert.ok(polls.length > 5, `${polls.length} searches during the switch`);
    assert.ok(
      polls.every((p) => p.status === 200 && p.hits > 0),
      JSON.stringify(polls.filter((p) => p.status !== 200 || p.hits === 0)),
    );
    assert.equal(seen.at(-1)?.done, chunks, "every chunk re-embedded");
    assert.equal(seen.at(-1)?.total, chunks);
    assert.equal(app.store.dims, 96);
    assert.equal(app.runtime.embedder?.entry.id, "tiny-embed-96");
    assert.equal(await app.store.count(), chunks);
    const hybrid = (await (await fetch(`${base}/api/search?q=water&mode=hybrid&k=3`)).json()) as {
      results: Array<{ cosine: number | null }>;
    };
    assert.ok(
      hybrid.results.some((h) => h.cosine !== null),
      "vector side answers on the new table",
    );
    const page = await (await fetch(`${base}/status`, { headers: { accept: "text/html" } })).text();
    assert.match(page, new RegExp(`Search now uses tiny-embed-96: ${chunks.toLocaleString("en")} passages`));
    assert.match(page, /name="file" value="tiny-embed\.gguf"\/><input type="hidden" name="role" value="embedding"/);
  });

  it("keeps the new model and table across a restart, without indexing again", async () => {
    const chunks = await app.store.count();
    const table = app.store.tableName;
    assert.notEqual(table, "chunks");
    await close();
    // The configuration still names the old file: the saved choice wins, as for the chat model.
    app = await openTestApp(tmp.dir, lib, models, { embeddingModel: "tiny-embed.gguf" });
    ({ base, close } = await serveApp(app));
    assert.equal(app.runtime.embedder?.entry.id, "tiny-embed-96");
    assert.equal(app.store.tableName, table);
    assert.equal(app.store.dims, 96);
    assert.equal(await app.store.count(), chunks, "nothing was dropped for a rebuild");
    const tables = readdirSync(join(tmp.dir, "data", "lancedb")).filter((f) => f.endsWith(".lance"));
    assert.deepEqual(tables, [`${table}.lance`], "the old table is gone");
  });

  it("refuses a file of another role, and a model that is not there", async () => {
    const use = (file: string) =>
      fetch(`${base}/api/models/use`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ role: "embedding", file }),
      });
    assert.equal((await use("tiny-chat.gguf")).status, 400);
    assert.equal((await use("missing.gguf")).status, 404);
  });
});
