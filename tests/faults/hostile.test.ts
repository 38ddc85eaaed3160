import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { BOOKS, tempDir } from "../helpers.js";
import {
  getStatus,
  ownForServer,
  PERMISSIONS_APPLY,
  type ServerProcess,
  searchPaths,
  startAlmanac,
  waitIdle,
  waitUntil,
} from "./harness.js";
import { copyGoodBooks, type Expectation, writeHostileCorpus } from "./hostile-corpus.js";

describe("fault suite: the hostile corpus (generated, nothing committed)", () => {
  const tmp = tempDir("almanac-faults-");
  const lib = join(tmp.dir, "library");
  const outside = join(tmp.dir, "outside");
  const offlineLog = join(tmp.dir, "offline.log");
  let expected: Record<string, Expectation>;
  let server: ServerProcess;
  const statusMs: number[] = [];
  let maxRssMb = 0;

  before(async () => {
    expected = writeHostileCorpus(lib, outside, PERMISSIONS_APPLY);
    copyGoodBooks(lib, BOOKS);
    writeFileSync(offlineLog, "");
    ownForServer(tmp.dir);
    server = await startAlmanac({
      ALMANAC_LIBRARY: lib,
      ALMANAC_DATA_DIR: join(tmp.dir, "data"),
      ALMANAC_MODELS_DIR: join(tmp.dir, "no-models"),
      ALMANAC_OFFLINE_LOG: offlineLog,
      ALMANAC_WATCH_DEBOUNCE_MS: "200",
    });
    // While the hostile corpus indexes, the main thread must keep answering.
    await waitUntil(
      async () => {
        const t0 = performance.now();
        const s = await getStatus(server.base);
        statusMs.push(performance.now() - t0);
        maxRssMb = Math.max(maxRssMb, server.rssMb());
        return !s.indexing.busy && s.documents.indexed !== undefined && statusMs.length > 3;
      },
      "the hostile corpus to index",
      240_000,
    );
    await waitIdle(server.base);
  });
  after(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it("keeps /status answering and memory bounded while it indexes", () => {
    const sorted = [...statusMs].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const max = sorted.at(-1) ?? 0;
    process.stdout.write(
      `# /status while indexing: ${statusMs.length} polls, p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms; max RSS ${maxRssMb.toFixed(0)} MB\n`,
    );
    // A blocked event loop shows as seconds; the 100 ms target is measured by npm run bench.
    assert.ok(max < 1500, `/status took ${max.toFixed(0)} ms`);
    assert.ok(maxRssMb < 1024, `RSS reached ${maxRssMb.toFixed(0)} MB`);
  });

  it("gives every hostile file its specific status and reason", async () => {
    const s = await getStatus(server.base);
    const byPath = new Map(s.failures.map((f) => [f.path, f]));
    for (const [path, want] of Object.entries(expected)) {
      const got = byPath.get(path);
      if (want.status === "indexed" && !want.reason) {
        assert.equal(got, undefined, `${JSON.stringify(path)} should index cleanly, got ${JSON.stringify(got)}`);
        continue;
      }
      assert.ok(got, `${JSON.stringify(path)} is missing from the report`);
      assert.equal(got.status, want.status, `${JSON.stringify(path)}: ${got.error}`);
      if (want.reason) assert.match(got.error, want.reason, JSON.stringify(path));
    }
  });

  it("indexes the good books and the files that are fine, and nothing from outside the root", async () => {
    assert.equal((await searchPaths(server.base, "purify water"))[0], "survival/Water.md");
    assert.ok((await searchPaths(server.base, "tablemarker")).includes("hostile/big-table.md"));
    assert.ok((await searchPaths(server.base, "glacierwater")).includes("hostile/Ünïcødé 📚 book.md"));
    assert.ok((await searchPaths(server.base, "newlinemarker")).includes("hostile/new\nline.md"));
    assert.ok((await searchPaths(server.base, "paracord tensile")).includes("hostile/missing-spine.epub"));
    assert.deepEqual(await searchPaths(server.base, "canaryzebra"), []);
    if (PERMISSIONS_APPLY) assert.deepEqual(await searchPaths(server.base, "unreadablemarker"), []);
    assert.equal(existsSync("/tmp/evil.xhtml"), false, "zip-slip wrote nothing");
  });

  it("never follows links added while running, and survives a file deleted mid-read", async () => {
    symlinkSync(join(outside, "secret.md"), join(lib, "survival", "live-out.md"));
    symlinkSync(join(lib, "survival", "Fire.md"), join(lib, "survival", "live-in.md"));
    const big = join(lib, "survival", "vanishing.txt");
    writeFileSync(big, "vanishing words. ".repeat(400_000));
    ownForServer(lib);
    setTimeout(() => rmSync(big, { force: true }), 300);
    await waitUntil(async () => {
      const s = await getStatus(server.base);
      return ["survival/live-out.md", "survival/live-in.md"].every((p) =>
        s.failures.some((f) => f.path === p && f.status === "skipped"),
      );
    }, "live links to be reported as skipped");
    await waitIdle(server.base);
    assert.deepEqual(await searchPaths(server.base, "canaryzebra"), []);
    assert.equal(
      (await getStatus(server.base)).failures.some((f) => f.path === "survival/vanishing.txt"),
      false,
    );
    assert.equal(server.proc.exitCode, null, "the server is alive");
  });

  it("made no network connection beyond loopback", () => {
    assert.equal(readFileSync(offlineLog, "utf8"), "");
  });

  it("exits cleanly on SIGTERM though a FIFO sits in the library", async () => {
    cpSync(join(BOOKS, "nwr.md"), join(lib, "survival", "nwr.md"));
    const t0 = Date.now();
    assert.equal(await server.stop(), 0);
    assert.ok(Date.now() - t0 < 10_000);
  });
});
