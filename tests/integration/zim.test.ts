import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { citationLabel, toSources } from "../../src/generate/sources.js";
import { createHttpApp } from "../../src/http/server.js";
import { ZimArchive } from "../../src/ingest/zim/archive.js";
import { parseZimArticle } from "../../src/ingest/zim/article.js";
import { clusterInfo, u64 } from "../../src/ingest/zim/format.js";
import { ParsePool } from "../../src/library/parse-pool.js";
import type { ZimBatchTask } from "../../src/library/zim-batch.js";
import { ZIM_FIRST_BATCH_ARTICLES } from "../../src/library/zim-ramp.js";
import { filterToSql } from "../../src/retrieve/filter.js";
import { listDocuments } from "../../src/state/documents.js";
import { getZimCursor } from "../../src/state/zim-cursors.js";
import { articleHtml, buildZim } from "../fixtures/zim-build.js";
import { makeLibrary, markedText, openTestApp, tempDir } from "../helpers.js";

const RAY = join("..", "shared", "corpus", "zim", "kiwix-js-wikipedia_en_ray_charles_2015-06.zim");
const NO_CORPUS = !existsSync(RAY) ? "no ../shared corpus" : false;

/** A small new-layout archive: a main page, two articles with sections, a picture and a redirect. */
async function buildSurvivalZim(out: string): Promise<void> {
  await buildZim(
    out,
    [
      { path: "index.html", html: articleHtml("Field guide", "<p>See <a href='Water.html'>Water</a>.</p>") },
      {
        path: "Water.html",
        html: articleHtml(
          "Water",
          `<table class="infobox"><tr><th>Boiling point</th><td>100 °C at sea level</td></tr></table>
           <p>Safe water matters more than food.<sup class="reference" id="cite_ref-1">[1]</sup></p>
           <h2>Purification</h2><p>Bring cloudy water to a rolling boil for one full minute before drinking it.</p>
           <p><img src="pump.png" alt="A hand pump"> <a href="Fire.html">Fire</a> heats it.</p>
           <div class="navbox">Navigation: Water · Fire · Shelter</div>
           <h2>References</h2><ol class="references"><li>Boiling is cited here.</li></ol>`,
        ),
      },
      {
        path: "Fire.html",
        html: articleHtml("Fire", "<h2>Tinder</h2><p>Birch bark catches a spark even when damp.</p>"),
      },
    ],
    {
      title: "Survival wiki",
      tags: "survival;_ftindex:no",
      redirects: [["H2O.html", "H2O", "Water.html"]],
      // Any real PNG will do as the article's picture; the README screenshots are in the repository.
      files: [["pump.png", readFileSync(join("docs", "screenshots", "phone-reader.png"))]],
    },
  );
}

