import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { positiveInt } from "../../src/cli/options.js";
import { loadConfig } from "../../src/config.js";
import { FolderError, makeDirs } from "../../src/state/dirs.js";
import { BOOKS, CLI, makeLibrary, tempDir } from "../helpers.js";

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

  it('search "" and ask " ? " exit 1 naming the empty argument, before opening anything', () => {
    for (const [command, name, value] of [
      ["search", "query", ""],
      ["ask", "question", " ? "],
    ] as const) {
      const run = almanac(["--data", "/nonexistent/almanac-data", command, value]);
      assert.equal(run.status, 1, run.stderr);
      assert.equal(run.stdout, "");
      assert.match(run.stderr, new RegExp(`invalid for argument '${name}'\\. the ${name} is empty`));
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

describe("a data folder that cannot be made", () => {
  it("makeDirs makes missing parents, accepts an existing folder, and names a file in the way", () => {
    const tmp = tempDir();
    try {
      const deep = join(tmp.dir, "a", "b", "c");
      makeDirs(deep, "data folder");
      assert.ok(statSync(deep).isDirectory());
      makeDirs(deep, "data folder");
      writeFileSync(join(tmp.dir, "plain"), "x");
      assert.throws(
        () => makeDirs(join(tmp.dir, "plain", "data"), "data folder"),
        (err: Error) =>
          err instanceof FolderError &&
          err.message ===
            `cannot create the data folder ${join(tmp.dir, "plain", "data")}: ${join(tmp.dir, "plain")} is a file, not a folder`,
      );
    } finally {
      tmp.cleanup();
    }
  });

  // Node's recursive mkdir spun forever here (ENOENT from /proc, a parent that exists), deaf to SIGTERM.
  it("serve --data under /proc or under a file exits 1 with one line saying so", () => {
    const tmp = tempDir();
    try {
      writeFileSync(join(tmp.dir, "plain"), "x");
      const cases: Array<[string, string]> = [
        [
          join(tmp.dir, "plain", "data"),
          `cannot create the data folder ${join(tmp.dir, "plain", "data")}: ${join(tmp.dir, "plain")} is a file, not a folder`,
        ],
      ];
      if (existsSync("/proc/self"))
        cases.push([
          "/proc/nope/data",
          "cannot create the data folder /proc/nope/data: /proc does not accept new folders",
        ]);
      for (const [data, message] of cases) {
        const run = almanac(
          ["--data", data, "--library", join(tmp.dir, "lib"), "--models", join(tmp.dir, "models"), "serve"],
          { env: { ALMANAC_LOG_LEVEL: "info", ALMANAC_HOST: "127.0.0.1", ALMANAC_PORT: "0" }, timeoutMs: 15_000 },
        );
        assert.equal(run.status, 1, `${data}: status ${run.status}, ${run.stderr}`);
        assert.equal(run.stderr, `almanac: ${message}\n`);
      }
    } finally {
      tmp.cleanup();
    }
  });
});

describe("unknown configuration keys", () => {
  const withFile = (settings: unknown, run: (file: string) => void) => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, "almanac.config.json");
      writeFileSync(file, JSON.stringify(settings));
      run(file);
    } finally {
      tmp.cleanup();
    }
  };

  it("refuses a misspelt key with the setting it was probably meant to be", () =>
    withFile({ libaryDir: "/srv/books", port: 8081 }, (file) => {
      assert.throws(
        () => loadConfig({}, { ALMANAC_CONFIG: file }),
        (err: Error) => err.message === `unknown setting "libaryDir" in ${file}; did you mean "libraryDir"?`,
      );
    }));

  it("catches a wrong case (an open box by mistake), names every unknown key, and guesses only when close", () =>
    withFile({ anonymousrole: "none", colour: "green" }, (file) => {
      assert.throws(
        () => loadConfig({}, { ALMANAC_CONFIG: file }),
        (err: Error) =>
          err.message ===
          `unknown setting "anonymousrole" in ${file}; did you mean "anonymousRole"?; unknown setting "colour" in ${file}`,
      );
    }));

  it("accepts a file of known settings", () =>
    withFile({ anonymousRole: "none", libraryDir: "/srv/books" }, (file) => {
      const c = loadConfig({}, { ALMANAC_CONFIG: file });
      assert.equal(c.anonymousRole, "none");
      assert.equal(c.libraryDir, "/srv/books");
    }));

  it("almanac exits 1 with the one-line message", () =>
    withFile({ libaryDir: "/srv/books" }, (file) => {
      const run = almanac(["status"], { env: { ALMANAC_CONFIG: file } });
      assert.equal(run.status, 1);
      assert.equal(run.stderr, `almanac: unknown setting "libaryDir" in ${file}; did you mean "libraryDir"?\n`);
    }));
});

describe("almanac status", () => {
  it("prints a short table, and the whole status with --json", () => {
    const tmp = tempDir();
    try {
      const env = { ALMANAC_DATA_DIR: join(tmp.dir, "data"), ALMANAC_LIBRARY: join(tmp.dir, "library") };
      const table = almanac(["status"], { env });
      assert.equal(table.status, 0, table.stderr);
      assert.match(table.stdout, /^Almanac +\d+\.\d+\.\d+, up \d+ s$/m);
      assert.match(table.stdout, /^documents +0 indexed$/m);
      assert.match(table.stdout, /^models +none: BM25 and extractive answers$/m);
      assert.ok(table.stdout.split("\n").length < 20, "a short table, not the JSON");
      const json = almanac(["status", "--json"], { env });
      assert.equal((JSON.parse(json.stdout) as { chunks: number }).chunks, 0);
    } finally {
      tmp.cleanup();
    }
  });
});

describe("almanac index", () => {
  it("leaves one live version of the chunks table, not the ones indexing replaced", () => {
    const tmp = tempDir();
    try {
      const lib = makeLibrary(tmp.dir, {
        "survival/Water.md": join(BOOKS, "Water.md"),
        "survival/Fire.md": join(BOOKS, "Fire.md"),
      });
      const env = {
        ALMANAC_DATA_DIR: join(tmp.dir, "data"),
        ALMANAC_LIBRARY: lib,
        ALMANAC_MODELS_DIR: join(tmp.dir, "m"),
      };
      const run = almanac(["index"], { env, timeoutMs: 60_000 });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^indexed 2 documents/);
      const versions = readdirSync(join(tmp.dir, "data", "lancedb", "chunks.lance", "_versions"));
      assert.ok(versions.filter((f) => f.endsWith(".manifest")).length <= 2, `versions left: ${versions.join(", ")}`);
      const found = almanac(["search", "purify water"], { env });
      assert.equal(found.status, 0, found.stderr);
      assert.match(found.stdout, /Water/);
    } finally {
      tmp.cleanup();
    }
  });
});
