import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { categorise } from "../../src/ingest/categories.js";
import { chunkDocument, estimateTokens } from "../../src/ingest/chunker.js";
import { decodeText } from "../../src/ingest/decode.js";
import { titleFromFileName } from "../../src/ingest/document-builder.js";
import { parseNavDocument } from "../../src/ingest/epub.js";
import { htmlToItems } from "../../src/ingest/html-text.js";
import { parseMarkdown } from "../../src/ingest/markdown.js";
import { parseFile } from "../../src/ingest/parse.js";
import { parseText, stripGutenberg } from "../../src/ingest/text.js";
import { type TextUnit, textUnits } from "../../src/ingest/units.js";
import { BOOKS, BROKEN_EPUB } from "../helpers.js";

describe("EPUB", () => {
  it("EPUB 3: follows the spine, titles chapters from the nav document, records spine positions", async () => {
    const doc = await parseFile(join(BOOKS, "alice-epub3.epub"));
    assert.equal(doc.title, "Alice's Adventures in Wonderland");
    assert.equal(doc.author, "Lewis Carroll");
    const rabbit = doc.sections.find((s) => s.headingPath.join(" ") === "Down The Rabbit-Hole");
    assert.ok(rabbit, `chapter titles: ${doc.sections.map((s) => s.headingPath.join(" › ")).join(" | ")}`);
    assert.equal(rabbit.spineIndex, 3);
    assert.match(doc.text.slice(rabbit.start, rabbit.end), /Alice was beginning to get very tired/);
    const spines = doc.sections.map((s) => s.spineIndex ?? -1);
    assert.deepEqual(
      spines,
      [...spines].sort((a, b) => a - b),
      "sections follow spine order",
    );
  });

  it("EPUB 2 with the whole book in one spine file: TOC fragments split it into chapters", async () => {
    const doc = await parseFile(join(BOOKS, "alice-epub2-single-spine.epub"));
    const chapters = doc.sections.filter((s) => /POOL OF TEARS/.test(s.headingPath.join(" ")));
    assert.equal(chapters.length, 1);
    assert.equal(chapters[0]?.spineIndex, 0);
    assert.match(doc.text.slice(chapters[0]!.start, chapters[0]!.end), /Curiouser and curiouser/);
    assert.ok(doc.sections.length >= 10, "one section per TOC entry");
  });

  it("a corrupt EPUB throws an error that names the problem", async () => {
    await assert.rejects(parseFile(BROKEN_EPUB), /XML|parse|pars/i);
  });

  it("reads an EPUB 3 nav document with nested lists and relative hrefs", () => {
    const nav = `<html xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>
      <li><a href="text/ch1.xhtml">One</a><ol><li><a href="text/ch1.xhtml#s2">One, part two</a></li></ol></li>
      <li><a href="text/ch2.xhtml">Two</a></li></ol></nav></body></html>`;
    assert.deepEqual(parseNavDocument(nav, "epub/toc.xhtml"), [
      { title: "One", level: 0, file: "epub/text/ch1.xhtml", fragment: null },
      { title: "One, part two", level: 1, file: "epub/text/ch1.xhtml", fragment: "s2" },
      { title: "Two", level: 0, file: "epub/text/ch2.xhtml", fragment: null },
    ]);
  });

  it("turns XHTML into text with a real parser: entities, tables, scripts", () => {
    const items = htmlToItems(
      `<h2 id="c1">Fire &amp; Heat</h2><p>Keep <em>dry</em>&nbsp;tinder.<script>alert(1)</script></p><table><tr><th>Fuel</th><th>Use</th></tr><tr><td>Birch</td><td>tinder</td></tr></table>`,
    );
    assert.deepEqual(
      items.map((i) => [i.kind, i.text]),
      [
        ["heading", "Fire & Heat"],
        ["block", "Keep dry tinder."],
        ["block", "Fuel | Use"],
        ["block", "Birch | tinder"],
      ],
    );
    assert.deepEqual(items[0]?.ids, ["c1"]);
  });
});