describe("openZIM reader", { skip: NO_CORPUS }, () => {
  it("reads the real xz, old-layout Wikipedia archive: metadata, articles, redirects, checksum", async () => {
    const zim = await ZimArchive.open(RAY);
    try {
      assert.equal(zim.newLayout, false);
      assert.equal(zim.header.entryCount, 458);
      const meta = await zim.metadata();
      assert.equal(meta.Title, "Wikipedia");
      assert.equal(meta.Language, "eng");
      const list = await zim.frontArticles();
      let articles = 0;
      for (let i = 0; i < list.count; i++) if (await zim.article(i)) articles++;
      assert.equal(articles, 85, "85 HTML articles; the A/ redirects are passed over");
      const redirect = await zim.find("A", "(The_Night_Time_Is)_The_Right_Time.html");
      assert.equal(redirect?.kind, "redirect");
      const target = await zim.resolve(redirect as NonNullable<typeof redirect>);
      assert.equal(target.kind, "item");
      assert.match((await zim.content(target)).toString("utf8"), /<title>Night Time Is the Right Time<\/title>/);
      const ray = await zim.find("A", "Ray_Charles.html");
      assert.match((await zim.content(ray as NonNullable<typeof ray>)).toString("utf8"), /professionally known as/);
      assert.equal(await zim.verifyChecksum(), true);
    } finally {
      await zim.close();
    }
  });

  it("parses a Wikipedia article: infobox facts kept, references and markers dropped, sections as chapters", async () => {
    const zim = await ZimArchive.open(RAY);
    const entry = await zim.find("A", "Ray_Charles.html");
    const html = (await zim.content(entry as NonNullable<typeof entry>)).toString("utf8");
    await zim.close();
    const doc = parseZimArticle(html, "Ray Charles", "Wikipedia", 1e7);
    assert.match(
      doc.text,
      /^Ray Charles\n\nBirth name: Ray Charles Robinson\nBorn: September 23, 1930, Albany, Georgia/,
    );
    assert.match(
      doc.text,
      /Ray Charles Robinson \(September 23, 1930 – June 10, 2004\), professionally known as Ray Charles,/,
    );
    assert.doesNotMatch(doc.text, /\[\d+\]/, "reference markers are dropped");
    const headings = doc.sections.map((s) => s.headingPath.join(" › "));
    assert.ok(headings.includes("Ray Charles › Life and career › Early years (1930–45)"));
    assert.ok(!headings.some((h) => /References|External links/.test(h)));
    for (const s of doc.sections) assert.equal(s.headingPath[0], "Ray Charles");
  });

  it("reads a zstd, new-layout archive built by zimwriterfs, with its title listing and redirects", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "survival.zim");
      await buildSurvivalZim(file);
      const zim = await ZimArchive.open(file);
      assert.equal(zim.newLayout, true);
      const water = await zim.find("C", "Water.html");
      assert.ok(water);
      // The article's cluster is zstd-compressed (compression 5 in its info byte).
      const bytes = readFileSync(file);
      const clusterAt = u64(bytes, zim.header.clusterPtrPos + water.cluster * 8);
      assert.equal(clusterInfo(bytes[clusterAt] as number).compression, "zstd");
      const list = await zim.frontArticles();
      const titles: string[] = [];
      for (let i = 0; i < list.count; i++) {
        const a = await zim.article(i);
        if (a) titles.push(a.title);
      }
      assert.deepEqual(titles.sort(), ["Field guide", "Fire", "Water"]);
      const h2o = await zim.find("C", "H2O.html");
      assert.equal(h2o?.kind, "redirect");
      assert.equal((await zim.resolve(h2o as NonNullable<typeof h2o>)).path, "Water.html");
      assert.equal(await zim.verifyChecksum(), true);
      await zim.close();
    } finally {
      cleanup();
    }
  });
});

