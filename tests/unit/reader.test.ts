import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ReaderText } from "../../src/ingest/reader-text.js";
import { packReaderText, unpackReaderText } from "../../src/ingest/reader-text.js";
import type { Section } from "../../src/ingest/types.js";
import { blocksOf } from "../../src/reader/blocks.js";
import { chaptersOf, tocOf } from "../../src/reader/chapters.js";
import { readerPage } from "../../src/reader/page.js";

/** A document of `parts` top-level chapters, each with two subsections of `paragraphs` paragraphs. */
function book(parts: number, paragraphs: number, words = 40): ReaderText {
  let text = "";
  const sections: Section[] = [];
  const add = (headingPath: string[], body: string[]) => {
    const start = text.length === 0 ? 0 : text.length + 2;
    text += (text ? "\n\n" : "") + [headingPath.at(-1) ?? "", ...body].filter(Boolean).join("\n\n");
    sections.push({ headingPath, start, end: text.length });
  };
  for (let p = 1; p <= parts; p++)
    for (const sub of ["One", "Two"]) {
      const body = Array.from(
        { length: paragraphs },
        (_, i) => `Paragraph ${i} of ${p}.${sub}: ${"word ".repeat(words).trim()}`,
      );
      add([`Part ${p}`, `Section ${sub}`], body);
    }
  return { text, sections };
}

describe("reader pages (pure)", () => {
  it("keeps a short document on one page and splits a long one at its headings, tiling the text", () => {
    assert.equal(chaptersOf(book(3, 2)).length, 1);
    const doc = book(6, 60);
    const chapters = chaptersOf(doc, 40_000);
    assert.ok(chapters.length >= 6, `${chapters.length} chapters`);
    for (const [i, c] of chapters.entries()) {
      assert.equal(c.index, i);
      assert.ok(c.end > c.start);
      if (i > 0) assert.ok(c.start > (chapters[i - 1]?.end ?? 0), "chapters do not overlap");
      assert.ok(c.end - c.start <= 40_000, "no page is over the limit");
    }
    for (const s of doc.sections)
      assert.equal(
        chapters.filter((c) => c.start <= s.start && s.start < c.end).length,
        1,
        "every section is on one page",
      );
    assert.deepEqual(chapters[0]?.path.slice(0, 1), ["Part 1"]);
  });

  it("cuts a long headingless text at blank lines", () => {
    const text = Array.from({ length: 4000 }, (_, i) => `Line ${i} ${"x".repeat(80)}`).join("\n\n");
    const chapters = chaptersOf({ text, sections: [{ headingPath: [], start: 0, end: text.length }] });
    assert.ok(chapters.length > 2);
    for (const c of chapters.slice(1)) assert.equal(text.slice(c.start - 2, c.start), "\n\n");
  });

  it("splits the highlight out exactly by its offsets, across blocks", () => {
    const doc = book(2, 3, 5);
    const start = doc.text.indexOf("of 1.One") + 3;
    const end = doc.text.indexOf("Paragraph 1 of 1.Two") + 12;
    const [chapter] = chaptersOf(doc);
    const blocks = blocksOf(doc, chapter!, { start, end });
    const marked = blocks.flatMap((b) => b.parts.filter((p) => p.marked).map((p) => p.text));
    assert.equal(marked.join("\n\n"), doc.text.slice(start, end));
    assert.ok(
      blocks.some((b) => b.kind === "heading" && b.level === 3),
      "subsection headings are h3",
    );
    for (const b of blocks) assert.equal(b.parts.map((p) => p.text).join(""), doc.text.slice(b.start, b.end));
  });

  it("opens the cited chapter and ignores offsets outside the text", () => {
    const doc = book(6, 60);
    const at = doc.text.indexOf("of 5.One");
    const page = readerPage(doc, "Book", { start: at, end: at + 6 });
    assert.match(page.chapter.title, /Part 5/);
    assert.ok(page.prev && page.next);
    const bad = readerPage(doc, "Book", { start: 10, end: doc.text.length + 5 });
    assert.equal(bad.highlight, null);
    assert.equal(bad.chapter.index, 0);
    assert.deepEqual(
      tocOf(doc)
        .slice(0, 2)
        .map((t) => [t.title, t.depth]),
      [
        ["Section One", 2],
        ["Section Two", 2],
      ],
    );
  });

  it("packs and unpacks the reader text losslessly", () => {
    const doc = book(3, 4);
    const packed = packReaderText(doc);
    assert.ok(packed.byteLength < doc.text.length / 2, "deflated");
    assert.deepEqual(unpackReaderText(packed), doc);
  });
});
