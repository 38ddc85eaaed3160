import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { createHttpApp } from "../../src/http/server.js";
import { parseBytes } from "../../src/ingest/parse.js";
import { FIXTURES, makeLibrary, openTestApp, tempDir } from "../helpers.js";

/** A saved page written for these tests: an article among a menu, a sidebar, a footer, a script and remote resources. */
const PAGE = join(FIXTURES, "pages", "debris-hut.html");

describe("saved web pages", () => {
  it("keeps the article, drops the page chrome, and takes title and author from the meta tags", async () => {
    const doc = await parseBytes(readFileSync(PAGE), "pages/debris-hut.html");
    assert.equal(doc.format, "html");
    assert.equal(doc.title, "How to Build a Debris Hut", "og:title, not the <title> with the site name");
    assert.equal(doc.author, "R. Ranger");
    assert.deepEqual(doc.sections.map((s) => s.headingPath.join(" › ")).filter(Boolean), [
      "Choose the site",
      "Build the frame",
    ]);
    assert.match(doc.text, /Prop a ridgepole about as long as you are tall/);
    for (const chrome of ["Shop our gear", "Popular posts", "All rights reserved", "evil.example", "fetch("])
      assert.ok(!doc.text.includes(chrome), `${chrome} is left out`);
  });

  describe("end to end", () => {
    const tmp = tempDir();
    let app: Almanac;
    before(async () => {
      app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, { "web/debris-hut.htm": PAGE }), null);
      await app.indexer.reconcile();
    });
    after(async () => {
      await app?.close();
      tmp.cleanup();
    });

    it("indexes the page, answers from it, and opens the cited passage in the reader", async () => {
      const answer = await app.answerer.answer({
        messages: [{ role: "user", content: "How do I build the frame of a debris hut?" }],
      });
      const source = answer.sources.find((s) => s.path === "web/debris-hut.htm");
      assert.ok(source, answer.text);
      assert.equal(source.chapter, "Build the frame");
      const html = await (await createHttpApp(app.services).request(source.url.replace("#passage", ""))).text();
      assert.match(html, /<mark id="passage">Build the frame<\/mark>/);
      assert.match(html, /<mark>Prop a ridgepole/);
    });
  });
});
