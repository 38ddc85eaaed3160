// The reference readers' own test files (../shared/corpus/conformance, see its README), indexed as a
// library: each is read as libzim, kiwix-js and the w3c EPUB tests expect, and no file is ever
// "indexed" with nothing in it and no word of why.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { listDocuments } from "../../src/state/documents.js";
import type { DocumentRow } from "../../src/state/schema.js";
import { getZimCursor } from "../../src/state/zim-cursors.js";
import { openTestApp, tempDir } from "../helpers.js";

const CONFORMANCE = resolve("..", "shared", "corpus", "conformance");
const NO_CORPUS = existsSync(CONFORMANCE) ? false : "no ../shared/corpus/conformance";
const LAYOUTS = ["zim-nons", "zim-withns", "zim-noTitleListingV0"];

/** libzim's message for each broken archive (the README's table, from libzim's `test/archive.cpp`). */
const LIBZIM_MESSAGES: Record<string, RegExp> = {
  "invalid.smaller_than_header.zim": /too small to contain a header/,
  "invalid.outofbounds_urlptrpos.zim": /Dirent pointer table outside/,
  "invalid.outofbounds_titleptrpos.zim": /Title index table outside/,
  "invalid.outofbounds_clusterptrpos.zim": /Cluster pointer table outside/,
  "invalid.invalid_mimelistpos.zim": /mimelistPos must be 80/,
  "invalid.invalid_checksumpos.zim": /bad size or corrupted/,
  "invalid.outofbounds_first_direntptr.zim": /Invalid dirent pointer/,
  "invalid.outofbounds_last_direntptr.zim": /Invalid dirent pointer/,
  "invalid.outofbounds_first_title_entry.zim": /Invalid title index entry/,
  "invalid.outofbounds_last_title_entry.zim": /Invalid title index entry/,
  "invalid.outofbounds_first_clusterptr.zim": /Invalid cluster pointer/,
  "invalid.nonsorted_dirent_table.zim": /Dirent table is not properly sorted/,
  "invalid.nonsorted_title_index.zim": /Title index is not properly sorted/,
  "invalid.bad_mimetype_list.zim": /Error getting mimelists/,
  "invalid.bad_mimetype_in_dirent.zim": /invalid MIME type value 1234/,
  "invalid.offset_in_cluster.zim": /Offsets are not ordered/,
};

describe("the reference readers' conformance files", { skip: NO_CORPUS }, () => {
  const tmp = tempDir();
  let app: Almanac;
  let docs: Map<string, DocumentRow>;
  before(async () => {
    app = await openTestApp(tmp.dir, CONFORMANCE, null);
    await app.indexer.reconcile();
    docs = new Map(listDocuments(app.db).map((d) => [d.path, d]));
  });
  after(async () => {
    await app?.close();
    tmp.cleanup();
  });

  const articles = (path: string) => {
    const row = docs.get(path);
    assert.equal(row?.status, "indexed", `${path}: ${row?.status} ${row?.error ?? ""}`);
    return getZimCursor(app.db, row?.id as string)?.articles;
  };

  it("reads the valid archives of all three layouts, split ones included, with libzim's article counts", () => {
    for (const layout of LAYOUTS) {
      assert.equal(articles(`${layout}/small.zim`), 1, layout);
      assert.equal(articles(`${layout}/wikibooks_be_all_nopic_2017-02.zim`), 66, layout);
      assert.equal(articles(`${layout}/wikibooks_be_all_nopic_2017-02_splitted.zimaa`), 66, `${layout} split`);
      assert.ok(!docs.has(`${layout}/wikibooks_be_all_nopic_2017-02_splitted.zimab`), "a later part is no document");
    }
    assert.equal(articles("zim-kiwixjs/wikipedia_en_ray_charles_2015-06.zim"), 85);
    assert.equal(articles("zim-kiwixjs-split/wikipedia_en_ray_charles_2015-06.zimaa"), 85, "15 parts, one archive");
    assert.equal(articles("zim-kiwixjs/tonedear.com_en_2024-09.zim"), 12);
    assert.equal(articles("zim-kiwixjs/foo-zstd.zim"), 16, "its text/plain articles");
  });

  it("rejects every broken archive with its own defect, as libzim names it", () => {
    let seen = 0;
    for (const [path, row] of docs) {
      const name = path.split("/").at(-1) as string;
      if (!name.startsWith("invalid.")) continue;
      seen++;
      assert.equal(row.status, "failed", path);
      assert.match(row.error ?? "", LIBZIM_MESSAGES[name] ?? /^$/, path);
    }
    assert.equal(seen, 12 + 16 + 16);
  });

  it("indexes every w3c EPUB test that holds text with that text, and names why the one that holds none fails", async () => {
    const epubs = [...docs.values()].filter((d) => d.path.startsWith("epub-w3c/"));
    assert.equal(epubs.length, 51);
    for (const d of epubs) {
      if (d.path === "epub-w3c/pub-foreign_bad-fallback.epub") {
        assert.equal(d.status, "failed");
        assert.match(d.error ?? "", /no spine item is a text document.*application\/octet-stream → image\/psd/);
      } else assert.ok(d.status === "indexed" && d.chunkCount > 0, `${d.path}: ${d.status} ${d.error ?? ""}`);
    }
    const textOf = async (path: string, query: string) => {
      const id = docs.get(path)?.id as string;
      const hits = await app.retriever.search(query, { k: 5, filter: { docId: id } });
      return hits.map((h) => h.chunk.text).join("\n");
    };
    // An SVG spine item's <text>, and a JSON or XML spine item's XHTML fallback.
    assert.match(
      await textOf("epub-w3c/cnt-svg-support.epub", "test passes"),
      /Test passes if you see this text on top an image/,
    );
    assert.match(
      await textOf("epub-w3c/pub-foreign_json-spine.epub", "test passes"),
      /Test passes if you see this text/,
    );
    assert.match(
      await textOf("epub-w3c/pub-foreign_xml-spine.epub", "test passes"),
      /Test passes if you see this text/,
    );
    assert.equal(docs.get("epub-w3c/pkg-meta-whitespace.epub")?.author, "Dave Cramer");
  });

  it("reads a saved wiki page's headings without its edit links", async () => {
    const page = [...docs.values()].find((d) => d.path.startsWith("html-saved/FreedomBox"));
    assert.equal(page?.status, "indexed");
    const hits = await app.retriever.search("installing kiwix", { k: 5, filter: { docId: page?.id as string } });
    assert.ok(hits.some((h) => h.chunk.heading_path.includes("Installing Kiwix")));
    assert.ok(!hits.some((h) => /edit source/.test(h.chunk.heading_path + h.chunk.text)));
  });

  it("never marks a file indexed with no text and no warning", () => {
    const empty = [...docs.values()].filter((d) => d.status === "indexed" && d.chunkCount === 0 && !d.warning);
    assert.deepEqual(
      empty.map((d) => d.path),
      [],
    );
  });
});
