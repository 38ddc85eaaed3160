/**
 * Start-up figures: `almanac --help` wall time, and for `almanac serve` on a
 * copy of the starter library with no models, how soon `/status` answers
 * after launch, when indexing ends, and the resident memory once idle.
 * Each runs the built CLI as a child process, as a person would.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CLI, spawnServe, stopServe, waitForStatus } from "./serve-process.js";

/** Median wall time of `almanac --help` over `runs` runs, ms. */
export function helpMs(runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, [CLI, "--help"], { stdio: "ignore" });
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

/** Resident set size of a process, MB (Linux /proc), or NaN elsewhere. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Serves a copy of the starter library with no models and times `/status` and indexing; then idle RSS, 30 s after indexing (the parse workers exit 10 s after their last file; the heap settles after). */
export async function serveStartup(port = 18_471): Promise<{ statusMs: number; indexedMs: number; idleRssMb: number }> {
  const dir = mkdtempSync(join(tmpdir(), "almanac-startup-"));
  cpSync(resolve("library"), join(dir, "library"), { recursive: true });
  const t0 = performance.now();
  const child = spawnServe(dir, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForStatus(base, () => true);
    const statusMs = performance.now() - t0;
    await waitForStatus(base, (st) => !st.indexing.busy);
    const indexedMs = performance.now() - t0;
    // Past the parse pool's 10 s idle timeout, so its workers (and their parsers) are gone: the idle server.
    await new Promise((r) => setTimeout(r, 30_000));
    return { statusMs, indexedMs, idleRssMb: rssMb(child.pid as number) };
  } finally {
    await stopServe(child, dir);
  }
}

/**
 * `almanac index` end to end on an unchanged library of 1,000 small Markdown
 * files, already indexed (no models): the median of 3 runs, ms. This is what
 * a restart or a scheduled re-scan costs when nothing changed.
 */
export function rescanMs(files = 1000, runs = 3): number {
  const dir = mkdtempSync(join(tmpdir(), "almanac-rescan-"));
  try {
    mkdirSync(join(dir, "library", "notes"), { recursive: true });
    for (let i = 0; i < files; i++)
      writeFileSync(
        join(dir, "library", "notes", `note-${i}.md`),
        `# Note ${i}\n\nBoil water for one minute before drinking; note ${i} of ${files}.\n`,
      );
    const env = {
      ...process.env,
      ALMANAC_LIBRARY: join(dir, "library"),
      ALMANAC_DATA_DIR: join(dir, "data"),
      ALMANAC_MODELS_DIR: join(dir, "no-models"),
      ALMANAC_LOG_LEVEL: "warn",
    };
    spawnSync(process.execPath, [CLI, "index"], { env, stdio: "ignore" });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      spawnSync(process.execPath, [CLI, "index"], { env, stdio: "ignore" });
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
