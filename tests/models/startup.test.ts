import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BOOKS, BUILT, fixtureModels, makeLibrary, openTestApp, tempDir } from "../helpers.js";

/**
 * Opens an Almanac in a child process and reports what it loaded: the
 * native libraries (process.report) and every import of `node-llama-cpp`
 * (recorded by a module resolve hook).
 */
function loadedAfterOpen(modelsDir: string, dataDir: string): { native: string[]; llamaImports: number } {
  mkdirSync(dataDir, { recursive: true });
  const log = join(dataDir, "imports.log");
  writeFileSync(log, "");
  const hooks = join(dataDir, "hooks.mjs");
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";
     export async function resolve(specifier, context, next) {
       if (specifier === "node-llama-cpp") appendFileSync(${JSON.stringify(log)}, specifier + "\\n");
       return next(specifier, context);
     }`,
  );
  const register = join(dataDir, "register.mjs");
  writeFileSync(register, `import { register } from "node:module"; register(${JSON.stringify(`file://${hooks}`)});`);
  const script = `
    const { Almanac } = await import(${JSON.stringify(join(BUILT, "src/app/almanac.js"))});
    const { loadConfig } = await import(${JSON.stringify(join(BUILT, "src/config.js"))});
    const { createLogger } = await import(${JSON.stringify(join(BUILT, "src/log.js"))});
    const config = loadConfig({ libraryDir: ${JSON.stringify(dataDir)} + "/lib", dataDir: ${JSON.stringify(dataDir)} + "/data", modelsDir: ${JSON.stringify(modelsDir)}, threads: 1, logLevel: "silent" }, {});
    const app = await Almanac.open(config, createLogger("silent"));
    console.log(JSON.stringify(process.report.getReport().sharedObjects));
    await app.close();
  `;
  // A file, not -e: node-llama-cpp tests its binary in a child process started with this process's arguments.
  const file = join(dataDir, "open.mjs");
  writeFileSync(file, script);
  const out = spawnSync(process.execPath, ["--import", register, file], { encoding: "utf8" });
  assert.equal(out.status, 0, out.stderr);
  return {
    native: JSON.parse(out.stdout.trim().split("\n").at(-1) as string) as string[],
    llamaImports: readFileSync(log, "utf8").split("\n").filter(Boolean).length,
  };
}

describe("start-up", () => {
  it("loads node-llama-cpp's native bindings only when there is a GGUF model", () => {
    const tmp = tempDir();
    try {
      const none = loadedAfterOpen(join(tmp.dir, "no-models"), join(tmp.dir, "a"));
      assert.ok(
        none.native.some((p) => /better_sqlite3|lancedb/.test(p)),
        "the report lists native libraries",
      );
      assert.deepEqual(
        none.native.filter((p) => /llama/i.test(p)),
        [],
      );
      assert.equal(none.llamaImports, 0, "node-llama-cpp is not even imported");
      const some = loadedAfterOpen(fixtureModels(), join(tmp.dir, "b"));
      assert.ok(
        some.native.some((p) => /llama/i.test(p)),
        "with models the bindings load",
      );
      assert.ok(some.llamaImports > 0);
    } finally {
      tmp.cleanup();
    }
  });

  it("says busy from the moment indexing starts, through the watcher's first scan, until the queue is empty", async () => {
    const tmp = tempDir();
    const app = await openTestApp(
      tmp.dir,
      makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") }),
      null,
    );
    try {
      assert.equal(app.indexer.busy, false);
      const started = app.startIndexing(true);
      assert.equal(app.indexer.busy, true, "busy before the watcher has listed anything");
      await started;
      await app.initialIndex;
      while (app.indexer.busy) await new Promise((r) => setTimeout(r, 20));
      assert.equal((await app.status()).documents.indexed, 1);
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});