describe("Markdown", () => {
  it("builds heading paths, drops HTML comments, keeps tables readable", () => {
    const md =
      "<!-- K: water -->\n# Water\n\nIntro.\n\n## Purification\n\nBoil it.\n\n| Method | Time |\n|---|---|\n| Boil | 1 min |\n\n## Sources\n\nRain.";
    const doc = parseMarkdown(Buffer.from(md), "/lib/water.md");
    assert.equal(doc.title, "Water");
    assert.deepEqual(
      doc.sections.map((s) => s.headingPath.join(" › ")),
      ["Water", "Water › Purification", "Water › Sources"],
    );
    assert.match(doc.text, /Method \| Time\nBoil \| 1 min/);
    assert.doesNotMatch(doc.text, /K: water/);
  });

  it("reads a manual's raw HTML table of list columns column by column, each under its header", () => {
    const doc = parseMarkdown(readFileSync("library/survival-manual/Fire.md"), "/lib/Fire.md");
    const tinder = doc.text.indexOf("Tinder:\n\n- Birch bark");
    const kindling = doc.text.indexOf("Kindling:\n\n- Small twigs");
    assert.ok(tinder > 0 && kindling > tinder, "Tinder column, then Kindling column");
    // Read row by row, the columns would interleave: bark next to twigs.
    assert.doesNotMatch(doc.text.slice(tinder, kindling), /Small twigs/);
    assert.match(doc.text, /Tinder:\n\n- Punk[\s\S]*- Cotton\n\nFuel:\n\n- Peat/);
  });

  it("makes a bullet that only titles a sub-list into the sub-list's lead-in", () => {
    const md = "Materials:\n\n- **Tinder**\n  - Birch bark\n  - Lint\n- Kindling\n  - Twigs\n- Dry the wood first.\n";
    const doc = parseMarkdown(Buffer.from(md), "/x.md");
    assert.match(doc.text, /Tinder:\n- Birch bark\n- Lint\nKindling:\n- Twigs\n- Dry the wood first\./);
  });

  it("treats same-level headings as siblings even when the first heading is ###", () => {
    const doc = parseMarkdown(Buffer.from("### A\n\ntext a\n\n### B\n\ntext b\n\n#### B1\n\nx"), "/x.md");
    assert.deepEqual(
      doc.sections.map((s) => s.headingPath),
      [["A"], ["B"], ["B", "B1"]],
    );
  });

  it("turns YAML front matter into metadata and tags", async () => {
    const doc = await parseFile(join(BOOKS, "nwr.md"));
    assert.equal(doc.title, "NOAA Weather Radio: Frequency Reference");
    assert.ok(doc.tags.includes("weather") && doc.tags.includes("radio"), `tags: ${doc.tags}`);
    assert.match(doc.text, /WX1 \| 162\.400/);
  });
});

describe("plain text", () => {
  it("decodes ISO-8859-1 with CRLF and strips the Gutenberg header and footer", () => {
    const doc = parseText(readFileSync(join(BOOKS, "walton-complete-angler-latin1-crlf.txt")), "/x.txt");
    assert.equal(doc.title, "The Complete Angler, 1653");
    assert.equal(doc.author, "Isaak Walton");
    assert.equal(doc.metadata.encoding, "windows-1252");
    assert.doesNotMatch(doc.text, /\r/);
    assert.doesNotMatch(doc.text, /START OF THIS PROJECT GUTENBERG|Project Gutenberg License/);
    assert.doesNotMatch(doc.text, /\uFFFD/, "no replacement characters");
  });

  it("detects UTF-16 by BOM and UTF-8 without one", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Purify water — boil it.", "utf16le")]);
    assert.deepEqual(decodeText(le), { text: "Purify water — boil it.", encoding: "utf-16le" });
    assert.equal(decodeText(Buffer.from("café\r\nnext")).text, "café\nnext");
  });

  it("recognises chapter headings but not table-of-contents lines", () => {
    const body =
      "CONTENTS\n\nCHAPTER I 1\n\nCHAPTER II 9\n\nChapter I\n\n  CAMP FIRES\n\nMake the fire small.\n\nChapter II\n\n  SHELTER\n\nBuild a lean-to.";
    const doc = parseText(Buffer.from(body), "/x.txt");
    assert.deepEqual(
      doc.sections.filter((s) => s.headingPath.length).map((s) => s.headingPath[0]),
      ["Chapter I — CAMP FIRES", "Chapter II — SHELTER"],
    );
  });

  it("keeps the text between the markers only", () => {
    const { body } = stripGutenberg(
      "Title: X\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\nbody\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\nlicence",
    );
    assert.equal(body.trim(), "body");
  });
});

