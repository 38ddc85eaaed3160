import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DocumentBuilder, titleFromFileName } from "./document-builder.js";
import type { PageStart, ParsedDocument } from "./types.js";

const run = promisify(execFile);

/** Longest one page may take to render and recognise, ms. */
const PAGE_TIMEOUT_MS = 120_000;

let available: boolean | null = null;

/** Whether Debian's `poppler-utils` (`pdftoppm`) and `tesseract-ocr` (`tesseract`) are installed; checked once. */
export function ocrAvailable(): boolean {
  if (available === null) {
    try {
      execFileSync("pdftoppm", ["-v"], { stdio: "ignore" });
      execFileSync("tesseract", ["--version"], { stdio: "ignore" });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/**
 * Reads a scanned PDF with OCR: each page rendered to a 200 dpi greyscale PNG
 * by `pdftoppm`, then recognised by `tesseract` (English), page by page, in a
 * temporary folder removed afterwards. Paragraphs are tesseract's blank-line
 * separated blocks; every page starts a page mark with its physical number.
 *
 * Source: poppler `pdftoppm(1)`; Tesseract `tesseract(1)` (`stdout` output base).
 * @param onPage - called after each page with (done, total).
 * @throws Error when a tool fails or a page takes longer than 2 minutes.
 */
export async function ocrPdf(
  bytes: Uint8Array,
  path: string,
  pageCount: number,
  onPage?: (done: number, total: number) => void,
): Promise<ParsedDocument> {
  const dir = await mkdtemp(join(tmpdir(), "almanac-ocr-"));
  try {
    const pdf = join(dir, "in.pdf");
    await writeFile(pdf, bytes);
    const builder = new DocumentBuilder();
    const pages: PageStart[] = [];
    for (let n = 1; n <= pageCount; n++) {
      const base = join(dir, `p${n}`);
      await run(
        "pdftoppm",
        ["-r", "200", "-gray", "-png", "-f", String(n), "-l", String(n), "-singlefile", pdf, base],
        {
          timeout: PAGE_TIMEOUT_MS,
        },
      );
      const { stdout } = await run("tesseract", [`${base}.png`, "stdout", "-l", "eng", "quiet"], {
        timeout: PAGE_TIMEOUT_MS,
        maxBuffer: 16 * 2 ** 20,
      });
      await rm(`${base}.png`, { force: true });
      pages.push({ start: builder.nextOffset(), label: String(n) });
      for (const para of stdout.split(/\n\s*\n/))
        builder.block(para.replace(/-\n(?=\p{Ll})/gu, "").replace(/\n/g, " "));
      onPage?.(n, pageCount);
    }
    const doc = builder.build({
      title: titleFromFileName(path),
      author: null,
      format: "pdf",
      metadata: { pages: String(pageCount), ocr: "tesseract" },
    });
    doc.pages = pages.map((p) => ({ ...p, start: Math.min(p.start, doc.text.length) }));
    doc.warnings = ["text read by OCR (tesseract): expect recognition errors"];
    return doc;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
