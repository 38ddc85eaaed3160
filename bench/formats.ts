/**
 * Format throughput for `npm run bench`: PDF pages/s on the real PDF.js demo
 * paper, and a ZIM archive of generated articles (100,000 by default, built
 * once with zimwriterfs and kept in the temp folder) indexed with no models:
 * articles/s, chunks, and the peak RSS while indexing, sampled every 100 ms.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Almanac } from "../src/app/almanac.js";
import { loadConfig } from "../src/config.js";
import { percentile } from "../src/eval/metrics.js";
import { DEFAULT_PARSE_LIMITS } from "../src/ingest/limits.js";
import { formatOf, parseBytes } from "../src/ingest/parse.js";
import { createLogger } from "../src/log.js";
import { illustrationPng } from "../tests/fixtures/zim-build.js";
import type { BenchReport } from "./report.js";

const TRACEMONKEY = join("..", "shared", "corpus", "pdf", "pdfjs-tracemonkey.pdf");
const WORDS =
  "water fire shelter knot rope bark tinder spark boil filter stone river forest map compass north star signal mirror wound bandage splint fever cold heat ration salt grain bean root leaf seed trap snare fish hook net smoke ash clay pot lamp oil wick wax needle thread cloth wool hide tent tarp pole stake axe saw knife blade edge handle".split(
    " ",
  );

/** PDF pages parsed per second (text layer, layout, outline), over 5 runs. */
export async function pdfPagesPerSecond(report: BenchReport): Promise<void> {
  if (!existsSync(TRACEMONKEY)) return report.add("formats", "PDF parse", null, "pages/s", "no ../shared corpus");
  const bytes = readFileSync(TRACEMONKEY);
  const t0 = performance.now();
  let pages = 0;
  for (let i = 0; i < 5; i++) pages += (await parseBytes(bytes, "t.pdf", DEFAULT_PARSE_LIMITS)).pages?.length ?? 0;
  const s = (performance.now() - t0) / 1000;
  report.add("formats", "PDF parse (tracemonkey, 14 two-column pages)", pages / s, "pages/s");
}

/**
 * Parse throughput per format, MB of file per second, over 3 passes: the
 * starter library (EPUB, Markdown, text) and the real PDF, after one untimed
 * pass that loads the parsers (a worker pays that once, on its first document).
 */
export async function parseMbPerSecond(report: BenchReport): Promise<void> {
  const files = readdirSync("library", { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && formatOf(e.name))
    .map((e) => join(e.parentPath, e.name));
  if (existsSync(TRACEMONKEY)) files.push(TRACEMONKEY);
  for (const path of files) await parseBytes(readFileSync(path), path, DEFAULT_PARSE_LIMITS);
  const totals = new Map<string, { bytes: number; ms: number }>();
  for (const path of files) {
    const bytes = readFileSync(path);
    const format = formatOf(path) as string;
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) await parseBytes(bytes, path, DEFAULT_PARSE_LIMITS);
    const total = totals.get(format) ?? { bytes: 0, ms: 0 };
    totals.set(format, { bytes: total.bytes + 3 * bytes.length, ms: total.ms + performance.now() - t0 });
  }
  for (const [format, t] of totals) report.add("formats", `parse ${format}`, t.bytes / 2 ** 20 / (t.ms / 1000), "MB/s");
}

/** A ZIM of `count` generated articles (three sections, ~2.5 KB of text each), built once. */
function generatedZim(count: number): string {
  const out = join(tmpdir(), `almanac-bench-${count}.zim`);
  if (existsSync(out)) return out;
  const src = mkdtempSync(join(tmpdir(), "almanac-zimgen-"));
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const sentence = (n: number) =>
    `${Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ")}.`;
  mkdirSync(join(src, "a"));
  for (let i = 0; i < count; i++) {
    let body = "";
    for (let h = 0; h < 3; h++) {
      body += `<h2>Part ${h} ${WORDS[(i + h) % WORDS.length]}</h2>`;
      for (let p = 0; p < 2; p++) body += `<p>${sentence(40)} ${sentence(30)}</p>`;
    }
    writeFileSync(
      join(src, "a", `${i}.html`),
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Article ${i}</title></head><body><h1>Article ${i}</h1>${body}</body></html>`,
    );
  }
  packZim(src, out, "Generated", false);
  return out;
}

/**
 * Packs the HTML folder `src` (articles under `a/`, `a/0.html` the welcome
 * page) into the ZIM `out` with zimwriterfs, an illustration added, then removes `src`.
 * @param fullText - build the Xapian full-text index (what kiwix-serve searches).
 * @throws Error when zimwriterfs fails or is not installed.
 */
export function packZim(src: string, out: string, title: string, fullText: boolean): void {
  writeFileSync(join(src, "illustration.png"), illustrationPng());
  execFileSync("zimwriterfs", [
    "--welcome=a/0.html",
    "--illustration=illustration.png",
    "--language=eng",
    `--title=${title}`,
    "--description=bench",
    "--creator=bench",
    "--publisher=bench",
    ...(fullText ? [] : ["--withoutFTIndex"]),
    src,
    out,
  ]);
  rmSync(src, { recursive: true, force: true });
}

/** Indexes a generated ZIM with no models and reports articles/s and peak RSS. */
export async function zimScale(report: BenchReport, count: number): Promise<void> {
  const section = `ZIM, ${count.toLocaleString("en")} generated articles`;
  try {
    execFileSync("zimwriterfs", ["--version"], { stdio: "ignore" });
  } catch {
    return report.add(section, "index", null, "articles/s", "zimwriterfs not installed: apt-get install zim-tools");
  }
  const zim = generatedZim(count);
  const root = mkdtempSync(join(tmpdir(), "almanac-bench-zim-"));
  const lib = join(root, "library");
  mkdirSync(join(lib, "wiki"), { recursive: true });
  execFileSync("ln", [zim, join(lib, "wiki", "generated.zim")]);
  const config = loadConfig(
    { libraryDir: lib, dataDir: join(root, "data"), modelsDir: join(root, "none"), logLevel: "silent" },
    {},
  );
  const app = await Almanac.open(config, createLogger("silent"));
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const t1 = performance.now();
  await app.indexer.reconcile();
  const seconds = (performance.now() - t1) / 1000;
  clearInterval(sampler);
  const status = await app.status();
  const searchMs: number[] = [];
  for (const q of ["boil water filter", "rope knot stake", "wound bandage splint fever", "compass north star"]) {
    const t = performance.now();
    await app.retriever.search(q, { k: 10 });
    searchMs.push(performance.now() - t);
  }
  await app.close();
  rmSync(root, { recursive: true, force: true });
  report.add(
    section,
    "index, no models",
    count / seconds,
    "articles/s",
    `${status.chunks} chunks in ${seconds.toFixed(0)} s`,
  );
  report.add(section, "peak RSS while indexing", peak / 2 ** 20, "MiB");
  report.add(section, "BM25 search p50 (k=10)", percentile(searchMs, 50), "ms");
}