describe("ZIM archives in the library", { skip: NO_CORPUS }, () => {
  const tmp = tempDir();
  let app: Almanac;
  before(async () => {
    const lib = makeLibrary(tmp.dir, { "wiki/ray-charles.zim": RAY });
    await buildSurvivalZim(join(lib, "wiki", "survival.zim"));
    // A truncated archive and one with a flipped byte fail alone.
    const bytes = readFileSync(RAY);
    writeFileSync(join(lib, "wiki", "truncated.zim"), bytes.subarray(0, bytes.length / 2));
    const flipped = Buffer.from(bytes);
    flipped[200_000] = (flipped[200_000] as number) ^ 0xff;
    writeFileSync(join(lib, "wiki", "flipped.zim"), flipped);
    // Sound tables and clusters, and a stored MD5 that does not match them.
    const summed = Buffer.from(bytes);
    const sumAt = Number(summed.readBigUInt64LE(72));
    summed[sumAt] = (summed[sumAt] as number) ^ 0xff;
    writeFileSync(join(lib, "wiki", "bad-md5.zim"), summed);
    // A cluster pointer aimed past the end, with the MD5 made to match: rejected, as libzim's validation rejects it.
    const pointed = Buffer.from(bytes);
    const clusterPtrPos = Number(pointed.readBigUInt64LE(48));
    const checksumPos = Number(pointed.readBigUInt64LE(72));
    pointed.writeBigUInt64LE(BigInt(pointed.length + 4096), clusterPtrPos);
    createHash("md5").update(pointed.subarray(0, checksumPos)).digest().copy(pointed, checksumPos);
    writeFileSync(join(lib, "wiki", "bad-pointer.zim"), pointed);
    app = await openTestApp(tmp.dir, lib, null);
    await app.indexer.reconcile();
  });
  after(async () => {
    await app?.close();
    tmp.cleanup();
  });

  it("indexes every article of both archives under one state row each; corrupt archives fail with a reason", async () => {
    assert.equal((await app.status()).formats.zim, 2, "/status counts the indexed archives by format");
    const docs = new Map(listDocuments(app.db).map((d) => [d.path, d]));
    const ray = docs.get("wiki/ray-charles.zim");
    assert.equal(ray?.status, "indexed");
    assert.equal(ray?.title, "Wikipedia");
    assert.ok((ray?.chunkCount ?? 0) > 500, `chunks: ${ray?.chunkCount}`);
    assert.equal(getZimCursor(app.db, ray?.id as string)?.articles, 85);
    assert.equal(docs.get("wiki/survival.zim")?.status, "indexed");
    assert.deepEqual(JSON.parse(docs.get("wiki/survival.zim")?.tags ?? "[]"), ["lang-en", "survival"]);
    assert.equal(ray?.lang, "en", "the archive's Language: eng");
    const english = await app.retriever.search("glaucoma", { k: 1, filter: { tags: ["lang-en"] } });
    assert.ok(english[0]?.chunk.tags.includes("lang-en"), "each article's chunks carry the archive's language");
    assert.equal(docs.get("wiki/truncated.zim")?.status, "failed");
    assert.match(docs.get("wiki/truncated.zim")?.error ?? "", /corrupt ZIM: .*(truncated|outside the file)/);
    const pointed = docs.get("wiki/bad-pointer.zim");
    assert.equal(pointed?.status, "failed");
    assert.match(pointed?.error ?? "", /cluster 0 has an invalid pointer \(libzim: Invalid cluster pointer\)/);
    assert.equal(docs.get("wiki/flipped.zim")?.status, "failed");
    assert.match(
      docs.get("wiki/flipped.zim")?.error ?? "",
      /xz cluster does not decompress/,
      "the damaged cluster named",
    );
    assert.equal(docs.get("wiki/bad-md5.zim")?.status, "failed");
    assert.match(docs.get("wiki/bad-md5.zim")?.error ?? "", /MD5 checksum does not match/);
  });

  it("finds a known sentence and cites archive › article › section, skipping redirects", async () => {
    const hits = await app.retriever.search("rolling boil one full minute cloudy water", { k: 3 });
    const top = toSources(hits)[0];
    assert.ok(top);
    assert.equal(citationLabel(top), "Survival wiki › Water › Purification");
    assert.match(top.text, /Bring cloudy water to a rolling boil for one full minute/);
    const all = await app.retriever.search("water", { k: 50, filter: { docId: top.docId.split(".")[0] as string } });
    const titles = new Set(all.map((h) => h.chunk.heading_path.split(" › ")[0]));
    assert.ok(!titles.has("H2O"), "the redirect is not an article of its own");
    assert.ok(
      !all.some((h) => /Navigation: Water|Boiling is cited here/.test(h.chunk.text)),
      "navbox and references dropped",
    );
    const ray = toSources(await app.retriever.search("blind by the age of seven glaucoma", { k: 1 }))[0];
    assert.match(
      citationLabel(ray as NonNullable<typeof ray>),
      /^Wikipedia › Ray Charles › Life and career › Early years/,
    );
  });

  it("the reader highlights the cited passage, and the original layout serves pictures and links from the archive", async () => {
    const http = createHttpApp(app.services);
    const [hit] = await app.retriever.search("rolling boil one full minute cloudy water", { k: 1 });
    const c = hit?.chunk;
    assert.ok(c);
    const page = await (await http.request(`/read/${c.doc_id}?start=${c.start_offset}&end=${c.end_offset}`)).text();
    assert.equal(markedText(page), c.text);
    const original = await (await http.request(`/read/${c.doc_id}/original`)).text();
    const archiveId = c.doc_id.split(".")[0];
    const img = /<img src="(\/read\/[0-9a-f]{16}\/zim\?path=[^"]+)"/.exec(original)?.[1];
    assert.ok(img, "the picture points into the archive");
    const picture = await http.request(img.replace(/&amp;/g, "&"));
    assert.equal(picture.status, 200);
    assert.equal(picture.headers.get("content-type"), "image/png");
    const link = /<a href="(\/read\/[0-9a-f]{16}\/zim\?path=C%2FFire.html)"/.exec(original)?.[1];
    assert.ok(link, "the link to another article stays inside Almanac");
    const follow = await http.request(link);
    assert.equal(follow.status, 302);
    assert.match(follow.headers.get("location") ?? "", new RegExp(`^/read/${archiveId}\\.\\d+/original$`));
    const body = original.slice(original.indexOf('<div class="book-html">'));
    assert.doesNotMatch(body, /<script|Navigation: Water|Boiling is cited here|cite_ref/);
    assert.match(body, /<th>Boiling point<\/th><td>100 °C at sea level<\/td>/, "the infobox stays a table here");
    assert.equal((await http.request(`/read/${archiveId}/zim?path=..%2F..%2Fetc%2Fpasswd`)).status, 404);
    const main = await http.request(`/read/${archiveId}`);
    assert.equal(main.status, 302, "the archive opens at its main page");
  });

  it("a changed archive at the same path replaces the old one's articles", async () => {
    const file = join(tmp.dir, "library", "wiki", "survival.zim");
    const before = getZimCursor(
      app.db,
      listDocuments(app.db).find((d) => d.path === "wiki/survival.zim")?.id as string,
    );
    const next = join(tmp.dir, "second-edition.zim");
    await buildZim(next, [
      { path: "index.html", html: articleHtml("Field guide", "<p>Second edition.</p>") },
      { path: "Knots.html", html: articleHtml("Knots", "<p>A bowline makes a fixed loop that will not slip.</p>") },
    ]);
    renameSync(next, file);
    await app.indexer.reconcile();
    const row = listDocuments(app.db).find((d) => d.path === "wiki/survival.zim");
    assert.equal(row?.status, "indexed");
    assert.notEqual(getZimCursor(app.db, row?.id as string)?.identity, before?.identity);
    const knots = await app.retriever.search("bowline fixed loop", { k: 1 });
    assert.equal(knots[0]?.chunk.path, "wiki/survival.zim");
    const water = await app.retriever.search("rolling boil cloudy water", { k: 5 });
    assert.ok(!water.some((h) => h.chunk.path === "wiki/survival.zim"), "the old edition's articles are gone");
  });

  it("re-indexing an archive starts it over", async () => {
    const row = listDocuments(app.db).find((d) => d.path === "wiki/survival.zim");
    const chunks = row?.chunkCount;
    let written = 0;
    const count = (n: number) => {
      written += n;
    };
    app.indexer.on("chunks", count);
    app.indexer.reindex("wiki/survival.zim");
    await app.indexer.drain();
    app.indexer.off("chunks", count);
    assert.equal(written, chunks, "every article was written again");
    const again = listDocuments(app.db).find((d) => d.path === "wiki/survival.zim");
    assert.equal(again?.status, "indexed");
    assert.equal(again?.chunkCount, chunks);
    assert.equal(await app.store.count(filterToSql({ docId: row?.id as string })), chunks, "no article indexed twice");
  });

  it("removing an archive removes all of its articles", async () => {
    const before = await app.store.count();
    const survival = listDocuments(app.db).find((d) => d.path === "wiki/survival.zim");
    await app.store.deleteDocument(survival?.id as string);
    const hits = await app.retriever.search("birch bark spark damp", { k: 5 });
    assert.ok(!hits.some((h) => h.chunk.path === "wiki/survival.zim"));
    assert.ok((await app.store.count()) < before);
  });
});

