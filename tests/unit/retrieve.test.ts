import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bm25Weight, weightedFusion } from "../../src/retrieve/fusion.js";
import { limitNotice, parseQuery, QUERY_LIMITS, satisfies } from "../../src/retrieve/query-syntax.js";
import { queryTerms, stem } from "../../src/retrieve/terms.js";

describe("weighted fusion", () => {
  it("normalises BM25 by s/max and cosine by min-max, then combines convexly", () => {
    const fused = weightedFusion(
      [
        { id: "a", bm25: 10, cosine: 0.2 },
        { id: "b", bm25: 6, cosine: 0.8 },
        { id: "c", bm25: 2, cosine: 0.5 },
        { id: "d", cosine: 0.65 },
      ],
      0.6,
    );
    const by = Object.fromEntries(fused.map((f) => [f.id, f]));
    assert.equal(by.a?.bm25Norm, 1);
    assert.equal(by.b?.bm25Norm, 0.6);
    assert.equal(by.c?.bm25Norm, 0.2, "the weakest keyword match keeps credit (min-max would give it 0)");
    assert.equal(by.d?.bm25Norm, 0, "missing from the BM25 list counts 0");
    assert.equal(by.a?.vectorNorm, 0);
    assert.equal(by.b?.vectorNorm, 1);
    assert.ok(Math.abs((by.d?.vectorNorm ?? 0) - 0.75) < 1e-12);
    // a: 0.6·1 = 0.6; b: 0.6·0.6 + 0.4·1 = 0.76; c: 0.6·0.2 + 0.4·0.5 = 0.32; d: 0.4·0.75 = 0.3.
    assert.ok(Math.abs((by.b?.score ?? 0) - 0.76) < 1e-12);
    assert.deepEqual(
      fused.map((f) => f.id),
      ["b", "a", "c", "d"],
    );
  });

  it("maps a constant list to 1 rather than dividing by zero", () => {
    const fused = weightedFusion([{ id: "only", bm25: 3, cosine: 0.4 }], 0.5);
    assert.equal(fused[0]?.score, 1);
  });

  it("weights BM25 by the query: phrases and short keyword queries lean lexical", () => {
    assert.equal(bm25Weight(parseQuery('"bow drill"')), 0.9);
    assert.equal(bm25Weight(parseQuery("tourniquet")), 0.75);
    // 7 meaningful terms: 0.25 + 0.5/49.
    assert.ok(
      Math.abs(
        bm25Weight(parseQuery("how do I keep a fire going overnight in the rain without smoke")) - (0.25 + 0.5 / 49),
      ) < 1e-12,
    );
    assert.equal(bm25Weight(parseQuery("tourniquet"), 1), 0);
    assert.equal(bm25Weight(parseQuery("tourniquet"), 0), 1);
    assert.ok(bm25Weight(parseQuery("tourniquet"), 0.8) < 0.75);
  });
});

describe("query syntax", () => {
  it("splits free words, phrases, required and excluded clauses", () => {
    const q = parseQuery('bow "hand drill" +tinder -matches -"wet wood" covid-19');
    assert.deepEqual(q.clauses, [
      { text: "bow covid-19", phrase: false, occur: "should" },
      { text: "hand drill", phrase: true, occur: "must" },
      { text: "tinder", phrase: false, occur: "must" },
      { text: "matches", phrase: false, occur: "must_not" },
      { text: "wet wood", phrase: true, occur: "must_not" },
    ]);
    assert.equal(q.text, "bow hand drill tinder covid-19");
    assert.equal(q.hasPhrase, true);
  });

  it("ignores an unmatched quote and bare operators", () => {
    const q = parseQuery('"signal mirror + -');
    assert.deepEqual(q.clauses, [{ text: "signal mirror", phrase: false, occur: "should" }]);
    assert.equal(parseQuery("-snow").text, "");
  });

  it("checks passages against required, phrase and excluded clauses by stem", () => {
    const passage = "Boiling the water kills most organisms; a hand drill makes fire.";
    assert.equal(satisfies(parseQuery("water +boil"), passage), true);
    assert.equal(satisfies(parseQuery("water -boiled"), passage), false);
    assert.equal(satisfies(parseQuery('"hand drill"'), passage), true);
    assert.equal(satisfies(parseQuery('"drill hand"'), passage), false);
    assert.equal(satisfies(parseQuery("+snow water"), passage), false);
  });

  it("folds repeated clauses and keeps at most QUERY_LIMITS of each kind, saying so", () => {
    const repeated = parseQuery(`${'"a" '.repeat(400)}+water +WATER`);
    assert.deepEqual(repeated.clauses, [
      { text: "a", phrase: false, occur: "must" },
      { text: "water", phrase: false, occur: "must" },
    ]);
    assert.equal(repeated.text, "a water");
    assert.equal(limitNotice(repeated), null);

    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const many = parseQuery(
      `${words.map((w) => `+${w}`).join(" ")} ${words.map((w) => `-x${w}`).join(" ")} ${words.map((w) => `"${w} ${w}z"`).join(" ")}`,
    );
    const count = (occur: string, phrase: boolean) =>
      many.clauses.filter((c) => c.occur === occur && (occur === "must_not" || c.phrase === phrase)).length;
    assert.equal(count("must", false), QUERY_LIMITS.required);
    assert.equal(count("must_not", false), QUERY_LIMITS.excluded);
    assert.equal(count("must", true), QUERY_LIMITS.phrases);
    assert.deepEqual(many.dropped, { phrases: 32, required: 24, excluded: 24 });
    assert.equal(many.clauses[0]?.text, "w0", "the first ones in query order are kept");
    assert.match(limitNotice(many) ?? "", /first 8 quoted phrases and ignored 32 more.*first 16 required words/);
    assert.equal(many.text.split(" ").length, QUERY_LIMITS.required + 2 * QUERY_LIMITS.phrases);
  });
});

describe("terms", () => {
  it("stems purify/purification/purified together and drops stop words", () => {
    assert.equal(stem("purify"), stem("purification"));
    assert.equal(stem("purified"), stem("purify"));
    assert.equal(stem("boiling"), "boil");
    assert.deepEqual(queryTerms("How do I purify the water?"), ["pur", "water"]);
  });
});
