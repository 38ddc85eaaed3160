/**
 * Start-up figures: `almanac --help`'s wall time and CPU beside bare node's,
 * and for `almanac serve` on an indexed copy of the starter library with no
 * models, how soon `/status` answers after launch, when the app is ready and
 * the CPU it took, when indexing ends, and the resident memory once idle.
 * Each runs the built CLI as a child process, as a person would.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { percentile } from "../src/stats.js";
import { CLI, spawnServe, stopServe, waitForStatus } from "./serve-process.js";

/** A preload that prints the process's own CPU time (user + system, µs) on stderr as it exits. */
const CPU_AT_EXIT = `data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("CPU_US "+(u.user+u.system)+"\\n")})`;

function cpuMsOf(args: string[]): number {
  const run = spawnSync(process.execPath, ["--import", CPU_AT_EXIT, ...args], { encoding: "utf8" });
  const m = /CPU_US (\d+)/.exec(run.stderr);
  return m ? Number(m[1]) / 1000 : Number.NaN;
}

/**
 * `almanac --help` beside a bare `node -e 0`, interleaved, `runs` of each:
 * the median wall time of `--help`, ms, and the medians of both processes'
 * own CPU time (user + system, from `process.cpuUsage()` at exit), ms.
 */
export function helpFigures(runs = 7): { wallMs: number; cpuMs: number; bareNodeCpuMs: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, [CLI, "--help"], { stdio: "ignore" });
    wall.push(performance.now() - t0);
    cpu.push(cpuMsOf([CLI, "--help"]));
    bare.push(cpuMsOf(["-e", "0"]));
  }
  return { wallMs: percentile(wall, 50), cpuMs: percentile(cpu, 50), bareNodeCpuMs: percentile(bare, 50) };
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

/** What {@link serveStartup} measures, ms from launch unless named otherwise. */
export interface StartupFigures {
  /** `/status` answers at all: "starting" from the warming listener, or the ready status. */
  statusMs: number;
  /** `/status` answers as the ready app (search and every route served). */
  readyMs: number;
  /** The server's CPU time (user + system) from launch to ready, ms (Linux /proc; NaN elsewhere). */
  readyCpuMs: number;
  /** Indexing done. */
  indexedMs: number;
  /** Resident memory once idle, MiB. */
  idleRssMb: number;
}

/** CPU time a live process has used (user + system), ms, from /proc/PID/stat (clock ticks taken as 100 Hz). */
export function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * Serves a copy of the starter library with no models, already indexed (as a
 * restart finds it), and times `/status`, readiness and indexing; then idle
 * RSS, 30 s after indexing (the parse workers exit 10 s after their last
 * file; the heap settles after).
 */
export async function serveStartup(port = 18_471): Promise<StartupFigures> {
  const dir = mkdtempSync(join(tmpdir(), "almanac-startup-"));
  cpSync(resolve("library"), join(dir, "library"), { recursive: true });
  spawnSync(process.execPath, [CLI, "index"], {
    cwd: dir,
    env: { ...process.env, ALMANAC_MODELS_DIR: join(dir, "no-models"), ALMANAC_LOG_LEVEL: "warn" },
    stdio: "ignore",
  });
  const t0 = performance.now();
  const child = spawnServe(dir, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForStatus(base, "any", 120_000, 5);
    const statusMs = performance.now() - t0;
    await waitForStatus(base, () => true, 120_000, 5);
    const readyMs = performance.now() - t0;
    const readyCpuMs = processCpuMs(child.pid as number);
    await waitForStatus(base, (st) => !st.indexing.busy);
    const indexedMs = performance.now() - t0;
    // Past the parse pool's 10 s idle timeout, so its workers (and their parsers) are gone: the idle server.
    await new Promise((r) => setTimeout(r, 30_000));
    return { statusMs, readyMs, readyCpuMs, indexedMs, idleRssMb: rssMb(child.pid as number) };
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
    return percentile(times, 50);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