describe("chunker", () => {
  const text = readFileSync(join(BOOKS, "Water.md"));
  const doc = parseMarkdown(text, "/Water.md");
  const chunks = chunkDocument(doc.text, doc.sections, {
    maxTokens: 120,
    overlapTokens: 30,
    countTokens: estimateTokens,
  });

  it("records exact offsets into the normalised text", () => {
    for (const c of chunks) assert.equal(doc.text.slice(c.start, c.end), c.text);
  });

  it("splits a sentence of 5,000 words at word boundaries with a few tokenizations per piece, not one per word", () => {
    const text = Array.from({ length: 5000 }, (_, i) => `word${i % 97}`).join(" ");
    let counts = 0;
    const countTokens = (t: string) => {
      counts++;
      return estimateTokens(t);
    };
    const chunks = chunkDocument(text, [{ start: 0, end: text.length, headingPath: [] }], {
      maxTokens: 64,
      overlapTokens: 8,
      countTokens,
    });
    assert.ok(chunks.length > 50);
    for (const c of chunks) {
      assert.ok(estimateTokens(text.slice(c.start, c.end)) <= 64);
      assert.match(text.slice(c.start, c.end), /^word\d+( word\d+)*$/, "starts and ends at word boundaries");
    }
    // One count per word would be over 5,000; galloping then bisecting is about 2·log2(words per piece) per piece.
    assert.ok(counts < 2500, `${counts} token counts`);
  });

  it("stays within the token budget and never spans two sections", () => {
    for (const c of chunks) {
      assert.ok(estimateTokens(c.text) <= 120 + 8, `chunk ${c.index} has ${estimateTokens(c.text)} tokens`);
      const section = doc.sections.find((s) => c.start >= s.start && c.end <= s.end);
      assert.ok(section, `chunk ${c.index} crosses a section boundary`);
      assert.deepEqual(section.headingPath, c.headingPath);
    }
  });

  it("ends chunks at sentence ends and overlaps consecutive chunks", () => {
    const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
    for (const c of chunks) {
      const paraStart = doc.text.lastIndexOf("\n\n", c.end - 1) + 1;
      const paraEnd = doc.text.indexOf("\n\n", c.end - 1);
      const para = doc.text.slice(paraStart, paraEnd < 0 ? undefined : paraEnd);
      const ends = [...segmenter.segment(para)].map((seg) => paraStart + seg.index + seg.segment.trimEnd().length);
      assert.ok(ends.includes(c.end), `chunk ${c.index} ends mid-sentence: …${c.text.slice(-40)}`);
    }
    const overlapping = chunks.filter(
      (c, i) => i > 0 && chunks[i - 1]!.headingPath.join() === c.headingPath.join() && c.start < chunks[i - 1]!.end,
    );
    assert.ok(overlapping.length > 0, "consecutive chunks in a section overlap");
  });

  it("rejects an overlap that is not smaller than the budget", () => {
    assert.throws(
      () =>
        chunkDocument("a", [{ headingPath: [], start: 0, end: 1 }], {
          maxTokens: 10,
          overlapTokens: 10,
          countTokens: estimateTokens,
        }),
      RangeError,
    );
  });
});

/**
 * Lists and tables stay whole under their lead-in on real passages: FM 21-76's
 * water purification list as Markdown (library/) and as EPUB (the shared
 * corpus), and the field manual's fire-material table. The budget is small,
 * so each list must be split.
 */
