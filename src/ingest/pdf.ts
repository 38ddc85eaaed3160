import { DocumentBuilder, titleFromFileName } from "./document-builder.js";
import { LimitError, type ParseLimits } from "./limits.js";
import {
  blocksOf,
  bodySizeOf,
  isRunning,
  type PdfLine,
  type PdfPageText,
  type PdfTextItem,
  readingOrder,
  runningLines,
} from "./pdf-layout.js";
import { pdfPublished } from "./published.js";
import type { PageStart, ParsedDocument } from "./types.js";

/** Most pages read from one PDF. */
export const MAX_PDF_PAGES = 5000;
/**
 * Characters pdf.js gives for glyphs whose font maps them to no Unicode text (C0 and C1 controls,
 * U+FFFD): dropped, as poppler's pdftotext drops them. In one PDF they were 64% of the text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const UNMAPPED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/g;

/** A text run with the characters of unmapped glyphs ({@link UNMAPPED}) dropped; tabs and line breaks stay. */
export function dropUnmapped(text: string): string {
  return text.replace(UNMAPPED, "");
}
/** Pages at a PDF's start read for an imprint statement ({@link pdfPublished}). */
const IMPRINT_PAGES = 3;

/** Thrown for a PDF whose pages are images without a text layer. */
export class ScannedPdfError extends Error {
  constructor(
    /** Pages in the PDF. */
    readonly pages: number,
    why = "OCR is off: set pdfOcr to true, with Debian's tesseract-ocr and poppler-utils installed, to read scans",
  ) {
    super(`scanned PDF: its ${pages} pages have no text layer. ${why}`);
    this.name = "ScannedPdfError";
  }
}

/** An annotation as pdf.js `getAnnotations()` gives it: a form field's widget carries its name and value. */
interface PdfjsAnnotation {
  subtype?: string;
  fieldType?: string;
  fieldName?: string;
  fieldValue?: unknown;
  checkBox?: boolean;
  radioButton?: boolean;
  exportValue?: string;
  buttonValue?: string;
}

interface PdfjsTextItem {
  str: string;
  transform: number[];
  width: number;
  hasEOL: boolean;
}

interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineNode[];
}

/** pdf.js, loaded on first use (the legacy build runs on Node 20). */
async function pdfjs() {
  return import("pdfjs-dist/legacy/build/pdf.mjs");
}

/**
 * Parses a PDF with Mozilla's pdf.js (`pdfjs-dist` legacy build): text page
 * by page from `getTextContent()`, in reading order ({@link readingOrder}:
 * lines rebuilt from positions, two-column pages read column by column),
 * running headers and footers dropped ({@link runningLines}), hyphenated line
 * ends joined, and paragraphs split at vertical gaps ({@link blocksOf}).
 * Chapters come from the PDF outline when it has one (each entry starts at
 * its destination page), else from headings set in larger type. Every page's
 * start is recorded with its printed label (`PageLabels`) or number.
 *
 * Source: PDF 32000-1:2008 §12.3.3 (document outline), §12.4.2 (page labels);
 * pdf.js API (`getTextContent`, `getOutline`, `getPageLabels`).
 *
 * Glyphs that map to no text are dropped ({@link UNMAPPED}); filled form
 * fields are read as `Name: value` lines at the end of their page. A page
 * with no text that paints a picture is a scanned page: when every page with
 * anything on it is one, the PDF is a scan; when some are, it is indexed with a warning.
 *
 * @throws LimitError over {@link MAX_PDF_PAGES} pages or `maxTextChars`;
 *   ScannedPdfError when no page has text and some hold pictures; Error for a PDF pdf.js cannot open,
 *   or one with neither text nor pictures.
 */
