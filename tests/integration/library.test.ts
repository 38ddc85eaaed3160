import assert from "node:assert/strict";
import { appendFileSync, cpSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import type { Almanac } from "../../src/app/almanac.js";
import { PathEscapeError, resolveInLibrary } from "../../src/library/paths.js";
import { filterToSql } from "../../src/retrieve/filter.js";
import { documents } from "../../src/state/schema.js";
import { BOOKS, BROKEN_EPUB, makeLibrary, openTestApp, tempDir, waitFor } from "../helpers.js";

describe("indexer (no models, LanceDB + SQLite in a temp dir)", () => {
  const tmp = tempDir();
  let lib: string;
  let app: Almanac;

  before(async () => {
    lib = makeLibrary(tmp.dir, {
      "survival/Water.md": join(BOOKS, "Water.md"),
      "survival/Fire.md": join(BOOKS, "Fire.md"),
      "radio/nwr.md": join(BOOKS, "nwr.md"),
      "fiction/alice.epub": join(BOOKS, "alice-epub3.epub"),
      "broken/alice_broken.epub": BROKEN_EPUB,
    });
    app = await openTestApp(tmp.dir, lib, null);
    await app.indexer.reconcile();
  });
  after(async () => {
    await app.close();
    tmp.cleanup();
  });

  it("reports the broken EPUB against its file while the other books index", async () => {
    const s = await app.status();
    assert.deepEqual(s.documents, { pending: 0, indexing: 0, indexed: 4, failed: 1, skipped: 0 });
    assert.equal(s.failures[0]?.path, "broken/alice_broken.epub");
    assert.match(s.failures[0]?.error ?? "", /XML/);
    assert.ok(s.chunks > 50);
  });

  it("tags chunks with folder, front-matter and survival categories, and filters by them", async () => {
    const water = await app.retriever.search("purify water", { k: 5, filter: { tags: ["water"] } });
    assert.ok(water.length > 0);
    for (const r of water) assert.ok(r.chunk.tags.includes("water"));
    assert.equal(water[0]?.chunk.path, "survival/Water.md");
    const radio = await app.retriever.search("frequency", { k: 5, filter: { collection: "radio" } });
    assert.ok(radio.length > 0 && radio.every((r) => r.chunk.collection === "radio"));
    assert.ok(radio[0]?.chunk.tags.includes("noaa") && radio[0]?.chunk.tags.includes("radio"));
    const none = await app.retriever.search("purify water", { k: 5, filter: { collection: "fiction" } });
    assert.ok(none.every((r) => r.chunk.path === "fiction/alice.epub"));
  });

  it("answers quoted phrases, +required and -excluded words", async () => {
    // A passage is indexed with its heading path and any carried list lead-in, so operators see those too.
    const texts = async (q: string) =>
      (await app.retriever.search(q, { k: 30, mode: "bm25" })).map((r) =>
        `${r.chunk.heading_path}\n${r.chunk.lead_in ?? ""}\n${r.chunk.text}`.toLowerCase(),
      );
    const phrase = await texts('"hardwood shaft"');
    assert.ok(phrase.length > 0);
    for (const t of phrase) assert.match(t, /hardwood\s+shaft/);
    // Without quotes the same words also find passages where they are apart ("seasoned hardwood stick").
    const loose = await texts("hardwood shaft");
    assert.ok(loose.some((t) => !/hardwood\s+shaft/.test(t)));
    const excluded = await texts("fire -friction");
    assert.ok(excluded.length > 0);
    for (const t of excluded) assert.doesNotMatch(t, /friction/);
    const required = await texts("fire +drill");
    assert.ok(required.length > 0);
    for (const t of required) assert.match(t, /drill/);
    assert.deepEqual(await texts("-water"), [], "an exclude-only query matches nothing");
    // Phrases combine with filters.
    const filtered = await app.retriever.search('"hardwood shaft"', { k: 10, filter: { collection: "radio" } });
    assert.deepEqual(filtered, []);
  });

  it("never re-parses an unchanged file, even after a restart with a new mtime", async () => {
    const before = app.db.select().from(documents).where(eq(documents.path, "survival/Water.md")).get();
    appendFileSync(join(lib, "survival/Water.md"), "");
    await app.indexer.reconcile();
    const after = app.db.select().from(documents).where(eq(documents.path, "survival/Water.md")).get();
    assert.equal(after?.indexedAt, before?.indexedAt);
  });

  it("resumes a file left mid-index by a crash", async () => {
    app.db.update(documents).set({ status: "indexing" }).where(eq(documents.path, "survival/Fire.md")).run();
    await app.indexer.reconcile();
    const row = app.db.select().from(documents).where(eq(documents.path, "survival/Fire.md")).get();
    assert.equal(row?.status, "indexed");
  });

  it("marks a file that two runs in a row left mid-parse as failed instead of retrying it forever", async () => {
    const path = "survival/Water.md";
    app.db.update(documents).set({ status: "indexing", attempts: 2 }).where(eq(documents.path, path)).run();
    // A fresh process: its first reconcile is the one that looks for crash loops.
    await app.close();
    app = await openTestApp(tmp.dir, lib, null);
    await app.indexer.reconcile();
    const row = app.db.select().from(documents).where(eq(documents.path, path)).get();
    assert.equal(row?.status, "failed");
    assert.match(row?.error ?? "", /stopped Almanac twice/);
    // Once the file changes, it is tried again.
    appendFileSync(join(lib, path), "\n\nOne more line.\n");
    await app.indexer.reconcile();
    assert.equal(app.db.select().from(documents).where(eq(documents.path, path)).get()?.status, "indexed");
  });

  it("refuses paths that escape the library", () => {
    assert.throws(() => resolveInLibrary(lib, "../secrets.txt"), PathEscapeError);
    assert.throws(() => resolveInLibrary(lib, "/etc/passwd"), PathEscapeError);
    assert.equal(resolveInLibrary(lib, "survival/Water.md"), join(lib, "survival/Water.md"));
  });
});

describe("watcher round trip", () => {
  const tmp = tempDir();
  let lib: string;
  let app: Almanac;
  const count = (filter?: { docId?: string; collection?: string }) => app.store.count(filterToSql(filter));
  const docId = (path: string) => app.db.select().from(documents).where(eq(documents.path, path)).get()?.id;
  const stateOf = (id: string) => app.db.select().from(documents).where(eq(documents.id, id)).get();

  before(async () => {
    lib = makeLibrary(tmp.dir, { "survival/Fire.md": join(BOOKS, "Fire.md") });
    app = await openTestApp(tmp.dir, lib, null);
    await app.startIndexing(true);
    await app.initialIndex;
  });
  after(async () => {
    await app.close();
    tmp.cleanup();
  });

  it("indexes an added file, replaces a changed one, follows a rename and removes a deleted one", async () => {
    cpSync(join(BOOKS, "Water.md"), join(lib, "survival", "Water.md"));
    await waitFor(
      async () =>
        (await app.retriever.search("still construction", { k: 3 })).some((r) => r.chunk.path === "survival/Water.md"),
      "added file to be searchable",
    );
    const id = docId("survival/Water.md")!;
    const firstCount = await count({ docId: id });
    assert.ok(firstCount > 0);
    assert.equal(stateOf(id)?.chunkCount, firstCount);
    const firstHash = stateOf(id)?.contentHash;

    // Asked before the change, so a cached empty result is there to be dropped by the write.
    assert.equal((await app.retriever.search("xylophone zebra", { k: 3 })).length, 0);
    appendFileSync(
      join(lib, "survival", "Water.md"),
      "\n\n## Zanzibar test section\n\nQuixotic xylophone zebra paragraph.\n",
    );
    await waitFor(
      async () =>
        (await app.retriever.search("xylophone zebra", { k: 3 })).some((r) => r.chunk.path === "survival/Water.md"),
      "changed text to be searchable",
    );
    // The changed version's row, then exactly its chunks in the table: none of the old version's left beside them.
    await waitFor(() => stateOf(id)?.contentHash !== firstHash, "the changed version to be recorded");
    const changed = stateOf(id)!.chunkCount;
    assert.ok(changed >= firstCount, `the longer text has ${changed} chunks, the first ${firstCount}`);
    await waitFor(
      async () => (await count({ docId: id })) === changed,
      `exactly the changed version's ${changed} chunks`,
    );
    const dupes = (await app.retriever.search("xylophone zebra", { k: 10 })).filter((r) =>
      r.chunk.text.includes("xylophone"),
    );
    assert.equal(dupes.length, 1, "the old version's chunks are gone");

    renameSync(join(lib, "survival", "Water.md"), join(lib, "survival", "Water2.md"));
    await waitFor(
      () => docId("survival/Water.md") === undefined && docId("survival/Water2.md") !== undefined,
      "rename to be applied",
    );
    await waitFor(async () => (await count({ docId: id })) === 0, "old path's chunks to be removed");

    rmSync(join(lib, "survival", "Water2.md"));
    await waitFor(() => docId("survival/Water2.md") === undefined, "deleted file to leave the state");
    await waitFor(
      async () =>
        !(await app.retriever.search("xylophone zebra", { k: 3 })).some((r) =>
          r.chunk.path.startsWith("survival/Water"),
        ),
      "deleted file's chunks to go",
    );
  });
});
