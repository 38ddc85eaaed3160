import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { PDFDocument } from "pdf-lib";
import type { Almanac } from "../../src/app/almanac.js";
import { citationLabel } from "../../src/generate/sources.js";
import { createHttpApp } from "../../src/http/server.js";
import { DEFAULT_PARSE_LIMITS } from "../../src/ingest/limits.js";
import { ocrAvailable } from "../../src/ingest/ocr.js";
import { parseBytes } from "../../src/ingest/parse.js";
import { getDocumentText } from "../../src/state/document-texts.js";
import { listDocuments } from "../../src/state/documents.js";
import { buildBookPdf, pageSentence } from "../fixtures/pdf-build.js";
import { makeLibrary, openTestApp, tempDir } from "../helpers.js";

const CORPUS = join("..", "shared", "corpus");
const TRACEMONKEY = join(CORPUS, "pdf", "pdfjs-tracemonkey.pdf");
const FUZZED = ["pdfjs-GHOSTSCRIPT-698804-1-fuzzed.pdf", "pdfjs-PDFBOX-3148-2-fuzzed.pdf"].map((f) =>
  join(CORPUS, "negative", f),
);
const NO_CORPUS = !existsSync(TRACEMONKEY) ? "no ../shared corpus" : false;

describe("PDF books", { skip: NO_CORPUS }, () => {
  it("parses the two-column TraceMonkey paper into sections and pages, in reading order", async () => {
    const doc = await parseBytes(readFileSync(TRACEMONKEY), "papers/tracemonkey.pdf");
    assert.equal(doc.format, "pdf");
    assert.equal(doc.title, "Trace-based Just-in-Time Type Specialization for Dynamic Languages");
    assert.equal(doc.pages?.length, 14);
    assert.deepEqual(
      doc.pages?.map((p) => p.label),
      Array.from({ length: 14 }, (_, i) => String(i + 1)),
    );
    for (let i = 1; i < 14; i++) assert.ok((doc.pages?.[i]?.start ?? 0) > (doc.pages?.[i - 1]?.start ?? 0));
    assert.ok(
      doc.sections.every((s) => s.headingPath[0] !== doc.title),
      "the title is not repeated as the first chapter of every citation",
    );
    const headings = doc.sections.map((s) => s.headingPath.at(-1));
    for (const h of ["Abstract", "1. Introduction", "3. Trace Trees", "9. Conclusions"])
      assert.ok(headings.includes(h), h);
    // Left column then right: this sentence runs across a line break in the left column and must be whole.
    assert.match(
      doc.text,
      /Dynamic languages such as JavaScript, Python, and Ruby, are popular since they are expressive, accessible to non-experts/,
    );
  });

  it("fails fuzzed PDFs with a reason, or reads only the form field one of them still holds", async () => {
    for (const f of FUZZED) {
      if (!f.includes("PDFBOX-3148")) await assert.rejects(parseBytes(readFileSync(f), f), /PDF/);
      // Its pages hold no text a reader shows, but a filled multi-line field (pdftotext prints nothing).
      else assert.equal((await parseBytes(readFileSync(f), f)).text, "multiline: 1\n2\n3\n4");
    }
  });
});

describe("PDF end to end", { skip: NO_CORPUS }, () => {
  const tmp = tempDir();
  let app: Almanac;
  before(async () => {
    app = await openTestApp(
      tmp.dir,
      makeLibrary(tmp.dir, { "papers/tracemonkey.pdf": TRACEMONKEY, "papers/fuzzed.pdf": FUZZED[0] as string }),
      null,
    );
    await app.indexer.reconcile();
  });
  after(async () => {
    await app?.close();
    tmp.cleanup();
  });

  it("indexes in a worker, finds a known sentence, and opens it highlighted with its page marked", async () => {
    const docs = listDocuments(app.db);
    const paper = docs.find((d) => d.path === "papers/tracemonkey.pdf");
    assert.equal(paper?.status, "indexed");
    assert.equal(docs.find((d) => d.path === "papers/fuzzed.pdf")?.status, "failed");
    const hits = await app.retriever.search("trace tree nested loops type-unstable", { k: 3 });
    assert.equal(hits[0]?.chunk.path, "papers/tracemonkey.pdf");
    const c = hits[0]!.chunk;
    const res = await createHttpApp(app.services).request(
      `/read/${c.doc_id}?start=${c.start_offset}&end=${c.end_offset}`,
    );
    const html = await res.text();
    assert.match(html, /<mark id="passage">/);
    assert.match(html, /— page \d+ —/);
    const file = /href="(\/read\/[0-9a-f]{16}\/file)#page=(\d+)"/.exec(html);
    assert.ok(file, "links the PDF itself at the page");
    const pdf = await createHttpApp(app.services).request(file[1] as string);
    assert.equal(pdf.headers.get("content-type"), "application/pdf");
    assert.match(pdf.headers.get("content-security-policy") ?? "", /sandbox/);
    assert.deepEqual(Buffer.from(await pdf.arrayBuffer()), readFileSync(TRACEMONKEY), "exactly the book's file");
    const fuzzed = listDocuments(app.db).find((d) => d.path === "papers/fuzzed.pdf");
    assert.equal(
      (await createHttpApp(app.services).request(`/read/${fuzzed?.id}/file`)).status,
      404,
      "only indexed PDFs",
    );
  });

  it("cites the page a passage starts on, in the API and in answers", async () => {
    const text = getDocumentText(
      app.db,
      listDocuments(app.db).find((d) => d.format === "pdf" && d.status === "indexed")!.id,
    );
    const pages = text?.pages ?? [];
    const res = await createHttpApp(app.services).request("/api/search?q=trace+tree+nested+loops&k=5");
    const body = (await res.json()) as { results: Array<{ citation: { start: number; page: string | null } }> };
    assert.ok(body.results.length > 0);
    for (const r of body.results) {
      const expected = pages.filter((p) => p.start <= r.citation.start).at(-1)?.label ?? null;
      assert.equal(r.citation.page, expected);
    }
    assert.ok(
      body.results.some((r) => r.citation.page !== "1"),
      "not every passage is on the first page",
    );
    const answer = await app.answerer.answer({
      messages: [{ role: "user", content: "How are nested trace trees formed?" }],
    });
    const cited = answer.sources.find((s) => s.path === "papers/tracemonkey.pdf");
    assert.ok(cited?.page, "the answer's PDF source has a page");
    assert.match(citationLabel(cited), /\(p\. \d+\)$/);
  });
});

