import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { filterToSql, SEARCH_MODES, searchFilter } from "../../src/retrieve/filter.js";

describe("searchFilter", () => {
  it("splits, trims, lower-cases and de-duplicates tags, from a list or a comma-separated string", () => {
    assert.deepEqual(searchFilter({ tags: "Water, First-Aid,,water" }), { tags: ["water", "first-aid"] });
    assert.deepEqual(searchFilter({ tags: [" Water "] }), { tags: ["water"] });
  });

  it("leaves out empty fields and trims the rest", () => {
    assert.deepEqual(searchFilter({ tags: [], collection: " ", docId: null, format: "" }), {});
    assert.deepEqual(searchFilter({ collection: " survival ", docId: "abc", format: "EPUB" }), {
      collection: "survival",
      docId: "abc",
      format: "epub",
    });
  });

  it("turns into one SQL predicate, quoting values", () => {
    assert.equal(
      filterToSql(searchFilter({ tags: "First-Aid", collection: "o'brien" })),
      "array_has_all(tags, ['first-aid']) AND collection = 'o''brien'",
    );
    assert.equal(filterToSql(searchFilter({})), undefined);
  });

  it("names every search mode once", () => {
    assert.deepEqual([...SEARCH_MODES], ["auto", "bm25", "vector", "hybrid", "rerank"]);
  });
});
