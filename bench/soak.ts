/**
 * `npm run bench -- --soak [minutes]` (default 30): memory over a long run of
 * re-indexing. `almanac serve` runs as `npm start` runs it (MALLOC_ARENA_MAX=2,
 * `--max-semi-space-size=2`, no models) on the starter library plus nine
 * books of the shared corpus (its eight plain-text books and one Markdown
 * chapter, about 4 MB of text). Every minute each of
 * the nine is changed (a line appended), so all nine are indexed again, and
 * 20 searches are asked. RSS is sampled every 5 s (and its parts, from `/status`, logged each
 * minute); the report gives it at the
 * start, its peak, and its level over the last quarter of the run.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BenchReport } from "./report.js";
import { BENCH_QUERIES } from "./search-load.js";
import { spawnServe, stopServe, waitForStatus } from "./serve-process.js";
import { rssMb } from "./startup.js";

const CORPUS = join("..", "shared", "corpus");

/** Copies the nine books into `dir` and returns their paths there. */
function nineBooks(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const texts = readdirSync(join(CORPUS, "text")).filter((f) => f.endsWith(".txt"));
  const chapter = join(CORPUS, "markdown", "boston-cooking-school-cook-book", "14-CHAPTER-XI-FISH.md");
  const sources = [...texts.map((f) => join(CORPUS, "text", f)), chapter].slice(0, 9);
  return sources.map((src, i) => {
    const to = join(dir, `${i}-${src.split("/").pop()}`);
    cpSync(src, to);
    return to;
  });
}

/** Adds the soak's rows to `report`. */
export async function soakFigures(report: BenchReport, minutes: number): Promise<void> {
  const section = `soak: ${minutes} min of re-indexing nine books a minute, npm start's flags`;
  const dir = mkdtempSync(join(tmpdir(), "almanac-soak-"));
  cpSync(resolve("library"), join(dir, "library"), { recursive: true });
  const books = nineBooks(join(dir, "library", "soak"));
  const port = 18_479;
  const child = spawnServe(dir, port, { ALMANAC_API_KEY_RATE_PER_MINUTE: "0" });
  const base = `http://127.0.0.1:${port}`;
  const samples: Array<{ at: number; mb: number }> = [];
  try {
    await waitForStatus(base, (s) => !s.indexing.busy, 600_000, 500);
    const t0 = performance.now();
    const sample = setInterval(
      () => samples.push({ at: performance.now() - t0, mb: rssMb(child.pid as number) }),
      5000,
    );
    for (let minute = 0; minute < minutes; minute++) {
      const started = performance.now();
      for (const b of books) appendFileSync(b, `\n\nSoak note ${minute}: boil water before drinking it.\n`);
      for (const q of BENCH_QUERIES.concat(BENCH_QUERIES))
        await fetch(`${base}/api/search?k=10&q=${encodeURIComponent(`${q} ${minute}`)}`).then((r) => r.arrayBuffer());
      const m = ((await (await fetch(`${base}/status?format=json`)).json()) as { memory: Record<string, number> })
        .memory;
      const mb = (b: number | undefined) => ((b ?? Number.NaN) / 2 ** 20).toFixed(0);
      process.stderr.write(
        `soak minute ${minute + 1}/${minutes}: RSS ${mb(m.rssBytes)} MB, V8 heap ${mb(m.heapUsedBytes)}, external ${mb(m.externalBytes)}, LanceDB caches ${mb(m.indexCacheBytes)}\n`,
      );
      await new Promise((r) => setTimeout(r, Math.max(0, 60_000 - (performance.now() - started))));
    }
    clearInterval(sample);
  } finally {
    await stopServe(child, dir);
  }
  const mbs = samples.map((s) => s.mb);
  const end = samples.at(-1)?.at ?? 0;
  const lastQuarter = samples.filter((s) => s.at >= end * 0.75).map((s) => s.mb);
  report.add(section, "RSS, first sample", mbs[0] ?? Number.NaN, "MB");
  report.add(section, "RSS, peak", Math.max(...mbs), "MB");
  report.add(section, "RSS, last quarter: highest", Math.max(...lastQuarter), "MB", "target < 400");
  report.add(section, "RSS, last quarter: lowest", Math.min(...lastQuarter), "MB");
}
