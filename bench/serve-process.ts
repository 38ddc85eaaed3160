// `almanac serve` as a child process, started as `npm start` starts it, for the bench rows that measure the
// server from outside: start-up, search under load, generation over HTTP.
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";

/** The built CLI (`npm run build`). */
export const CLI = resolve("dist/src/cli/main.js");

/**
 * Starts `almanac serve` on 127.0.0.1:`port` in `dir` (its working folder, so
 * `library/` and `data/` there are used), as `npm start` runs it: a 2 MB young
 * generation and MALLOC_ARENA_MAX=2. No models unless `env` names a folder.
 * @param env - settings added to (and over) the defaults: models in `dir/no-models`, log level warn.
 */
export function spawnServe(
  dir: string,
  port: number,
  env: Record<string, string> = {},
  args: string[] = [],
): ChildProcess {
  return spawn(
    process.execPath,
    ["--max-semi-space-size=2", CLI, "serve", "--port", String(port), "--host", "127.0.0.1", ...args],
    {
      cwd: dir,
      env: {
        MALLOC_ARENA_MAX: "2",
        ...process.env,
        ALMANAC_MODELS_DIR: join(dir, "no-models"),
        ALMANAC_LOG_LEVEL: "warn",
        ...env,
      },
      stdio: "ignore",
    },
  );
}

/** Stops a server from {@link spawnServe} (SIGTERM, then waits for it to exit) and removes `dir`. */
export async function stopServe(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
  rmSync(dir, { recursive: true, force: true });
}

/** What `/status?format=json` says of indexing. */
export interface StatusLine {
  indexing: { busy: boolean };
}

/**
 * Polls `/status?format=json` every `everyMs` until `done` holds for a ready
 * server's status; the "starting" answer of a server still warming up never
 * counts, except with `done` = `"any"` (the first answer of either kind).
 * @returns ms from the call until then.
 * @throws Error after `timeoutMs` (default 120 s).
 */
export async function waitForStatus(
  base: string,
  done: ((s: StatusLine) => boolean) | "any",
  timeoutMs = 120_000,
  everyMs = 20,
): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    const s = await fetch(`${base}/status?format=json`)
      .then((r) => (r.ok ? (r.json() as Promise<StatusLine | { status: "starting" }>) : null))
      .catch(() => null);
    if (s && (done === "any" || ("indexing" in s && done(s)))) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${base} did not reach the state waited for within ${timeoutMs / 1000} s`);
}
