import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

import { CLI } from "../helpers.js";

/** The CLI entry of the build these tests run from (the same build as the tests). */
export { CLI };
/** The offline guard, compiled next to this file. */
export const GUARD = fileURLToPath(new URL("./offline-guard.js", import.meta.url));
/**
 * When the suite runs as root, servers run as `nobody` so file permissions
 * mean something, provided `nobody` can read the build (a checkout under
 * `/root` is not readable by it; then servers run as root).
 */
export const SERVER_AS_NOBODY = (() => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(CLI)})`], {
      uid: 65534,
      gid: 65534,
      stdio: "ignore",
    });
    return true;
  } catch {
    return false;
  }
})();

/** Hands a folder to the user servers run as. */
export function ownForServer(dir: string): void {
  if (SERVER_AS_NOBODY) execFileSync("chown", ["-R", "-h", "nobody", dir]);
}

/** True when the server cannot bypass file permissions (not root). */
export const PERMISSIONS_APPLY = SERVER_AS_NOBODY || process.getuid?.() !== 0;

function userOpts(): { uid?: number; gid?: number } {
  return SERVER_AS_NOBODY ? { uid: 65534, gid: 65534 } : {};
}

/** Environment for a child Almanac. */
export function almanacEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", HOME: "/tmp", ALMANAC_LOG_LEVEL: "info", ALMANAC_THREADS: "1", ...env };
}

/** A running `almanac serve` child. */
export interface ServerProcess {
  base: string;
  proc: ChildProcess;
  /** Resident set size now, MB (the whole process, worker threads included). */
  rssMb(): number;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `almanac serve` on an ephemeral loopback port with the offline guard preloaded. */
export async function startAlmanac(env: Record<string, string>, args: string[] = []): Promise<ServerProcess> {
  const proc = spawn(
    process.execPath,
    ["--import", GUARD, CLI, ...args, "serve", "--host", "127.0.0.1", "--port", "0"],
    {
      // The "Almanac is serving" line that carries the port is logged at info.
      env: almanacEnv({ ...env, ALMANAC_LOG_LEVEL: "info" }),
      stdio: ["ignore", "pipe", "pipe"],
      ...userOpts(),
    },
  );
  let stdout = "";
  proc.stdout?.on("data", (d) => {
    stdout += String(d);
  });
  // pino logs to stderr; the serving line carries the bound port.
  const base = await new Promise<string>((ok, fail) => {
    const lines = createInterface({ input: proc.stderr! });
    lines.on("line", (line) => {
      try {
        const rec = JSON.parse(line) as { msg?: string; url?: string };
        if (rec.msg === "Almanac is serving" && rec.url)
          ok(rec.url.replace("localhost", "127.0.0.1").replace(/\/$/, ""));
      } catch {
        // not a log line
      }
    });
    proc.once("exit", (code) => fail(new Error(`almanac exited (${code}) before serving: ${stdout}`)));
  });
  return {
    base,
    proc,
    rssMb() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"));
      return m ? Number(m[1]) / 1024 : 0;
    },
    stop() {
      if (proc.exitCode !== null) return Promise.resolve(proc.exitCode);
      return new Promise((ok) => {
        proc.once("exit", (code) => ok(code));
        proc.kill("SIGTERM");
      });
    },
  };
}

/** Starts the CLI with the offline guard (as `nobody` when the suite runs as root and can). */
export function spawnCli(
  env: Record<string, string>,
  args: string[],
): ChildProcess & { stdout: Readable; stderr: Readable } {
  return spawn(process.execPath, ["--import", GUARD, CLI, ...args], {
    env: almanacEnv({ ALMANAC_LOG_LEVEL: "warn", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
    ...userOpts(),
  });
}

/** Runs the CLI to completion. */
export function runCli(
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawnCli(env, args);
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (d) => {
    stdout += String(d);
  });
  proc.stderr.on("data", (d) => {
    stderr += String(d);
  });
  return new Promise((ok) => proc.once("exit", (code) => ok({ code, stdout, stderr })));
}

/** `/status` as JSON. */
export interface StatusBody {
  documents: Record<string, number>;
  failures: Array<{ path: string; status: string; error: string }>;
  chunks: number;
  indexing: { busy: boolean; queued: number };
  library: { available: boolean; reason: string | null; missingCollections: string[] };
}

export async function getStatus(base: string): Promise<StatusBody> {
  return (await (await fetch(`${base}/status`)).json()) as StatusBody;
}

/** Polls until `check` holds; fails after `ms`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits for the indexer to be idle twice in a row. */
export async function waitIdle(base: string, ms = 120_000): Promise<StatusBody> {
  let last: StatusBody | null = null;
  let quiet = 0;
  await waitUntil(
    async () => {
      last = await getStatus(base);
      quiet = last.indexing.busy ? 0 : quiet + 1;
      return quiet >= 3;
    },
    "indexing to finish",
    ms,
  );
  return last as unknown as StatusBody;
}

/** Paths of `/api/search` hits. */
export async function searchPaths(base: string, q: string): Promise<string[]> {
  const res = await fetch(`${base}/api/search?q=${encodeURIComponent(q)}&k=10`);
  if (res.status !== 200) throw new Error(`search ${q}: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { results: Array<{ citation: { path: string } }> };
  return body.results.map((r) => r.citation.path);
}
