import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { DEFAULT_PARSE_LIMITS } from "../../src/ingest/limits.js";
import { dropUnmapped, parsePdf, ScannedPdfError } from "../../src/ingest/pdf.js";

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e5274a8b0000000049454e44ae426082",
  "hex",
);
const TRACEMONKEY = join("..", "shared", "corpus", "pdf", "pdfjs-tracemonkey.pdf");
const HAS_PDFTOTEXT = (() => {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const parse = (bytes: Uint8Array) => parsePdf(bytes, "test.pdf", DEFAULT_PARSE_LIMITS);

/** A one-page PDF drawn by `draw` with Helvetica. */
async function onePage(
  draw: (page: import("pdf-lib").PDFPage, font: import("pdf-lib").PDFFont) => void,
  size: [number, number] = [612, 792],
) {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  draw(pdf.addPage(size), font);
  return { pdf, bytes: await pdf.save() };
}

/** The share of pdftotext's words (Debian poppler-utils) that `text` holds, counted with repeats. */
function wordRecall(pdf: Uint8Array | string, text: string): number {
  const words = (t: string) => t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const dir = typeof pdf === "string" ? null : mkdtempSync(join(tmpdir(), "almanac-pdf-"));
  const file = dir ? join(dir, "t.pdf") : (pdf as string);
  if (dir) writeFileSync(file, pdf as Uint8Array);
  const theirs = words(execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString());
  if (dir) rmSync(dir, { recursive: true, force: true });
  const bag = new Map<string, number>();
  for (const w of words(text)) bag.set(w, (bag.get(w) ?? 0) + 1);
  let hit = 0;
  for (const w of theirs) {
    const n = bag.get(w) ?? 0;
    if (n > 0) {
      hit++;
      bag.set(w, n - 1);
    }
  }
  return theirs.length === 0 ? 1 : hit / theirs.length;
}

describe("PDFs as pdftotext reads them", () => {
  it("drops the control characters pdf.js gives for glyphs with no Unicode mapping, as poppler does", () => {
    assert.equal(dropUnmapped("\u0003\u0011Water\u0001 \ufffdfilter\u0085"), "Water filter");
    assert.equal(dropUnmapped("tab\tand\nline"), "tab\tand\nline");
  });

  it("indexes a poster with a few words, which is not a scan", async () => {
    const { bytes } = await onePage((page, font) => page.drawText("EXIT", { x: 200, y: 400, size: 96, font }));
    assert.match((await parse(bytes)).text, /EXIT/);
  });

  it("joins a letter-spaced title drawn glyph by glyph, and keeps its word break", async () => {
    const { bytes } = await onePage((page, font) => {
      let x = 60;
      for (const ch of "PROPERTY LINE") {
        page.drawText(ch, { x, y: 700, size: 14, font });
        x += font.widthOfTextAtSize(ch, 14) + 3;
      }
      page.drawText("Survey markers stand at each corner of the lot.", { x: 60, y: 660, size: 11, font });
    });
    const text = (await parse(bytes)).text;
    assert.match(text, /PROPERTY LINE/);
    assert.doesNotMatch(text, /P R O/);
  });

  it("keeps columns apart when the gutter is not at the page's middle", async () => {
    const { bytes } = await onePage((page, font) => {
      for (let n = 0; n < 24; n++) {
        page.drawText(`Left ${n} kindling`, { x: 40, y: 740 - n * 14, size: 10, font });
        page.drawText(`Right column line ${n} tells how to bank a fire for the night`, {
          x: 200,
          y: 740 - n * 14,
          size: 10,
          font,
        });
      }
    });
    const text = (await parse(bytes)).text;
    assert.ok(text.indexOf("Left 23 kindling") < text.indexOf("Right column line 0"), text.slice(0, 200));
    assert.match(text, /Right column line 0 tells how to bank a fire for the night Right column line 1/);
  });

  it("reads filled form fields with their names", async () => {
    const { pdf } = await onePage((page, font) =>
      page.drawText("Registration form", { x: 60, y: 740, size: 14, font }),
    );
    const form = pdf.getForm();
    const page = pdf.getPage(0);
    const name = form.createTextField("Household name");
    name.setText("Okafor family");
    name.addToPage(page, { x: 60, y: 600, width: 200, height: 20 });
    const water = form.createCheckBox("Has water filter");
    water.addToPage(page, { x: 60, y: 560, width: 12, height: 12 });
    water.check();
    form.createCheckBox("Has generator").addToPage(page, { x: 60, y: 540, width: 12, height: 12 });
    const text = (await parse(await pdf.save())).text;
    assert.match(text, /Household name: Okafor family/);
    assert.match(text, /Has water filter: Yes/);
    assert.doesNotMatch(text, /Has generator/);
  });

  it("calls a PDF scanned only when no page has text, and warns of the pages that are pictures", async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const png = await pdf.embedPng(PNG);
    pdf.addPage([400, 400]).drawImage(png, { x: 0, y: 0, width: 400, height: 400 });
    await assert.rejects(parse(await pdf.save()), ScannedPdfError);
    pdf.addPage([400, 400]).drawText("Page two has words.", { x: 40, y: 300, size: 12, font });
    const doc = await parse(await pdf.save());
    assert.match(doc.text, /Page two has words\./);
    assert.match(doc.warnings?.join(" ") ?? "", /1 of 2 pages are pictures with no text layer/);
  });

  it("holds at least 0.9 of pdftotext's words, on the generated PDFs and a real paper", {
    skip: !HAS_PDFTOTEXT,
  }, async () => {
    const { bytes } = await onePage((page, font) => {
      for (let n = 0; n < 24; n++)
        page.drawText(`Line ${n}: boil water one full minute`, { x: 40, y: 740 - n * 14, size: 10, font });
    });
    assert.ok(wordRecall(bytes, (await parse(bytes)).text) >= 0.9);
    if (existsSync(TRACEMONKEY)) {
      const text = (await parse(readFileSync(TRACEMONKEY))).text;
      assert.ok(wordRecall(TRACEMONKEY, text) >= 0.95);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is that there are none
      assert.doesNotMatch(text, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    }
  });
});