describe("ZIM ingest limits and resume", { skip: NO_CORPUS }, () => {
  it("asks for a small first batch after every start, so the cursor moves within seconds of a restart", async () => {
    const tmp = tempDir();
    const lib = makeLibrary(tmp.dir, { "wiki/ray.zim": RAY });
    const asked: number[] = [];
    const runZim = ParsePool.prototype.runZim;
    ParsePool.prototype.runZim = function (this: ParsePool, task: ZimBatchTask) {
      asked.push(task.articles);
      return runZim.call(this, task);
    };
    const cursorOf = (app: Almanac) => getZimCursor(app.db, listDocuments(app.db)[0]?.id as string);
    try {
      let app = await openTestApp(tmp.dir, lib, null, { zimBatchArticles: 15 });
      // Stopped as soon as the first batch commits, as a power cut would.
      await new Promise<void>((resolve) => {
        app.indexer.on("chunks", () => {
          if ((cursorOf(app)?.articles ?? 0) > 0) resolve();
        });
        void app.indexer.reconcile();
      });
      assert.equal(cursorOf(app)?.articles, ZIM_FIRST_BATCH_ARTICLES, "the first batch is the small one");
      await app.close();
      assert.deepEqual(asked.slice(0, 3), [0, 10, 15], "the identity probe, then 10, then the configured 15");
      asked.length = 0;
      app = await openTestApp(tmp.dir, lib, null, { zimBatchArticles: 15 });
      try {
        await app.indexer.reconcile();
        assert.equal(cursorOf(app)?.articles, 85);
        assert.deepEqual(asked.slice(0, 3), [0, 10, 15], "the ramp starts again after the restart");
        assert.ok(
          asked.slice(3).every((n) => n === 15),
          asked.join(),
        );
      } finally {
        await app.close();
      }
    } finally {
      ParsePool.prototype.runZim = runZim;
      tmp.cleanup();
    }
  });

  it("indexes only the first N articles when zimFilters limits the archive, and says so", async () => {
    const tmp = tempDir();
    const lib = makeLibrary(tmp.dir, { "wiki/ray.zim": RAY });
    const app = await openTestApp(tmp.dir, lib, null, {
      zimFilters: { "wiki/ray.zim": { maxArticles: 10 } },
      zimBatchArticles: 4,
    });
    try {
      await app.indexer.reconcile();
      const row = listDocuments(app.db)[0];
      assert.equal(row?.status, "indexed");
      assert.equal(getZimCursor(app.db, row?.id as string)?.articles, 10);
      assert.match(row?.warning ?? "", /first 10 articles only/);
      const ids = new Set((await app.retriever.search("ray charles", { k: 200 })).map((h) => h.chunk.doc_id));
      assert.ok(ids.size <= 10 && ids.size > 0);
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });

  it("indexes only the articles under a path prefix when zimFilters names one", async () => {
    const tmp = tempDir();
    const lib = makeLibrary(tmp.dir, { "wiki/ray.zim": RAY });
    const app = await openTestApp(tmp.dir, lib, null, {
      zimFilters: { "wiki/ray.zim": { pathPrefix: "Ray_Charles" } },
    });
    try {
      await app.indexer.reconcile();
      const hits = await app.retriever.search("ray charles", { k: 200 });
      const articles = new Set(hits.map((h) => h.chunk.heading_path.split(" › ")[0]));
      assert.ok(articles.has("Ray Charles"));
      for (const a of articles) assert.match(a as string, /^Ray Charles/, `${a} is outside the prefix`);
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });

  it("a restart resumes at the cursor: chunks past it are dropped and nothing is indexed twice", async () => {
    const tmp = tempDir();
    mkdirSync(join(tmp.dir, "library", "wiki"), { recursive: true });
    copyFileSync(RAY, join(tmp.dir, "library", "wiki", "ray.zim"));
    const lib = join(tmp.dir, "library");
    // A full run gives the reference count.
    const ref = tempDir();
    const refApp = await openTestApp(ref.dir, makeLibrary(ref.dir, { "wiki/ray.zim": RAY }), null);
    await refApp.indexer.reconcile();
    const expected = await refApp.store.count();
    await refApp.close();
    ref.cleanup();

    let app = await openTestApp(tmp.dir, lib, null, { zimBatchArticles: 10 });
    // Stop the indexer once a few batches are committed, as a shutdown would.
    await new Promise<void>((resolve) => {
      app.indexer.on("chunks", () => {
        const row = listDocuments(app.db)[0];
        if ((getZimCursor(app.db, row?.id as string)?.articles ?? 0) >= 30) resolve();
      });
      void app.indexer.reconcile();
    });
    const row = listDocuments(app.db)[0];
    await app.close();
    app = await openTestApp(tmp.dir, lib, null, { zimBatchArticles: 10 });
    try {
      const cursor = getZimCursor(app.db, row?.id as string);
      assert.ok(cursor && cursor.articles >= 30 && cursor.articles < 85, `cursor: ${JSON.stringify(cursor)}`);
      assert.equal(listDocuments(app.db)[0]?.status, "indexing");
      await app.indexer.reconcile();
      assert.equal(listDocuments(app.db)[0]?.status, "indexed");
      assert.equal(getZimCursor(app.db, row?.id as string)?.articles, 85);
      assert.equal(await app.store.count(), expected, "same chunks as one uninterrupted run");
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});
