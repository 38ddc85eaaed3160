import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { PDFDocument } from "pdf-lib";
import { datedExtractive, datedRanked, datedTail, isOld, oldSourceNote } from "../../src/generate/dated.js";
import { citationLabel, datedTitle, type publicSource, type Source, toSources } from "../../src/generate/sources.js";
import { createHttpApp } from "../../src/http/server.js";
import { parseBytes } from "../../src/ingest/parse.js";
import { frontMatterPublished, imprintYear } from "../../src/ingest/published.js";
import { docIdOf } from "../../src/library/paths.js";
import type { StateDb } from "../../src/state/db.js";
import { documentMetaLookup, getDocument, METADATA_VERSION } from "../../src/state/documents.js";
import * as schema from "../../src/state/schema.js";
import { buildBookPdf } from "../fixtures/pdf-build.js";
import { makeLibrary, openTestApp, serveApp, shippedLibraryApp, tempDir } from "../helpers.js";

const CORPUS = join("..", "shared", "corpus");
const NO_CORPUS = existsSync(join(CORPUS, "epub")) ? false : "no ../shared corpus";
const SCOUTS = resolve("library", "camping", "Boy Scouts Handbook 1911.txt");
const NOTE = /^_Source (\d+) \(1911\) is more than 50 years old: medical advice in it may be out of date\._$/m;

const parse = (file: string, as = file) => parseBytes(readFileSync(file), as);

