import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { createHttpApp } from "../../src/http/server.js";
import { getDocumentText } from "../../src/state/document-texts.js";
import { listDocuments } from "../../src/state/documents.js";
import { BOOKS, makeLibrary, markedText, openTestApp, tempDir } from "../helpers.js";

/** A document of `parts` top-level chapters, each with two subsections of `paragraphs` paragraphs. */

const FM_21_76 = join("..", "shared", "corpus", "epub", "ligi-survival-manual_fm21-76_epub2.epub");

describe("every citation opens highlighted in the reader", () => {
  const tmp = tempDir();
  let app: Almanac;
  before(async () => {
    const files: Record<string, string> = {
      "survival/Water.md": join(BOOKS, "Water.md"),
      "alice.epub": join(BOOKS, "alice-epub3.epub"),
      "angler.txt": join(BOOKS, "walton-complete-angler-latin1-crlf.txt"),
    };
    if (existsSync(FM_21_76)) files["manuals/fm21-76.epub"] = FM_21_76;
    app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, files), null);
    await app.indexer.reconcile();
  });
  after(async () => {
    await app?.close();
    tmp.cleanup();
  });

  it("highlights exactly each chunk's text, on the page its offsets point into", async () => {
    const http = createHttpApp(app.services);
    const docs = listDocuments(app.db).filter((d) => d.status === "indexed");
    assert.ok(docs.length >= 3, docs.map((d) => `${d.path}:${d.status}`).join(" "));
    let checked = 0;
    for (const d of docs) {
      const text = getDocumentText(app.db, d.id);
      assert.ok(text, `${d.path} has reader text`);
      // Every chunk of the small books; an even sample of 120 from a big one.
      const step = Math.max(1, Math.ceil(d.chunkCount / 120));
      const indexes = Array.from({ length: Math.ceil(d.chunkCount / step) }, (_, i) => i * step);
      const chunks = await app.store.chunksAt(d.id, indexes);
      assert.equal(chunks.length, indexes.length);
      for (const c of chunks) {
        assert.equal(text.text.slice(c.start_offset, c.end_offset), c.text, "offsets index the stored text");
        const res = await http.request(`/read/${d.id}?start=${c.start_offset}&end=${c.end_offset}`);
        assert.equal(res.status, 200);
        const html = await res.text();
        assert.equal(markedText(html), c.text, `${d.path} chunk ${c.chunk_index}`);
        assert.equal((html.match(/id="passage"/g) ?? []).length, 1);
        checked++;
      }
    }
    assert.ok(checked > 150, `${checked} citations checked`);
  });

  it("says why a document cannot be read, and refuses ids that are not document ids", async () => {
    const http = createHttpApp(app.services);
    assert.equal((await http.request("/read/0123456789abcdef")).status, 404);
    assert.equal((await http.request("/read/..%2F..%2Fetc%2Fpasswd")).status, 404);
  });
});
