import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DEFAULT_PARSE_LIMITS } from "../../src/ingest/limits.js";
import { ParsePool } from "../../src/library/parse-pool.js";
import { tempDir } from "../helpers.js";

describe("parse workers fail one file with a specific reason and carry on", () => {
  const tmp = tempDir();
  const big = join(tmp.dir, "big.md");
  const small = join(tmp.dir, "small.md");
  const task = (abs: string, path: string) => ({
    abs,
    path,
    knownHash: null,
    limits: DEFAULT_PARSE_LIMITS,
    chunking: null,
  });

  before(() => {
    // Paragraph text parses slowly and needs far more heap than its size: ~1 KB per source byte in remark.
    writeFileSync(big, Array.from({ length: 40_000 }, (_, i) => `Paragraph ${i} has *some* words.`).join("\n\n"));
    writeFileSync(small, "# Small\n\nA small book about knots.\n");
  });
  after(() => tmp.cleanup());

  // The timeout also covers starting a replacement worker (a few hundred ms on a Pi), so it is not set lower.
  it("stops a file that runs past the timeout, then parses the next one", async () => {
    const pool = new ParsePool({ workers: 1, heapMb: 512, timeoutMs: 1000 });
    const slow = await pool.run(task(big, "big.md"));
    assert.equal(slow.kind, "failed");
    assert.match(slow.kind === "failed" ? slow.reason : "", /took longer than 1 s and was stopped \(parseTimeoutMs\)/);
    const next = await pool.run(task(small, "small.md"));
    assert.equal(next.kind, "parsed");
    await pool.close();
  });

  it("stops a file that needs more than the worker's heap, then parses the next one", async () => {
    const pool = new ParsePool({ workers: 1, heapMb: 64, timeoutMs: 120_000 });
    const hungry = await pool.run(task(big, "big.md"));
    assert.equal(hungry.kind, "failed");
    assert.match(
      hungry.kind === "failed" ? hungry.reason : "",
      /parsing needed more than the 64 MB memory limit and was stopped \(parseHeapMb\)/,
    );
    const next = await pool.run(task(small, "small.md"));
    assert.equal(next.kind, "parsed");
    await pool.close();
  });
});
