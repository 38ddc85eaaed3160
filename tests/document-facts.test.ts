import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { documentFactLine, documentQuestion, namesTitle } from "../src/generate/document-facts.js";
import { libraryApp, makeLibrary } from "./helpers.js";

const WALDEN = resolve("../shared/corpus/epub/se_henry-david-thoreau_walden.epub");

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

describe("an author from EPUB metadata, end to end", { skip: !existsSync(WALDEN) && `${WALDEN} is missing` }, () => {
  const app = libraryApp((root) => makeLibrary(root, { "walden.epub": WALDEN }));

  it("answers 'Who wrote Walden?' with the dc:creator, citing the book", async () => {
    const a = await app().answerer.answer({ messages: [{ role: "user", content: "Who wrote Walden?" }] });
    assert.match(a.text, /^From the library:\n\nWalden — Author: Henry David Thoreau.* \[1\]/);
    assert.equal(a.sources[0]?.title, "Walden");
  });
});

const RAY_ZIM = resolve("../shared/corpus/zim/kiwix-js-wikipedia_en_ray_charles_2015-06.zim");

describe("an infobox fact line answers a question about the article's subject", {
  skip: !existsSync(RAY_ZIM) && `${RAY_ZIM} is missing`,
}, () => {
  const app = libraryApp((root) => makeLibrary(root, { "ray.zim": RAY_ZIM }));
  const ask = (q: string) => app().answerer.answer({ messages: [{ role: "user", content: q }] });

  it("quotes the Died: line of Ray Charles's infobox, and the Born: line", async () => {
    const died = await ask("When did Ray Charles die?");
    assert.match(
      died.text,
      /^From the library:\n\nDied: June 10, 2004 \(aged 73\), Beverly Hills, California, U\.S\. \[1\]/,
    );
    assert.match(died.sources[0]?.chapter ?? "", /^Ray Charles/);
    const born = await ask("Where was Ray Charles born?");
    assert.match(born.text, /^From the library:\n\nBorn: September 23, 1930, Albany, Georgia, U\.S\. \[1\]/);
  });
});