describe("generated PDFs: a 300-page book with an outline and page labels", () => {
  it("cites the printed page, chapters come from the outline, and the front matter is numbered in roman", async () => {
    const chapters = Array.from({ length: 10 }, (_, i) => ({ title: `Chapter ${i + 1}: Skill ${i + 1}`, pages: 29 }));
    const bytes = Buffer.from(await buildBookPdf(10, chapters));
    const doc = await parseBytes(bytes, "long.pdf");
    assert.equal(doc.pages?.length, 300);
    assert.equal(doc.pages?.[0]?.label, "i");
    assert.equal(doc.pages?.[9]?.label, "x");
    assert.equal(doc.pages?.[10]?.label, "1");
    assert.equal(doc.pages?.[299]?.label, "290");
    const titles = [...new Set(doc.sections.map((s) => s.headingPath.join(" › ")))];
    assert.deepEqual(
      titles.slice(-10),
      chapters.map((c) => c.title),
    );
    // Body page 150 is in chapter 6 (pages 146–174) and labelled "150".
    const at = doc.text.indexOf(pageSentence(150));
    assert.ok(at > 0);
    const page = doc.pages?.filter((p) => p.start <= at).at(-1);
    assert.equal(page?.label, "150");
    const section = doc.sections.find((s) => s.start <= at && at < s.end);
    assert.equal(section?.headingPath.join(" › "), "Chapter 6: Skill 6");
  });
});

describe("scanned PDFs", () => {
  /** A two-page scan: the generated book's pages rendered to images by pdftoppm and put back in a PDF with no text layer. */
  async function scannedPdf(dir: string): Promise<Buffer> {
    const text = join(dir, "text.pdf");
    writeFileSync(text, await buildBookPdf(0, [{ title: "Chapter 1: Fire", pages: 2 }]));
    execFileSync("pdftoppm", ["-r", "150", "-png", text, join(dir, "page")]);
    const scan = await PDFDocument.create();
    for (const name of readdirSync(dir)
      .filter((f) => f.endsWith(".png"))
      .sort()) {
      const png = await scan.embedPng(readFileSync(join(dir, name)));
      scan.addPage([png.width, png.height]).drawImage(png, { x: 0, y: 0, width: png.width, height: png.height });
    }
    return Buffer.from(await scan.save());
  }

  it("fails with a reason naming the setting while OCR is off, and reads the scan with OCR on", {
    skip: !ocrAvailable() && "tesseract-ocr and poppler-utils are not installed",
  }, async () => {
    const tmp = tempDir();
    try {
      const bytes = await scannedPdf(tmp.dir);
      await assert.rejects(
        parseBytes(bytes, "scan.pdf"),
        /scanned PDF: its 2 pages have no text layer\. OCR is off: set pdfOcr/,
      );
      const doc = await parseBytes(bytes, "scan.pdf", { ...DEFAULT_PARSE_LIMITS, pdfOcr: true });
      assert.equal(doc.pages?.length, 2);
      assert.match(doc.text, /keep the fire small and the smoke low on day 1/);
      const second = doc.pages?.[1]?.start ?? -1;
      assert.match(doc.text.slice(second), /day 2/);
      assert.match(doc.warnings?.[0] ?? "", /OCR/);
    } finally {
      tmp.cleanup();
    }
  });
});