describe("publication years from each format's metadata", { skip: NO_CORPUS }, () => {
  it("EPUB: Walden's colophon year (1854), not the Standard Ebooks release date in dc:date (2014); dc:creator is the author", async () => {
    const doc = await parse(join(CORPUS, "epub", "se_henry-david-thoreau_walden.epub"));
    assert.equal(doc.author, "Henry David Thoreau");
    assert.deepEqual(doc.published, { year: 1854, publisher: "Standard Ebooks", language: "en-US" });
  });

  it("EPUB with no imprint statement: the OPF dc:date", async () => {
    const doc = await parse(join(CORPUS, "epub", "ligi-survival-manual_fm21-76_epub2.epub"));
    assert.equal(doc.published?.year, 2021);
  });

  it("Project Gutenberg text: the title page's 'COPYRIGHT 1911', the header's Language, and the earliest year of a reprint", async () => {
    assert.equal((await parse(SCOUTS, "camping/Boy Scouts Handbook 1911.txt")).published?.year, 1911);
    const walton = await parse(join(CORPUS, "text", "pg9198-8_walton_complete-angler-1653_iso-8859-1_crlf.txt"));
    assert.deepEqual(walton.published, { year: 1653, publisher: null, language: "English" });
    // "This Dover edition, first published in 1963, is … the work published … in 1920".
    const nessmuk = await parse(join(CORPUS, "text", "pg34607_nessmuk_woodcraft-and-camping.txt"));
    assert.equal(nessmuk.published?.year, 1920);
    // A title page dated in Roman numerals ("MDCCCL."), under a note about "the 1600s".
    const culpeper = await parse(join(CORPUS, "text", "pg49513_culpeper_complete-herbal.txt"));
    assert.equal(culpeper.published?.year, 1850);
  });

  it("a Gutenberg header's 'Original publication' wins; its Release date is never the year", () => {
    const header =
      "Title: X\nRelease date: July 20, 2024 [eBook #74084]\nOriginal publication: New York: Doubleday, 1911\n";
    assert.equal(imprintYear("Release date: July 20, 2024"), null);
    const text = `${header}*** START OF THE PROJECT GUTENBERG EBOOK X ***\nCOPYRIGHT 1920\n\nCHAPTER I\n\nText.`;
    return parseBytes(Buffer.from(text), "x.txt").then((doc) => assert.equal(doc.published?.year, 1911));
  });

  it("Markdown front matter: date (a real file), and year or published before date", async () => {
    const md = await parse(join(CORPUS, "markdown", "emcomm-tools-offline-reference", "bbs-nodes.md"));
    assert.equal(md.published?.year, 2026);
    assert.equal(frontMatterPublished({ date: "2020-01-01", published: 1911, publisher: "BSA" }).year, 1911);
    const doc = await parseBytes(Buffer.from("---\nyear: 1911\nlanguage: en\n---\n# T\n\nText.\n"), "t.md");
    assert.deepEqual(doc.published, { year: 1911, publisher: null, language: "en" });
  });

  it("PDF: an imprint on the first pages (TraceMonkey's 'Copyright 2009'), else the info dictionary's CreationDate", async () => {
    assert.equal((await parse(join(CORPUS, "pdf", "pdfjs-tracemonkey.pdf"))).published?.year, 2009);
    const pdf = await PDFDocument.load(await buildBookPdf(1, [{ title: "Fires", pages: 2 }]));
    pdf.setCreationDate(new Date("1987-05-01T00:00:00Z"));
    const doc = await parseBytes(Buffer.from(await pdf.save()), "book.pdf");
    assert.equal(doc.published?.year, 1987);
  });

  it("saved web page: the published-time meta and <html lang>", async () => {
    const wikibooks = await parse(join(CORPUS, "conformance", "html-saved", "Wikibooks.html"));
    assert.deepEqual([wikibooks.published?.year, wikibooks.published?.language], [null, "en"]);
    const page = `<html lang="en-GB"><head><title>Splints</title><meta property="article:published_time" content="1999-04-02T10:00:00Z"></head><body><article><h1>Splints</h1><p>${"Pad the splint well and tie it above and below the break. ".repeat(8)}</p></article></body></html>`;
    const doc = await parseBytes(Buffer.from(page), "splints.html");
    assert.deepEqual([doc.published?.year, doc.published?.language], [1999, "en-GB"]);
  });

  it("ZIM: the archive's Date metadata, stored on its documents row with publisher and language", async () => {
    const tmp = tempDir();
    const lib = makeLibrary(tmp.dir, {
      "wiki/ray.zim": join(CORPUS, "zim", "kiwix-js-wikipedia_en_ray_charles_2015-06.zim"),
    });
    const app = await openTestApp(tmp.dir, lib, null);
    try {
      await app.indexer.reconcile();
      const row = getDocument(app.db, docIdOf("wiki/ray.zim"));
      assert.equal(row?.status, "indexed");
      assert.deepEqual([row?.year, row?.publisher, row?.language], [2015, "Kiwix", "eng"]);
      assert.equal(app.documentMeta(`${docIdOf("wiki/ray.zim")}.7`)?.year, 2015, "an article gets its archive's facts");
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});

describe("dated citations and the old-advice line", () => {
  it("moves a title's own year into the brackets", () => {
    assert.equal(datedTitle("Boy Scouts Handbook 1911", 1911), "Boy Scouts Handbook (1911)");
    assert.equal(datedTitle("The Complete Angler, 1653", 1653), "The Complete Angler (1653)");
    assert.equal(datedTitle("South!", 1919), "South! (1919)");
    assert.equal(datedTitle("Medicine", null), "Medicine");
    assert.equal(
      citationLabel({ title: "Walden", chapter: "Economy", year: 1854, page: null, time: null }),
      "Walden (1854) › Economy",
    );
  });

  it("counts 50 years from the current year", () => {
    const now = new Date("2026-12-06T00:00:00Z");
    assert.ok(isOld(1911, now));
    assert.ok(!isOld(1976, now), "exactly 50 years is not more than 50");
    assert.ok(isOld(1975, now));
    assert.ok(!isOld(null, now), "an unknown year is not marked");
    assert.equal(oldSourceNote([{ index: 2, year: 2001 }], now), null);
  });

  it("a tourniquet answer from the 1911 handbook cites it as '(1911)' with the warning line under it", async () => {
    const tmp = tempDir();
    const lib = makeLibrary(tmp.dir, { "camping/Boy Scouts Handbook 1911.txt": SCOUTS });
    const app = await openTestApp(tmp.dir, lib, null);
    await app.indexer.reconcile();
    const s = await serveApp(app);
    try {
      const res = await fetch(`${s.base}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "almanac",
          messages: [{ role: "user", content: "How long can I keep a tourniquet on?" }],
        }),
      });
      const body = (await res.json()) as {
        choices: Array<{ message: { content: string } }>;
        sources: Array<ReturnType<typeof publicSource>>;
      };
      const text = body.choices[0]?.message.content ?? "";
      assert.match(text, /tourniquet/i);
      const cited = body.sources.find((x) => x.title === "Boy Scouts Handbook 1911");
      assert.equal(cited?.year, 1911, JSON.stringify(body.sources));
      assert.equal(citationLabel(cited as Source).split(" › ")[0], "Boy Scouts Handbook (1911)");
      assert.equal(NOTE.exec(text)?.[1], String(cited?.index), text);
      assert.ok(text.trimEnd().endsWith("may be out of date._"), "the line is under the answer");
      const tile = await (await fetch(`${s.base}/survival/first-aid`)).text();
      assert.ok(tileLabels(tile)[0]?.startsWith("Boy Scouts Handbook (1911) › "), tile.slice(0, 300));
      assert.match(tile, /Published in 1911, more than 50 years ago: first-aid advice in it may be out of date\./);
    } finally {
      await s.close();
      tmp.cleanup();
    }
  });

  it("the search API's citations carry the year", async () => {
    const tmp = tempDir();
    const app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, { "camping/Scouts.txt": SCOUTS }), null);
    try {
      await app.indexer.reconcile();
      const res = await createHttpApp(app.services).request("/api/search?q=tourniquet&k=2");
      const body = (await res.json()) as { results: Array<{ citation: { year: number | null } }> };
      assert.ok(body.results.length > 0 && body.results.every((d) => d.citation.year === 1911), JSON.stringify(body));
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });

  it("leaves a non-medical answer from the same book unmarked", async () => {
    const tmp = tempDir();
    const app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, { "camping/Scouts.txt": SCOUTS }), null);
    try {
      await app.indexer.reconcile();
      const a = await app.answerer.answer({ messages: [{ role: "user", content: "How do I signal with semaphore?" }] });
      assert.ok(
        a.sources.some((x) => x.year === 1911),
        a.text,
      );
      assert.doesNotMatch(a.text, /years old/);
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});

describe("old first-aid sources on the shipped library", () => {
  const shipped = shippedLibraryApp();

  it("puts the newer manual's lines before the 1911 handbook's, numbered again, and marks the handbook", async () => {
    const a = await shipped().answerer.answer({
      messages: [{ role: "user", content: "How do I treat a broken leg?" }],
    });
    const scouts = a.sources.find((x) => x.year === 1911);
    assert.ok(scouts, a.text);
    assert.ok(
      a.sources.some((x) => x.year === null || x.year === undefined),
      "a source of no known age answers too",
    );
    assert.ok(a.sources.findIndex((x) => x.year === 1911) > 0, "the old source is not source 1");
    const first = a.text.split("\n").find((l) => /\[\d+\]$/.test(l));
    assert.match(first ?? "", /\[1\]$/, "citations still start at [1]");
    assert.equal(NOTE.exec(a.text)?.[1], String(scouts.index));
  });

  it("does not put a newer source that is not about first aid before the old one that is", async () => {
    const a = await shipped().answerer.answer({ messages: [{ role: "user", content: "How do I treat a bruise?" }] });
    assert.equal(a.sources[0]?.year, 1911, a.text);
    assert.match(a.text, /^_Source 1 \(1911\) is more than 50 years old/m);
  });

  it("orders a generated answer's prompt sources newer first-aid first, and notes the old ones it cites", async () => {
    const app = shipped();
    const q = "How do I treat a broken leg?";
    const ranked = toSources(await app.retriever.search(q, { k: 8 }));
    const dated = datedRanked(q, ranked, app.documentMeta);
    const firstOld = dated.findIndex((x) => x.year === 1911);
    assert.ok(
      firstOld >= 0 && ranked.findIndex((x) => x.year === 1911 || x.title.includes("1911")) < firstOld,
      "moved down",
    );
    assert.ok(dated.slice(0, firstOld).every((x) => x.tags.includes("first-aid") && x.year !== 1911));
    assert.deepEqual(
      dated.map((x) => x.index),
      dated.map((_, i) => i + 1),
    );
    const old = dated[firstOld] as Source;
    assert.equal(
      datedTail(q, dated, [1, old.index]),
      `\n\n_Source ${old.index} (1911) is more than 50 years old: medical advice in it may be out of date._`,
    );
    assert.equal(datedTail(q, dated, [1]), "", "no note when the answer cites no old source");
  });

  it("the first-aid tile leads with newer sources; the food tile shows the 1911 handbook's year", async () => {
    const http = createHttpApp(shipped().services);
    const labels = tileLabels(await (await http.request("/survival/first-aid")).text());
    assert.ok(labels.length > 3, labels.join("\n"));
    assert.ok(!labels[0]?.startsWith("Boy Scouts"), labels.join("\n"));
    const old = labels.map((l, i) => (/\((1911|1920)\)/.test(l) ? i : -1)).filter((i) => i >= 0);
    assert.ok(
      old.every((i, k) => i === labels.length - old.length + k),
      `old passages last: ${labels.join(" | ")}`,
    );
    const food = tileLabels(await (await http.request("/survival/food")).text());
    assert.ok(
      food.some((l) => l.startsWith("Boy Scouts Handbook (1911) › ")),
      food.join("\n"),
    );
  });
});

/** The passage labels of a survival category page, in order. */
function tileLabels(html: string): string[] {
  return [...html.matchAll(/<div class="where"><a href="[^"]*">([^<]*)<\/a><\/div>/g)].map((m) => m[1] ?? "");
}

describe("existing indexes get their years without a re-index", () => {
  it("reads the metadata of documents indexed before years were stored, and re-chunks nothing", async () => {
    const tmp = tempDir();
    const lib = makeLibrary(tmp.dir, { "camping/Boy Scouts Handbook 1911.txt": SCOUTS });
    const id = docIdOf("camping/Boy Scouts Handbook 1911.txt");
    let app = await openTestApp(tmp.dir, lib, null);
    await app.indexer.reconcile();
    const before = getDocument(app.db, id);
    assert.equal(before?.year, 1911);
    assert.equal(before?.metaVersion, METADATA_VERSION);
    // What an index from before migration 0007 looks like once migrated: no year, metadata version 0.
    app.db.$client
      .prepare("UPDATE documents SET year = NULL, publisher = NULL, language = NULL, meta_version = 0")
      .run();
    const chunks = await app.store.count();
    await app.close();
    app = await openTestApp(tmp.dir, lib, null);
    try {
      await app.indexer.reconcile();
      const after = getDocument(app.db, id);
      assert.equal(after?.year, 1911);
      assert.equal(after?.metaVersion, METADATA_VERSION);
      assert.equal(after?.indexedAt, before?.indexedAt, "not indexed again");
      assert.equal(after?.size, before?.size);
      assert.equal(await app.store.count(), chunks);
      const labels = await app.answerer.answer({ messages: [{ role: "user", content: "How do I treat sunstroke?" }] });
      assert.ok(labels.sources.every((x) => x.year === 1911));
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});

describe("the document metadata lookup", () => {
  it("reads a database from before migration 0007 (a read-only copy) as undated instead of failing", () => {
    const sqlite = new Database(":memory:");
    sqlite.exec("CREATE TABLE documents (id text PRIMARY KEY, title text, author text)");
    sqlite.prepare("INSERT INTO documents VALUES (?, ?, ?)").run("0123456789abcdef", "Walden", "Henry David Thoreau");
    const lookup = documentMetaLookup(drizzle(sqlite, { schema }) as StateDb);
    assert.deepEqual(lookup("0123456789abcdef"), {
      title: "Walden",
      author: "Henry David Thoreau",
      year: null,
      publisher: null,
      language: null,
    });
    assert.equal(lookup("0123456789abcdef.42")?.title, "Walden", "a ZIM article id reads its archive's row");
    assert.equal(lookup("fedcba9876543210"), undefined);
    sqlite.close();
  });
});

describe("datedExtractive on real answer lines", () => {
  it("keeps step numbers counting 1…N when blocks move", () => {
    const src = (index: number, year: number | null): Source => ({
      index,
      docId: `d${index}`,
      url: "",
      title: `T${index}`,
      author: null,
      year,
      chapter: "",
      path: "",
      collection: "",
      start: 0,
      end: 0,
      page: null,
      time: null,
      snippet: "",
      score: 0,
      tags: ["first-aid"],
      text: "",
      leadIn: null,
    });
    const lines = [
      { source: 1, text: "1. Loosen the tourniquet after an hour.", kind: "item" as const, score: 1 },
      { source: 2, text: "2. Apply direct pressure.", kind: "item" as const, score: 1 },
    ];
    const out = datedExtractive(
      "How do I stop bleeding?",
      lines,
      [src(1, 1911), src(2, null)],
      undefined,
      new Date("2026-01-01"),
    );
    assert.deepEqual(
      out.lines.map((l) => [l.source, l.text]),
      [
        [1, "1. Apply direct pressure."],
        [2, "2. Loosen the tourniquet after an hour."],
      ],
    );
    assert.deepEqual(
      out.sources.map((x) => x.docId),
      ["d2", "d1"],
    );
    assert.equal(out.note, "_Source 2 (1911) is more than 50 years old: medical advice in it may be out of date._");
  });
});
