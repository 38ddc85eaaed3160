import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { libraryApp, makeLibrary } from "../helpers.js";

const WALDEN = resolve("../shared/corpus/epub/se_henry-david-thoreau_walden.epub");

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
