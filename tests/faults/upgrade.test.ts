import assert from "node:assert/strict";
import { copyFileSync, cpSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { CHUNKER_VERSION } from "../../src/ingest/chunker.js";
import type { IndexRebuildProgress } from "../../src/library/rebuild.js";
import { ACTIVE_TABLE_KEY } from "../../src/store/chunk-store.js";
import { fixtureModels, tempDir } from "../helpers.js";
import { getStatus, ownForServer, runCli, type ServerProcess, searchPaths, startAlmanac, waitIdle } from "./harness.js";

/** Reads or writes the `meta` table of a stopped server's state database. */
function meta(data: string, key: string, value?: string): string | null {
  const db = new Database(join(data, "almanac.sqlite"));
  try {
    if (value !== undefined) db.prepare("update meta set value = ? where key = ?").run(value, key);
    return (
      (db.prepare("select value from meta where key = ?").get(key) as { value: string } | undefined)?.value ?? null
    );
  } finally {
    db.close();
  }
}

describe("fault suite: an upgrade rebuilds beside the old index", () => {
  const tmp = tempDir("almanac-upgrade-");
  const lib = join(tmp.dir, "library");
  const data = join(tmp.dir, "data");
  const env = { ALMANAC_LIBRARY: lib, ALMANAC_DATA_DIR: data, ALMANAC_MODELS_DIR: join(tmp.dir, "no-models") };
  let server: ServerProcess | null = null;

  before(async () => {
    cpSync(resolve("library"), lib, { recursive: true });
    ownForServer(tmp.dir);
    const built = await runCli(env, ["index"]);
    assert.equal(built.code, 0, built.stderr);
    // The data folder now looks as an older release left it: built by the previous chunker version.
    meta(data, "index.embedding", `none+chunker${CHUNKER_VERSION - 1}`);
    ownForServer(tmp.dir);
  });
  after(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it("keeps search answering from the old index while the new one builds, with progress on /status, then swaps", async () => {
    server = await startAlmanac(env);
    const seen: IndexRebuildProgress[] = [];
    let searches = 0;
    for (;;) {
      // Searches answer from the old table throughout; dropping it first (the old way) left nothing to find.
      assert.ok((await searchPaths(server.base, "purify water")).length > 0, `search ${searches} found nothing`);
      searches++;
      const s = (await getStatus(server.base)) as unknown as { rebuild: IndexRebuildProgress | null };
      assert.ok(s.rebuild, "/status reports the rebuild");
      seen.push(s.rebuild);
      if (s.rebuild.state === "done") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const running = seen.filter((r) => r.state === "running");
    assert.ok(running.length > 0, "the rebuild was seen running");
    assert.ok(
      running.some((r) => r.done < r.total),
      "progress counted documents",
    );
    assert.equal(seen.at(-1)?.to, `none+chunker${CHUNKER_VERSION}`);
    const page = await (await fetch(`${server.base}/status`, { headers: { accept: "text/html" } })).text();
    assert.doesNotMatch(page, /Rebuilding the index/, "the status page no longer shows it once swapped");
    const done = await waitIdle(server.base);
    process.stdout.write(
      `# upgrade: ${searches} searches answered during the rebuild of ${done.documents.indexed} documents\n`,
    );
    await server.stop();
    server = null;

    assert.equal(meta(data, "index.embedding"), `none+chunker${CHUNKER_VERSION}`);
    assert.equal(meta(data, ACTIVE_TABLE_KEY), seen.at(-1)?.table);
    // Equal to a clean build of the same library, and no rebuild at the next start.
    const clean = await runCli({ ...env, ALMANAC_DATA_DIR: join(tmp.dir, "clean") }, ["index"]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, new RegExp(`indexed ${done.documents.indexed} documents, ${done.chunks} chunks`));
    server = await startAlmanac(env);
    const again = (await getStatus(server.base)) as unknown as { rebuild: IndexRebuildProgress | null; chunks: number };
    assert.equal(again.rebuild, null);
    assert.equal(again.chunks, done.chunks);
    assert.ok((await searchPaths(server.base, "purify water")).length > 0);
  });
});

describe("fault suite: an embedding model copied into models/ with the server stopped", () => {
  const tmp = tempDir("almanac-model-added-");
  const lib = join(tmp.dir, "library");
  const data = join(tmp.dir, "data");
  const models = join(tmp.dir, "models");
  const env = { ALMANAC_LIBRARY: lib, ALMANAC_DATA_DIR: data, ALMANAC_MODELS_DIR: models };
  let server: ServerProcess | null = null;

  before(async () => {
    cpSync(resolve("library"), lib, { recursive: true });
    mkdirSync(models);
    ownForServer(tmp.dir);
    const built = await runCli(env, ["index"]);
    assert.equal(built.code, 0, built.stderr);
    // The README's first way to add a model: copy the file in, start again.
    copyFileSync(join(fixtureModels(), "tiny-embed.gguf"), join(models, "tiny-embed.gguf"));
    ownForServer(tmp.dir);
  });
  after(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it("never blanks the library: search answers from the old index until the re-embedded one swaps in", async () => {
    server = await startAlmanac(env);
    let searches = 0;
    let running = 0;
    for (;;) {
      assert.ok((await searchPaths(server.base, "purify water")).length > 0, `search ${searches} found nothing`);
      searches++;
      const s = (await getStatus(server.base)) as unknown as { rebuild: IndexRebuildProgress | null };
      if (s.rebuild?.state === "running") running++;
      if (!s.rebuild || s.rebuild.state === "done") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(running > 0, "the re-embedding was seen running");
    await waitIdle(server.base);
    process.stdout.write(`# model added: ${searches} searches answered while the library was re-embedded\n`);
    await server.stop();
    server = null;
    assert.match(meta(data, "index.embedding") ?? "", /^tiny-embed/);
  });

  it("keeps BM25 answering when the model is taken out again, and drops only the vectors", async () => {
    rmSync(join(models, "tiny-embed.gguf"));
    server = await startAlmanac(env);
    let searches = 0;
    for (;;) {
      assert.ok((await searchPaths(server.base, "purify water")).length > 0, `search ${searches} found nothing`);
      searches++;
      const s = (await getStatus(server.base)) as unknown as { rebuild: IndexRebuildProgress | null };
      if (!s.rebuild || s.rebuild.state === "done") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitIdle(server.base);
    await server.stop();
    server = null;
    assert.match(meta(data, "index.embedding") ?? "", /^none\+chunker/);
  });
});
