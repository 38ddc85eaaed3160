import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import AdmZip from "adm-zip";
import type { Almanac } from "../../src/app/almanac.js";
import { listDocuments } from "../../src/state/documents.js";
import { openTestApp, serveApp, tempDir } from "../helpers.js";

const XQUAD_ZH = resolve("../shared/corpus/eval/xquad/xquad.zh.json");

const CONTAINER = `<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>`;

/** A Japanese EPUB with ruby readings, built here (Natsume Sōseki, 草枕, 1906: public domain). */
function japaneseEpub(): Buffer {
  const zip = new AdmZip();
  zip.addFile("mimetype", Buffer.from("application/epub+zip"));
  zip.addFile("META-INF/container.xml", Buffer.from(CONTAINER));
  zip.addFile(
    "OEBPS/content.opf",
    Buffer.from(`<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>草枕</dc:title><dc:language>ja</dc:language><dc:identifier id="id">kusamakura</dc:identifier></metadata>
  <manifest>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine toc="ncx"><itemref idref="c1"/></spine>
</package>`),
  );
  zip.addFile(
    "OEBPS/toc.ncx",
    Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/><docTitle><text>草枕</text></docTitle>
<navMap><navPoint id="n1" playOrder="1"><navLabel><text>一</text></navLabel><content src="c1.xhtml"/></navPoint></navMap></ncx>`),
  );
  zip.addFile(
    "OEBPS/c1.xhtml",
    Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ja"><head><title>一</title></head><body><h1>一</h1>
<p>山路を登りながら、こう考えた。</p>
<p>智に働けば角が立つ。情に棹させば流される。意地を通せば窮屈だ。とかくに人の世は住みにくい。</p>
<p>住みにくさが高じると、安い所へ引き越したくなる。どこへ越しても住みにくいと悟った時、詩が生れて、画が出来る。</p>
<p>この<ruby>難義<rp>(</rp><rt>なんぎ</rt><rp>)</rp></ruby>を越えてゆく。</p>
</body></html>`),
  );
  return zip.toBuffer();
}

/**
 * Chinese and Japanese are written without spaces: their words are split
 * with Intl.Segmenter for the index and the query alike, so a phrase inside
 * a sentence is found, and ruby readings stay out of the indexed text.
 */
describe("search in scripts without spaces", () => {
  let tmp: ReturnType<typeof tempDir>;
  let app: Almanac;
  let zhContext = "";
  before(async () => {
    tmp = tempDir();
    const lib = join(tmp.dir, "library");
    mkdirSync(join(lib, "ja"), { recursive: true });
    writeFileSync(join(lib, "ja", "kusamakura.epub"), japaneseEpub());
    if (existsSync(XQUAD_ZH)) {
      const article = (
        JSON.parse(readFileSync(XQUAD_ZH, "utf8")) as {
          data: Array<{ title: string; paragraphs: Array<{ context: string }> }>;
        }
      ).data[0];
      assert.ok(article);
      zhContext = article.paragraphs.map((p) => p.context).join("\n\n");
      mkdirSync(join(lib, "zh"), { recursive: true });
      writeFileSync(join(lib, "zh", `${article.title}.md`), `# ${article.title}\n\n${zhContext}\n`);
    }
    app = await openTestApp(tmp.dir, lib, null);
    await app.services.library.indexer.reconcile();
  });
  after(async () => {
    await app.close();
    tmp.cleanup();
  });

  it("finds a Japanese phrase from the middle of a sentence in an EPUB", async () => {
    for (const q of ['"山路を登りながら"', '"人の世は住みにくい"', "住みにくい 詩"]) {
      const hits = await app.services.search.search(q, { k: 3, mode: "bm25" });
      assert.ok(hits[0], `no hit for ${q}`);
      assert.equal(hits[0].chunk.path, "ja/kusamakura.epub", q);
    }
  });

  it("stores each book's language: the EPUB's dc:language, the Chinese text's detected", async () => {
    const docs = new Map(listDocuments(app.db).map((d) => [d.path, d]));
    assert.equal(docs.get("ja/kusamakura.epub")?.lang, "ja");
    assert.ok(JSON.parse(docs.get("ja/kusamakura.epub")?.tags ?? "[]").includes("lang-ja"));
    if (zhContext) assert.equal([...docs.values()].find((d) => d.path.startsWith("zh/"))?.lang, "zh");
    const ja = await app.services.search.search("住みにくい", { k: 3, mode: "bm25", filter: { tags: ["lang-ja"] } });
    assert.equal(ja[0]?.chunk.path, "ja/kusamakura.epub");
    assert.equal((await app.services.search.search("住みにくい", { k: 3, filter: { tags: ["lang-zh"] } })).length, 0);
  });

  it("keeps ruby readings out of the indexed text, and the passage exact", async () => {
    const hits = await app.services.search.search('"難義を越えて"', { k: 3, mode: "bm25" });
    assert.ok(hits[0], "the base text without its reading is one phrase");
    assert.match(hits[0].chunk.text, /この難義を越えてゆく。/);
    assert.equal((await app.services.search.search("なんぎ", { k: 3, mode: "bm25" })).length, 0);
  });

  it("finds a Chinese XQuAD article by a phrase from inside a sentence", {
    skip: !existsSync(XQUAD_ZH) && `${XQUAD_ZH} is missing`,
  }, async () => {
    // Three words in a row from the middle of the first paragraph, as a reader would type them.
    const words = [...new Intl.Segmenter("zh", { granularity: "word" }).segment(zhContext.slice(0, 400))];
    const at = words.findIndex(
      (_w, i) => i > 10 && [0, 1, 2].every((d) => /^\p{Script=Han}{2,}$/u.test(words[i + d]?.segment ?? "")),
    );
    const run = words
      .slice(at, at + 3)
      .map((w) => w.segment)
      .join("");
    assert.ok(at > 0 && run.length >= 6, run);
    const hits = await app.services.search.search(`"${run}"`, { k: 3, mode: "bm25" });
    assert.ok(hits[0], `no hit for "${run}"`);
    assert.match(hits[0].chunk.path, /^zh\//);
    assert.ok(hits[0].chunk.text.includes(run));
  });
  it("shows each book's language by name in the library, and filters search by it", {
    skip: !existsSync(XQUAD_ZH) && "no Chinese XQuAD file: one language only, no filter",
  }, async () => {
    const { base, close } = await serveApp(app);
    try {
      const es = { "accept-language": "es" };
      const library = await (await fetch(`${base}/library`, { headers: es })).text();
      assert.match(library, /ja\/kusamakura\.epub<\/bdi> · epub · japonés/);
      assert.match(library, /· chino/);
      assert.doesNotMatch(library, /lang-ja/, "the language is not repeated as a tag");
      const page = await (
        await fetch(`${base}/search?q=${encodeURIComponent("住みにくい")}&lang=zh`, { headers: es })
      ).text();
      assert.match(page, /<select name="lang">/);
      assert.match(page, /<option value="zh" selected="">chino<\/option>/);
      assert.doesNotMatch(page, /kusamakura/, "the Japanese book is filtered out");
      const any = await (await fetch(`${base}/search?q=${encodeURIComponent("住みにくい")}`, { headers: es })).text();
      assert.match(any, /kusamakura/);
    } finally {
      // The last test: serveApp's close closes the app too, and after() closing it again is harmless.
      await close();
    }
  });
});
