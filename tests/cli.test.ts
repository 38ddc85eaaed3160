import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { positiveInt } from "../src/cli/options.js";

const CLI = resolve("dist/src/cli/main.js");

/** Runs the built CLI; a hang (the bug some of these guard against) ends after `timeoutMs` with status null. */
function almanac(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}) {
  const out = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, ALMANAC_LOG_LEVEL: "silent", ...opts.env },
    cwd: opts.cwd,
    timeout: opts.timeoutMs ?? 20_000,
    killSignal: "SIGKILL",
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe("integer options", () => {
  it("positiveInt takes decimal whole numbers of 1 or more and names the option otherwise", () => {
    const k = positiveInt("-k");
    assert.equal(k("3"), 3);
    assert.equal(k(" 12 "), 12);
    for (const bad of ["abc", "0", "-3", "2.5", "1e3", "0x10", "", "99999999999999999999"])
      assert.throws(
        () => k(bad),
        (err: Error) => err.name === "InvalidArgumentError" && err.message.startsWith("-k must be a whole number"),
        bad,
      );
  });

  it("search -k abc and -k 0 exit 1 with a message naming -k, before opening anything", () => {
    for (const k of ["abc", "0"]) {
      const run = almanac(["--data", "/nonexistent/almanac-data", "search", "-k", k, "water"]);
      assert.equal(run.status, 1, run.stderr);
      assert.equal(run.stdout, "");
      assert.match(run.stderr, new RegExp(`option '-k <n>' argument '${k}' is invalid\\. -k must be a whole number`));
    }
  });

  it("ask --max-tokens, eval --k and eval-answers --limit are checked the same way", () => {
    for (const [args, name] of [
      [["ask", "--max-tokens", "lots", "hi"], "--max-tokens"],
      [["eval", "--dataset", "x", "--k", "0"], "--k"],
      [["eval-answers", "--limit", "-1"], "--limit"],
      [["--threads", "none", "status"], "--threads"],
    ] as const) {
      const run = almanac([...args]);
      assert.equal(run.status, 1, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, new RegExp(`${name} must be a whole number of 1 or more`));
    }
  });
});
