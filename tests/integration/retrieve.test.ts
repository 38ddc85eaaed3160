import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as lancedb from "@lancedb/lancedb";
import { filterToSql } from "../../src/retrieve/filter.js";
import { boostedFullText, mainQuery } from "../../src/retrieve/lexical.js";
import { parseQuery } from "../../src/retrieve/query-syntax.js";
import { holdsLeadIn } from "../../src/retrieve/search.js";
import { dropStopWords } from "../../src/retrieve/terms.js";
import { CHUNKS_TABLE, type ChunkHit, type ChunkRecord, ChunkStore } from "../../src/store/chunk-store.js";
import { tempDir } from "../helpers.js";

describe("filters", () => {
  it("quotes values safely into LanceDB SQL", () => {
    assert.equal(
      filterToSql({ tags: ["first-aid"], collection: "o'brien" }),
      "array_has_all(tags, ['first-aid']) AND collection = 'o''brien'",
    );
    assert.equal(filterToSql({}), undefined);
  });
});

describe("list continuations", () => {
  const chunk = (over: Partial<ChunkHit>): ChunkHit => ({
    id: "d:0",
    doc_id: "d",
    path: "Medical.md",
    title: "Medical",
    author: null,
    heading_path: "Heat exhaustion › Treatment",
    spine_index: null,
    chunk_index: 0,
    start_offset: 0,
    end_offset: 10,
    text: "Heat exhaustion:\n1. Move to a cool place.",
    lead_in: null,
    tags: [],
    format: "markdown",
    collection: "",
    ...over,
  });
  const continuation = chunk({ id: "d:2", chunk_index: 2, text: "4. Cool yourself.", lead_in: "Heat exhaustion:" });

  it("finds the lead-in's chunk in the same document and section only", () => {
    assert.equal(holdsLeadIn(chunk({}), continuation), true);
    // The Symptoms section titles its list alike; it does not hold this list's lead-in.
    assert.equal(holdsLeadIn(chunk({ heading_path: "Heat exhaustion › Symptoms" }), continuation), false);
    assert.equal(holdsLeadIn(chunk({ doc_id: "other" }), continuation), false);
    assert.equal(holdsLeadIn(chunk({ text: "2. Drink water." }), continuation), false);
    assert.equal(holdsLeadIn(chunk({}), chunk({ lead_in: null })), false);
  });
});

describe("BM25 with the heading boost", () => {
  const WORDS = (
    "water fire shelter knot signal bleeding wound burn splint rope filter boil " +
    "tinder spark compass north river snow hypothermia fever ration"
  ).split(" ");
  /** `n` chunks whose texts and headings share words, so the boost reorders them. */
  function records(n: number): ChunkRecord[] {
    return Array.from({ length: n }, (_, i) => {
      const text = Array.from(
        { length: 30 + (i % 7) * 5 },
        (_, j) => WORDS[(i * 3 + j * (1 + (i % 4))) % WORDS.length],
      ).join(" ");
      const title = `Book ${WORDS[i % 5]}`;
      const heading = `${WORDS[(i * 7) % WORDS.length]} › ${WORDS[(i * 11 + 3) % WORDS.length]}`;
      return {
        id: `d${i % 6}:${i}`,
        doc_id: `d${i % 6}`,
        path: `d${i % 6}.md`,
        title,
        author: null,
        heading_path: heading,
        spine_index: null,
        chunk_index: i,
        start_offset: 0,
        end_offset: text.length,
        text,
        lead_in: null,
        search_text: `${title}\n${heading}\n${text}`,
        heading_text: `${title}\n${heading}`,
        tags: [],
        format: "markdown",
        collection: "",
      };
    });
  }

  // 60 chunks: the heading hits the main list misses are fetched by id. 1,500: over MISSED_FETCH_MAX of them, so
  // the main query runs deeper first.
  for (const n of [60, 1500])
    it(`scores as one boolean query over both fields would, and the boost reorders hits (${n} chunks)`, async () => {
      const tmp = tempDir();
      try {
        const { store } = await ChunkStore.open(tmp.dir, null);
        await store.write([], records(n));
        await store.maintain();
        const db = await lancedb.connect(tmp.dir);
        const table = await db.openTable(CHUNKS_TABLE);
        let reordered = 0;
        for (const q of [
          "hypothermia fever",
          "rope knot",
          "water filter boil",
          "signal north +compass",
          "snow fever burn -river",
        ]) {
          const parsed = parseQuery(q);
          const boosted = await boostedFullText(store, parsed, 10, { headingBoost: 0.1 });
          const main = mainQuery(parsed, "tuned");
          assert.ok(main);
          // The query before the split: each clause on the main field, and its words on the heading field, boosted.
          const occur = { should: lancedb.Occur.Should, must: lancedb.Occur.Must, must_not: lancedb.Occur.MustNot };
          const both = new lancedb.BooleanQuery(
            parsed.clauses.flatMap((c): Array<[lancedb.Occur, lancedb.FullTextQuery]> => {
              const words = c.occur === "should" ? dropStopWords(c.text) : c.text;
              const opts = c.occur === "should" ? {} : { operator: lancedb.Operator.And };
              const own: [lancedb.Occur, lancedb.FullTextQuery] = [
                occur[c.occur],
                new lancedb.MatchQuery(words, "search_text", opts),
              ];
              if (c.occur === "must_not") return [own];
              return [own, [lancedb.Occur.Should, new lancedb.MatchQuery(words, "heading_text", { boost: 0.1 })]];
            }),
          );
          const reference = (await table
            .query()
            .fullTextSearch(both)
            .select(["id", "_score"])
            .limit(n)
            .toArray()) as Array<{ id: string; _score: number }>;
          const unboosted = (await table.query().fullTextSearch(main).select(["id"]).limit(10).toArray()) as Array<{
            id: string;
          }>;
          assert.ok(boosted.length > 3, q);
          // Same scores in the same order; chunks tied on a score may come in either order.
          const scoreOf = new Map(reference.map((r) => [r.id, r._score]));
          for (const [i, h] of boosted.entries()) {
            assert.ok(Math.abs((h._score ?? 0) - (reference[i]?._score ?? 0)) < 1e-3, `${q}: rank ${i + 1}`);
            assert.ok(Math.abs((h._score ?? 0) - (scoreOf.get(h.id) ?? -1)) < 1e-3, `${q}: ${h.id}`);
          }
          if (unboosted.map((r) => r.id).join() !== boosted.map((h) => h.id).join()) reordered++;
        }
        assert.ok(reordered >= 2, `the heading boost changed the order of ${reordered} of 5 queries`);
        table.close();
        db.close();
        store.close();
      } finally {
        tmp.cleanup();
      }
    });
});
