import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CLI, fixtureModels, tempDir } from "../helpers.js";

describe("almanac doctor", () => {
  it("almanac doctor reports the backend, the thread layout and what each model needs", () => {
    const tmp = tempDir();
    try {
      const run = spawnSync(
        process.execPath,
        [CLI, "--data", join(tmp.dir, "data"), "--models", fixtureModels(), "--threads", "2", "doctor"],
        { encoding: "utf8" },
      );
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^Backend {2}cpu$/m);
      assert.match(
        run.stdout,
        /^Threads {2}2 per chat and reranker context; embedding 4 context\(s\) × 1 thread\(s\)$/m,
      );
      for (const [file, role] of [
        ["tiny-chat", "chat"],
        ["tiny-embed", "embedding"],
        ["tiny-rerank", "reranker"],
      ]) {
        const need = new RegExp(`${file}\\.gguf \\(${role}\\): needs (\\d+) (KB|MB) of RAM, fits`).exec(run.stdout);
        assert.ok(need, `${file} in ${run.stdout}`);
        // At least the weights themselves: node-llama-cpp's estimate adds the context and its buffers.
        const bytes = Number(need[1]) * (need[2] === "MB" ? 1024 ** 2 : 1024);
        assert.ok(bytes >= statSync(join(fixtureModels(), `${file}.gguf`)).size, `${file} needs ${need[0]}`);
      }
    } finally {
      tmp.cleanup();
    }
  });
});
