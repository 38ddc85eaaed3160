import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as lancedb from "@lancedb/lancedb";
import { Field, Int32, List, Schema, Utf8 } from "apache-arrow";
import { boostedFullText } from "../../src/retrieve/lexical.js";
import { parseQuery } from "../../src/retrieve/query-syntax.js";
import { CHUNKS_TABLE, type ChunkRecord, ChunkStore } from "../../src/store/chunk-store.js";
import { searchTextOf, textOfSearchText } from "../../src/store/search-text.js";
import { vectorIndexPlan } from "../../src/store/vector-index.js";
import { tempDir } from "../helpers.js";

/** BM25 with the default heading boost, as the retriever runs it. */
const bm25 = (store: ChunkStore, query: ReturnType<typeof parseQuery>, k: number) =>
  boostedFullText(store, query, k, { headingBoost: 0.1 });

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
  it("lets go of the cached pages of the indexes that re-indexing replaced", async () => {
    const tmp = tempDir();
    try {
      const { store } = await ChunkStore.open(tmp.dir, null);
      const rows = Array.from({ length: 400 }, (_, i) => record(i, null));
      const round = async () => {
        await store.write(["doc"], rows);
        await store.maintain();
        await bm25(store, parseQuery("boil water filter cloth"), 10);
        return store.cacheBytes();
      };
      const first = await round();
      let last = first;
      for (let i = 0; i < 8; i++) last = await round();
      // Each maintenance writes new index files; their predecessors' pages stayed cached until the cache was full.
      assert.ok(first > 0 && last < first * 2, `cache ${first} bytes after one round, ${last} after nine`);
      store.close();
    } finally {
      tmp.cleanup();
    }
  });

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
      const hits = await bm25(store, parseQuery("boil water"), 10);
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

  it("finds a few new rows before maintenance, and leaves out many until they are indexed", async () => {
    const tmp = tempDir();
    try {
      const { store } = await ChunkStore.open(tmp.dir, null, { flatSearchMaxRows: 3 });
      const found = async () => (await bm25(store, parseQuery("boil water"), 20)).map((h) => h.id).sort();
      await store.write([], [record(0, null), record(1, null)]);
      await store.maintain();
      assert.deepEqual(await found(), ["doc:0", "doc:1"]);
      await store.write([], [record(2, null), record(3, null), record(4, null)]);
      assert.deepEqual(await found(), ["doc:0", "doc:1", "doc:2", "doc:3", "doc:4"], "three waiting rows are searched");
      await store.write([], [record(5, null)]);
      assert.deepEqual(await found(), ["doc:0", "doc:1"], "four waiting rows wait for the index");
      store.close();
      // Reopened, a store counts the rows the index lacks: a reader leaves them out, a writer indexes them first.
      const { store: reader } = await ChunkStore.open(tmp.dir, null, { flatSearchMaxRows: 3, readOnly: true });
      assert.equal((await bm25(reader, parseQuery("boil water"), 20)).length, 2);
      reader.close();
      const { store: again } = await ChunkStore.open(tmp.dir, null, { flatSearchMaxRows: 3 });
      const count = async () => (await bm25(again, parseQuery("boil water"), 20)).length;
      assert.equal(await count(), 6);
      await again.write([], [record(6, null), record(7, null), record(8, null), record(9, null)]);
      await again.maintain();
      assert.equal(await count(), 10, "indexed, all are found");
      await again.write([], [record(10, null)]);
      assert.equal(await count(), 11, "after maintenance the count of waiting rows starts again");
      again.close();
    } finally {
      tmp.cleanup();
    }
  });

  it("builds on open the indexes a table from an older version lacks", async () => {
    const tmp = tempDir();
    try {
      const { store } = await ChunkStore.open(tmp.dir, null);
      await store.write([], [record(0, null), record(1, null)]);
      await store.maintain();
      store.close();
      const db = await lancedb.connect(tmp.dir);
      const names = async () =>
        (await (await db.openTable(CHUNKS_TABLE)).listIndices()).map((i) => i.columns[0]).sort();
      const all = await names();
      assert.deepEqual(all, ["collection", "doc_id", "format", "heading_text", "id", "search_text", "tags"]);
      const table = await db.openTable(CHUNKS_TABLE);
      for (const column of ["id", "format"]) await table.dropIndex(`${column}_idx`);
      assert.deepEqual(await names(), ["collection", "doc_id", "heading_text", "search_text", "tags"]);
      (await ChunkStore.open(tmp.dir, null)).store.close();
      assert.deepEqual(await names(), all);
      db.close();
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
      assert.equal((await bm25(store, parseQuery("filter cloth"), 5)).length, 2, "indexed on open");
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

describe("vector index", () => {
  it("plans: exact below the threshold, then create, keep, and retrain after 4× growth", () => {
    assert.equal(vectorIndexPlan(49_999, null), "none");
    assert.equal(vectorIndexPlan(50_000, null), "create");
    assert.equal(vectorIndexPlan(150_000, 50_000), "keep");
    assert.equal(vectorIndexPlan(200_000, 50_000), "retrain");
    assert.equal(vectorIndexPlan(300, null, 300), "create");
  });

  it("is built above the threshold, trained again once outgrown, and finds what exact search finds", async () => {
    const tmp = tempDir();
    const dims = 16;
    // Clustered unit vectors: 20 centres, each row a centre plus noise, as embeddings of topics are.
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    const unit = (v: number[]) => {
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    };
    const centres = Array.from({ length: 20 }, () => unit(Array.from({ length: dims }, rand)));
    const rows = (from: number, n: number): ChunkRecord[] =>
      Array.from({ length: n }, (_, j) => {
        const i = from + j;
        const centre = centres[i % 20] as number[];
        return { ...record(i, null), id: `doc:${i}`, vector: unit(centre.map((x) => x + rand() * 0.3)) };
      });
    try {
      const { store } = await ChunkStore.open(tmp.dir, dims, { vectorIndexMinRows: 500 });
      await store.write([], rows(0, 400));
      await store.maintain();
      const db = await lancedb.connect(tmp.dir);
      const indexes = async () =>
        (await (await db.openTable(CHUNKS_TABLE)).listIndices())
          .filter((i) => i.columns[0] === "vector")
          .map((i) => i.name);
      assert.deepEqual(await indexes(), [], "exact search below the threshold");
      await store.write([], rows(400, 200));
      await store.maintain();
      assert.deepEqual(await indexes(), ["vector_ivf_600"]);
      await store.write([], rows(600, 1900));
      await store.maintain();
      assert.deepEqual(await indexes(), ["vector_ivf_2500"], "trained again at 4× the rows");
      const table = await db.openTable(CHUNKS_TABLE);
      let found = 0;
      for (const centre of centres.slice(0, 10)) {
        const q = unit(centre.map((x) => x + rand() * 0.1));
        const exact = (await table
          .query()
          .nearestTo(q)
          .distanceType("cosine")
          .bypassVectorIndex()
          .select(["id"])
          .limit(10)
          .toArray()) as Array<{ id: string }>;
        const want = new Set(exact.map((r) => r.id));
        const hits = await store.searchVector(q, 10);
        found += hits.filter((h) => want.has(h.id)).length;
      }
      assert.ok(found >= 90, `recall@10 ${found / 100} against exact search`);
      table.close();
      db.close();
      store.close();
    } finally {
      tmp.cleanup();
    }
  });
});
