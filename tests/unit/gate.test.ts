import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { expectedAnswerType, holdsAnswerType } from "../../src/generate/answer-type.js";
import { backgroundIdf } from "../../src/generate/background-idf.js";
import { evidenceScore, GATE_MODEL, isVariant } from "../../src/generate/gate.js";
import { queryTerms } from "../../src/retrieve/terms.js";

describe("evidence gate: features and model", () => {
  it("weighs words by how common they are in English, names and rare words most", () => {
    const [water, register, kuechly] = queryTerms("water register Kuechly") as [string, string, string];
    assert.ok(backgroundIdf(water) < backgroundIdf(register));
    assert.ok(backgroundIdf(register) < backgroundIdf(kuechly));
  });

  it("matches spelling variants of long stems only", () => {
    assert.equal(isVariant("indian", "india"), true);
    assert.equal(isVariant("paleoclimat", "paleoclimatolog"), true);
    assert.equal(isVariant("boat", "boa"), false);
    assert.equal(isVariant("capital", "captain"), false);
  });

  it("drops possessives from terms, so Slocum's finds Slocum", () => {
    assert.deepEqual(queryTerms("Slocum's boat"), ["slocum", "boat"]);
  });

  it("asks more of a short question than of a long one for the same share, and more when its names are apart", () => {
    const half = { window: 0.5, whole: 0, passage: 0.5, namesApart: 0 };
    const short = evidenceScore({ ...half, topicTerms: 2 });
    const long = evidenceScore({ ...half, topicTerms: 7 });
    assert.ok(short < GATE_MODEL.threshold, `2 terms, half found: ${short}`);
    assert.ok(long >= GATE_MODEL.threshold, `7 terms, half found: ${long}`);
    assert.ok(evidenceScore({ ...half, namesApart: 1, topicTerms: 7 }) < long);
    assert.ok(evidenceScore({ window: 1, whole: 1, passage: 1, namesApart: 0, topicTerms: 2 }) >= GATE_MODEL.threshold);
  });

  it("reads the answer type a factual question asks for", () => {
    assert.equal(expectedAnswerType("When did Ray Charles die?"), "date");
    assert.equal(expectedAnswerType("How many tackles did Luke Kuechly register?"), "number");
    assert.equal(expectedAnswerType("Who wrote Walden?"), "person");
    assert.equal(expectedAnswerType("Which river runs alongside Jacksonville?"), "place");
    assert.equal(expectedAnswerType("What was the name of Slocum's boat?"), "name");
    assert.equal(expectedAnswerType("How do I purify water?"), null);
    const asked = new Set(queryTerms("Who mapped the St. Johns River in 1562?"));
    assert.equal(holdsAnswerType("Jean Ribault mapped the St. Johns River in 1562.", "person", asked), true);
    assert.equal(holdsAnswerType("It was mapped in 1562 by the St. Johns River.", "person", asked), false);
    assert.equal(holdsAnswerType("He died on June 10, 2004.", "date", new Set()), true);
  });
});
