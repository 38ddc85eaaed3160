import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as lancedb from "@lancedb/lancedb";
import { Field, Int32, List, Schema, Utf8 } from "apache-arrow";
import { CHUNKS_TABLE, type ChunkRecord, ChunkStore } from "../src/index/chunk-store.js";
import { searchTextOf, textOfSearchText } from "../src/index/search-text.js";
import { parseQuery } from "../src/retrieve/query-syntax.js";
import { tempDir } from "./helpers.js";

function record(i: number, leadIn: string | null): ChunkRecord {
  const title = "Field Guide";
  const heading = i % 2 ? "Water › Purification" : "";
  const text = `Boil the water for one minute, chunk ${i}. Filter it through cloth first.`;
  return {
    id: `doc:${i}`,
    doc_id: "doc",
    path: "doc.md",
    title,
    author: null,
    heading_path: heading,
    spine_index: null,
    chunk_index: i,
    start_offset: i * 100,
    end_offset: i * 100 + text.length,
    text,
    lead_in: leadIn,
    search_text: searchTextOf({ title, heading_path: heading, lead_in: leadIn, text }),
    heading_text: `${title}\n${heading}`,
    tags: [],
    format: "markdown",
    collection: "",
  };
}

describe("chunk storage", () => {
  it("stores the passage once and reads back the exact text, lead-ins and headings included", async () => {
    const tmp = tempDir();
    try {
      const { store } = await ChunkStore.open(tmp.dir, null);
      const rows = [record(0, null), record(1, "You will need:"), record(2, null), record(3, "Steps:")];
      await store.write([], rows);
      await store.maintain();
      const db = await lancedb.connect(tmp.dir);
      const columns = (await (await db.openTable(CHUNKS_TABLE)).schema()).fields.map((f) => f.name);
      assert.ok(!columns.includes("text"), columns.join());
      assert.ok(columns.includes("search_text") && columns.includes("heading_text"));
      const back = await store.chunksAt("doc", [0, 1, 2, 3]);
      assert.deepEqual(
        back.map((h) => [h.text, h.lead_in]),
        rows.map((r) => [r.text, r.lead_in]),
      );
      const hits = await store.searchBm25(parseQuery("boil water"), 10);
      assert.equal(hits.length, 4);
      for (const h of hits) {
        assert.equal(h.text, rows[h.chunk_index]?.text);
        assert.ok(!("search_text" in h));
      }
      db.close();
      store.close();
    } finally {
      tmp.cleanup();
    }
  });

  it("keeps the whole field when it does not start with the row's prefix", () => {
    const parts = { title: "T", heading_path: "H", lead_in: null };
    assert.equal(textOfSearchText("T\nH\nbody", parts), "body");
    assert.equal(textOfSearchText("something else", parts), "something else");
  });

  it("upgrades a table that kept a second copy of the text without re-indexing", async () => {
    const tmp = tempDir();
    try {
      // The layout before: the same columns plus `text`, written by LanceDB directly.
      const rows = [record(0, null), record(1, "You will need:")];
      const db = await lancedb.connect(tmp.dir);
      const text = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
      const int = (name: string, nullable = false) => new Field(name, new Int32(), nullable);
      const schema = new Schema([
        ...["id", "doc_id", "path", "title"].map((n) => text(n)),
        text("author", true),
        text("heading_path"),
        int("spine_index", true),
        ...["chunk_index", "start_offset", "end_offset"].map((n) => int(n)),
        text("text"),
        text("lead_in", true),
        text("search_text"),
        text("heading_text"),
        new Field("tags", new List(new Field("item", new Utf8(), true)), false),
        ...["format", "collection"].map((n) => text(n)),
      ]);
      const old = await db.createTable(CHUNKS_TABLE, rows as unknown as Record<string, unknown>[], { schema });
      assert.ok((await old.schema()).fields.some((f) => f.name === "text"));
      old.close();
      db.close();
      const { store, recreated } = await ChunkStore.open(tmp.dir, null);
      assert.equal(recreated, false, "the rows were kept");
      assert.equal(await store.count(), 2);
      const back = await store.chunksAt("doc", [0, 1]);
      assert.deepEqual(
        back.map((h) => h.text),
        rows.map((r) => r.text),
      );
      assert.equal((await store.searchBm25(parseQuery("filter cloth"), 5)).length, 2, "indexed on open");
      store.close();
      const again = await lancedb.connect(tmp.dir);
      const columns = (await (await again.openTable(CHUNKS_TABLE)).schema()).fields.map((f) => f.name);
      assert.ok(!columns.includes("text"), columns.join());
      again.close();
    } finally {
      tmp.cleanup();
    }
  });
});
