import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { documentFactLine, documentQuestion, namesTitle } from "../../src/generate/document-facts.js";

describe("questions about a document, answered from its metadata", () => {
  it("reads who-wrote and when-published questions, and nothing else", () => {
    assert.deepEqual(documentQuestion("Who wrote Walden?"), { fact: "author", subject: "Walden" });
    assert.deepEqual(documentQuestion("Who is the author of The Compleat Angler?"), {
      fact: "author",
      subject: "The Compleat Angler",
    });
    assert.deepEqual(documentQuestion("When was Walden published?"), { fact: "year", subject: "Walden" });
    assert.equal(documentQuestion("Who wrote Hit the Road Jack?")?.fact, "author");
    assert.equal(documentQuestion("How do I purify water?"), null);
  });

  it("names a title by its words or their spelling variants, not by a stray word", () => {
    assert.equal(namesTitle("Walden", "Walden"), true);
    assert.equal(namesTitle("The Compleat Angler", "The Complete Angler, 1653"), true);
    assert.equal(namesTitle("the book", "Walden"), false);
    assert.equal(
      namesTitle("Walden", "Walden; or, Life in the Woods, with a Preface on the Walden Pond Survey"),
      false,
    );
  });

  it("gives the fact only when the metadata has it", () => {
    const docs = [{ title: "Walden", author: "Henry David Thoreau", year: 1854 }];
    assert.equal(
      documentFactLine({ fact: "author", subject: "Walden" }, docs)?.text,
      "Walden — Author: Henry David Thoreau — Published: 1854",
    );
    assert.equal(
      documentFactLine({ fact: "year", subject: "Walden" }, [{ title: "Walden", author: null, year: null }]),
      null,
    );
    assert.equal(
      documentFactLine({ fact: "author", subject: "Walden" }, [{ title: "South!", author: "Ernest Shackleton" }]),
      null,
    );
  });
});
