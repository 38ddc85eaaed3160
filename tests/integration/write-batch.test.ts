import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { WriteBatch } from "../../src/library/write-batch.js";
import { createLogger } from "../../src/log.js";
import { openStateDb } from "../../src/state/db.js";
import { type ChunkRecord, ChunkStore } from "../../src/store/chunk-store.js";
import { searchTextOf } from "../../src/store/search-text.js";
import { tempDir } from "../helpers.js";

function record(i: number): ChunkRecord {
  const text = `Boil the water for one minute before drinking it, passage ${i}. `.repeat(20);
  return {
    id: `doc:${i}`,
    doc_id: "doc",
    path: "doc.md",
    title: "Field Guide",
    author: null,
    heading_path: "Water",
    spine_index: null,
    chunk_index: i,
    start_offset: i * 1000,
    end_offset: i * 1000 + text.length,
    text,
    lead_in: null,
    search_text: searchTextOf({ title: "Field Guide", heading_path: "Water", lead_in: null, text }),
    heading_text: "Field Guide\nWater",
    tags: [],
    format: "markdown",
    collection: "",
  };
}

const bytes = (dir: string) => Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);

describe("write batches", () => {
  it("prunes what maintenance replaced once the grace period is over, with no further write", async () => {
    const tmp = tempDir();
    try {
      const lance = join(tmp.dir, "lancedb");
      const { store } = await ChunkStore.open(lance, null, { versionGraceMs: 300 });
      const batch = new WriteBatch(openStateDb(join(tmp.dir, "state.sqlite")), store, createLogger("silent"), () => {});
      // Three writes make three fragments; maintenance compacts them and keeps the old files for the grace period.
      for (let i = 0; i < 3; i++) await batch.append(Array.from({ length: 200 }, (_, j) => record(i * 200 + j)));
      await batch.finish();
      const maintained = bytes(lance);
      await new Promise((r) => setTimeout(r, 2_500));
      const settled = bytes(lance);
      assert.ok(settled < maintained * 0.75, `${maintained} bytes after maintenance, ${settled} once settled`);
      assert.equal(await store.count(), 600);
      batch.close();
      store.close();
    } finally {
      tmp.cleanup();
    }
  });
});
