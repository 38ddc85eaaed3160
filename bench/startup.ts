/**
 * Start-up figures: `almanac --help` wall time, and for `almanac serve` on a
 * copy of the starter library with no models, how soon `/status` answers
 * after launch, when indexing ends, and the resident memory once idle.
 * Each runs the built CLI as a child process, as a person would.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const CLI = resolve("dist/src/cli/main.js");

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
function rssMb(pid: number): number {
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
  // As `npm start` runs it (package.json): a 2 MB young generation, MALLOC_ARENA_MAX=2.
  const child = spawn(
    process.execPath,
    ["--max-semi-space-size=2", CLI, "serve", "--port", String(port), "--host", "127.0.0.1"],
    {
      cwd: dir,
      env: {
        MALLOC_ARENA_MAX: "2",
        ...process.env,
        ALMANAC_MODELS_DIR: join(dir, "no-models"),
        ALMANAC_LOG_LEVEL: "warn",
      },
      stdio: "ignore",
    },
  );
  let statusMs = Number.NaN;
  let indexedMs = Number.NaN;
  try {
    while (performance.now() - t0 < 120_000) {
      const s = await fetch(`http://127.0.0.1:${port}/status?format=json`)
        .then((r) => (r.ok ? (r.json() as Promise<{ indexing: { busy: boolean } }>) : null))
        .catch(() => null);
      if (s && Number.isNaN(statusMs)) statusMs = performance.now() - t0;
      if (s && !s.indexing.busy) {
        indexedMs = performance.now() - t0;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    // Past the parse pool's 10 s idle timeout, so its workers (and their parsers) are gone: the idle server.
    await new Promise((r) => setTimeout(r, 30_000));
    return { statusMs, indexedMs, idleRssMb: rssMb(child.pid as number) };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
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