describe("chunks keep lists with their lead-ins (real passages)", () => {
  const SHARED_FM_EPUB = resolve("../shared/corpus/epub/ligi-survival-manual_fm21-76_epub2.epub");

  function assertListKept(
    doc: { text: string; sections: Parameters<typeof chunkDocument>[1] },
    lead: string,
    maxTokens: number,
  ): void {
    const chunks = chunkDocument(doc.text, doc.sections, { maxTokens, overlapTokens: 10, countTokens: estimateTokens });
    for (const c of chunks) assert.equal(doc.text.slice(c.start, c.end), c.text);
    const units = textUnits(doc.text);
    const at = units.findIndex((u) => u.leadIn && doc.text.slice(u.start, u.end) === lead);
    assert.ok(at >= 0, `lead-in ${lead} found`);
    const items: TextUnit[] = [];
    for (let i = at + 1; units[i]?.kind === "item" || units[i]?.kind === "row"; i++) items.push(units[i] as TextUnit);
    const [first, last] = [items[0], items.at(-1)];
    assert.ok(first && last && items.length >= 4, "the list follows its lead-in");
    const holders = chunks.filter((c) => c.text.includes(lead));
    assert.ok(holders.length > 0);
    for (const c of holders) assert.ok(!c.text.trimEnd().endsWith(lead), `a chunk ends at the lead-in: ${c.text}`);
    const parts = chunks.filter((c) => c.end > first.start && c.start < last.end);
    assert.ok(parts.length >= 2, "the budget splits the list");
    for (const c of parts)
      if (!c.text.includes(lead)) assert.equal(c.leadIn, lead, `chunk ${c.index} carries the lead-in`);
    // Split between items only: every item that fits the budget lies whole in one chunk.
    for (const u of items.filter((u) => estimateTokens(doc.text.slice(u.start, u.end)) <= maxTokens))
      assert.ok(
        chunks.some((c) => c.start <= u.start && u.end <= c.end),
        `item split: ${doc.text.slice(u.start, u.end)}`,
      );
  }

  const PURIFY = "Purify water by the following methods:";

  it("the water chapter's purification methods, in Markdown", () => {
    assertListKept(parseMarkdown(readFileSync("library/survival-manual/Water.md"), "/lib/Water.md"), PURIFY, 100);
  });

  it("the same list inside an EPUB chapter", {
    skip: !existsSync(SHARED_FM_EPUB) && `${SHARED_FM_EPUB} is missing`,
  }, async () => {
    assertListKept(await parseFile(SHARED_FM_EPUB), PURIFY, 100);
  });

  it("a table in a Markdown file, under its lead-in", () => {
    // The field manual's raw HTML table of tinders, kindling and fuels.
    assertListKept(parseMarkdown(readFileSync("library/survival-manual/Fire.md"), "/lib/Fire.md"), "Tinder:", 30);
    // A GFM table: its rows are the list.
    const rows = ["Sea level | 1 minute", "1,000 m | 1 minute", "2,000 m | 3 minutes", "3,000 m | 3 minutes"];
    const md = `# Water\n\nBoil water for the time your altitude needs:\n\n| Altitude | Time |\n|---|---|\n${rows.map((r) => `| ${r} |`).join("\n")}\n\nLet it cool before drinking.`;
    assertListKept(parseMarkdown(Buffer.from(md), "/x.md"), "Boil water for the time your altitude needs:", 20);
  });
});

describe("survival categories", () => {
  it("tags water and fire passages, and leaves unrelated text alone", () => {
    assert.deepEqual(categorise("Boil water for one minute to purify it, or filter it through cloth.", []), ["water"]);
    assert.ok(categorise("Place tinder under the kindling and strike a spark.", ["Fire"]).includes("fire"));
    assert.deepEqual(categorise("The cat sat on the mat and looked at the moon.", []), []);
  });
});

describe("titles from file names", () => {
  it("a book with no title of its own is named from its file, camel case and hyphens read as words", async () => {
    for (const [file, title] of [
      ["RopesAndKnots.md", "Ropes And Knots"],
      ["first-aid.txt", "first aid"],
      ["Trail Sense - Water.md", "Trail Sense - Water"],
      ["FM21-76.txt", "FM21-76"],
      ["HTMLParser.md", "HTML Parser"],
      ["iPhone.md", "iPhone"],
      ["water_purification.md", "water purification"],
    ])
      assert.equal(titleFromFileName(`library/survival/${file}`), title, file);
    // What the reader and the citations show for a Markdown chapter that starts at ###.
    const md = new TextEncoder().encode("### TERMINOLOGY\n\nA bight is a simple bend of rope.\n");
    const doc = parseMarkdown(md, "survival/RopesAndKnots.md");
    assert.equal(doc.title, "Ropes And Knots");
  });
});