export async function parsePdf(bytes: Uint8Array, path: string, limits: ParseLimits): Promise<ParsedDocument> {
  const lib = await pdfjs();
  let doc: Awaited<ReturnType<typeof lib.getDocument>["promise"]>;
  try {
    doc = await lib.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (err) {
    throw new Error(`not a readable PDF (${(err as Error).message})`);
  }
  try {
    if (doc.numPages > MAX_PDF_PAGES)
      throw new LimitError(`PDF has ${doc.numPages} pages, over the limit of ${MAX_PDF_PAGES}`);
    const pages: PdfPageText[] = [];
    const forms: string[][] = [];
    let chars = 0;
    let textPages = 0;
    let imagePages = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const raw of content.items as PdfjsTextItem[]) {
        if (typeof raw.str !== "string") continue;
        const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = raw.transform;
        const str = dropUnmapped(raw.str);
        items.push({
          str,
          x: e - x0,
          y: f - y0,
          width: raw.width,
          size: Math.hypot(c, d) || Math.hypot(a, b),
          hasEOL: raw.hasEOL,
        });
        chars += str.length;
      }
      const fields = formFields((await page.getAnnotations().catch(() => [])) as PdfjsAnnotation[]);
      forms.push(fields);
      // A page is scanned when it has no text at all but a picture: a poster or a form has little text, not none.
      if (items.some((i) => /[\p{L}\p{N}]/u.test(i.str)) || fields.length > 0) textPages++;
      else if (await paintsImage(page, lib.OPS)) imagePages++;
      pages.push({ items, width: x1 - x0, height: y1 - y0 });
      page.cleanup();
      if (chars > limits.maxTextChars)
        throw new LimitError(`PDF text is over the limit of ${limits.maxTextChars} characters (maxTextChars)`);
    }
    if (textPages === 0) {
      if (imagePages > 0) throw new ScannedPdfError(doc.numPages);
      throw new Error(
        `the PDF's ${doc.numPages === 1 ? "page holds" : `${doc.numPages} pages hold`} no text and no pictures`,
      );
    }
    const lines: PdfLine[][] = pages.map(readingOrder);
    const running = runningLines(pages, lines);
    const kept = lines.map((ls, i) => ls.filter((l) => !isRunning(l, pages[i] as PdfPageText, running)));
    const body = bodySizeOf(kept.flat());
    const labels = ((await doc.getPageLabels().catch(() => null)) as string[] | null) ?? null;
    const chapters = await outlineStarts(doc);
    const meta = await doc.getMetadata().catch(() => null);
    const info = (meta?.info ?? {}) as Record<string, unknown>;

    const builder = new DocumentBuilder();
    const pageStarts: PageStart[] = [];
    // Heading levels by type size: the largest heading size is level 1.
    const headingSizes = [
      ...new Set(
        kept
          .flatMap((ls) => blocksOf(ls, body))
          .filter((b) => b.kind === "heading")
          .map((b) => Math.round(b.size)),
      ),
    ].sort((a, b) => b - a);
    // No Title in the document info: the first page's largest heading, else the file name.
    const firstHeading = blocksOf(kept[0] ?? [], body).find(
      (b) => b.kind === "heading" && Math.round(b.size) === headingSizes[0],
    )?.text;
    const title =
      typeof info.Title === "string" && info.Title.trim()
        ? info.Title.trim()
        : (firstHeading ?? titleFromFileName(path));
    kept.forEach((ls, i) => {
      for (const entry of chapters.get(i) ?? []) builder.setPath(entry);
      pageStarts.push({ start: builder.nextOffset(), label: labels?.[i] || String(i + 1) });
      for (const block of blocksOf(ls, body)) {
        // The title set as a heading on the first page is the book's title, not its first chapter.
        if (block.kind === "heading" && chapters.size === 0 && !(i === 0 && block.text === title))
          builder.heading(Math.min(6, headingSizes.indexOf(Math.round(block.size)) + 1), block.text);
        else builder.block(block.text);
      }
      for (const field of forms[i] ?? []) builder.block(field);
    });
    const author = typeof info.Author === "string" && info.Author.trim() ? info.Author.trim() : null;
    const parsed = builder.build({ title, author, format: "pdf", metadata: { pages: String(doc.numPages) } });
    if (imagePages > 0)
      parsed.warnings = [
        `${imagePages} of ${doc.numPages} pages are pictures with no text layer (scanned pages), and their words are not indexed`,
      ];
    // A book's imprint is on its title or copyright page, within the first pages.
    parsed.published = pdfPublished(info, parsed.text.slice(0, pageStarts[IMPRINT_PAGES]?.start));
    // A page whose text was all running matter starts where the next one does.
    return { ...parsed, pages: pageStarts.map((p) => ({ ...p, start: Math.min(p.start, parsed.text.length) })) };
  } finally {
    await doc.destroy();
  }
}

/**
 * A page's filled form fields as `Name: value` lines (AcroForm widgets, PDF 32000-1 §12.7): text and
 * choice fields with a value, checked boxes and chosen radio buttons. Empty and unchecked fields are left out.
 */
function formFields(annotations: readonly PdfjsAnnotation[]): string[] {
  const out: string[] = [];
  for (const a of annotations) {
    if (a.subtype !== "Widget" || !a.fieldName) continue;
    const name = a.fieldName.replace(/\s+/g, " ").trim();
    let value = "";
    if (a.fieldType === "Tx" || a.fieldType === "Ch")
      value = (Array.isArray(a.fieldValue) ? a.fieldValue.join(", ") : String(a.fieldValue ?? "")).trim();
    else if (a.fieldType === "Btn" && (a.checkBox || a.radioButton)) {
      const on = a.checkBox ? a.exportValue : a.buttonValue;
      if (on && a.fieldValue === on) value = on === "Off" ? "" : on;
    }
    if (value) out.push(`${name}: ${dropUnmapped(value)}`);
  }
  return out;
}

/** Whether a page paints a picture (an image XObject, an inline image or an image mask). */
async function paintsImage(
  page: { getOperatorList(): Promise<{ fnArray: number[] }> },
  ops: Record<string, number>,
): Promise<boolean> {
  const images = new Set([ops.paintImageXObject, ops.paintInlineImageXObject, ops.paintImageMaskXObject]);
  const list = await page.getOperatorList().catch(() => ({ fnArray: [] as number[] }));
  return list.fnArray.some((f) => images.has(f));
}

/** Outline entries by the 0-based page they start on, each as its full heading path. */
async function outlineStarts(doc: {
  getOutline(): Promise<OutlineNode[] | null>;
  getDestination(id: string): Promise<unknown[] | null>;
  getPageIndex(ref: unknown): Promise<number>;
}): Promise<Map<number, string[][]>> {
  const out = new Map<number, string[][]>();
  const outline = await doc.getOutline().catch(() => null);
  if (!outline) return out;
  const walk = async (nodes: OutlineNode[], path: string[], depth: number) => {
    if (depth > 6) return;
    for (const node of nodes) {
      const here = [...path, node.title.replace(/\s+/g, " ").trim()].filter(Boolean);
      try {
        const dest = typeof node.dest === "string" ? await doc.getDestination(node.dest) : node.dest;
        const ref = dest?.[0];
        const index = typeof ref === "number" ? ref : ref ? await doc.getPageIndex(ref) : -1;
        if (index >= 0) out.set(index, [...(out.get(index) ?? []), here]);
      } catch {
        // An outline entry whose destination cannot be resolved is left out.
      }
      await walk(node.items ?? [], here, depth + 1);
    }
  };
  await walk(outline, [], 0);
  return out;
}
