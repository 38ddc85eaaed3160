import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { blocksOf, isTwoColumn, type PdfTextItem, readingOrder, runningLines } from "../../src/ingest/pdf-layout.js";

const item = (str: string, x: number, y: number, size = 10): PdfTextItem => ({
  str,
  x,
  y,
  width: str.length * size * 0.5,
  size,
  hasEOL: false,
});

describe("PDF layout (pure)", () => {
  it("reads a two-column page column by column, the title first", () => {
    const items: PdfTextItem[] = [item("A Title Across Both Columns", 200, 760, 18)];
    for (let row = 0; row < 15; row++) {
      items.push(item(`left ${row}`, 60, 700 - row * 12));
      items.push(item(`right ${row}`, 330, 700 - row * 12));
    }
    const page = { items, width: 612, height: 792 };
    assert.ok(isTwoColumn(page));
    const order = readingOrder(page).map((l) => l.text);
    assert.equal(order[0], "A Title Across Both Columns");
    assert.deepEqual(
      order.slice(1, 16),
      Array.from({ length: 15 }, (_, i) => `left ${i}`),
    );
    assert.deepEqual(
      order.slice(16),
      Array.from({ length: 15 }, (_, i) => `right ${i}`),
    );
  });

  it("joins hyphenated line ends, splits paragraphs at gaps, and finds larger type as headings", () => {
    const lines = [
      { text: "Water Treatment", x: 60, y: 700, size: 14 },
      { text: "Boil the infor-", x: 60, y: 680, size: 10 },
      { text: "mation well.", x: 60, y: 668, size: 10 },
      { text: "A second paragraph.", x: 60, y: 630, size: 10 },
    ];
    const blocks = blocksOf(lines, 10);
    assert.deepEqual(
      blocks.map((b) => [b.kind, b.text]),
      [
        ["heading", "Water Treatment"],
        ["paragraph", "Boil the information well."],
        ["paragraph", "A second paragraph."],
      ],
    );
  });

  it("drops a running header and page numbers that recur in the margins", () => {
    const pages = Array.from({ length: 4 }, (_, n) => ({
      items: [
        item("Field Manual 21-76", 60, 770),
        item(`Body text of page ${n}.`, 60, 400),
        item(String(n + 1), 300, 30),
      ],
      width: 612,
      height: 792,
    }));
    const lines = pages.map(readingOrder);
    const running = runningLines(pages, lines);
    assert.ok(running.has("field manual #-#"));
    assert.ok(running.has("#"));
    assert.ok(!running.has("body text of page #."));
  });
});
