import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DISK_FULL } from "../../src/library/disk.js";
import { BOOKS, makeLibrary, tempDir } from "../helpers.js";
import {
  getStatus,
  ownForServer,
  runCli,
  type ServerProcess,
  searchPaths,
  startAlmanac,
  waitIdle,
  waitUntil,
} from "./harness.js";

interface DiskStatus {
  disk: { paused: boolean; reason: string | null } | null;
  readOnlyReason: string | null;
  writable: boolean;
}

/** Mounts a small tmpfs at `dir`; null when it can, else why not (not root, no mount namespace…). */
function mountTmpfs(dir: string, mb: number): string | null {
  if (process.getuid?.() !== 0) return "mounting a small tmpfs needs root";
  mkdirSync(dir, { recursive: true });
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${mb}m`, "tmpfs", dir], { encoding: "utf8" });
  return r.status === 0 ? null : `mount -t tmpfs failed: ${(r.stderr || r.error?.message || "").trim()}`;
}

/**
 * Fills the file system holding `ballast` with that one file, leaving
 * `leaveKb` free: a little room lets SQLite's small writes through, so the
 * larger chunk write to LanceDB is what fails.
 */
function fill(ballast: string, leaveKb = 0): void {
  spawnSync("dd", ["if=/dev/zero", `of=${ballast}`, "bs=64k"], { stdio: "ignore" });
  if (leaveKb > 0) truncateSync(ballast, Math.max(0, statSync(ballast).size - leaveKb * 1024));
}

const tmp = tempDir("almanac-diskfull-");
const data = join(tmp.dir, "data");
const ballast = join(data, "ballast");
const why = mountTmpfs(data, 24);

describe("fault suite: a full data disk", { skip: why ?? false }, () => {
  const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
  let server: ServerProcess;
  const env = {
    ALMANAC_LIBRARY: lib,
    ALMANAC_DATA_DIR: data,
    ALMANAC_MODELS_DIR: join(tmp.dir, "models"),
    ALMANAC_WATCH_DEBOUNCE_MS: "200",
    // The floor is the next test's; here the disk itself runs out.
    ALMANAC_MIN_FREE_DISK_MB: "0",
  };

  before(async () => {
    ownForServer(tmp.dir);
    server = await startAlmanac(env);
    await waitIdle(server.base);
  });
  after(async () => {
    await server?.stop();
    spawnSync("umount", [data]);
    tmp.cleanup();
  });

  it("pauses indexing with a clear status, keeps search serving, and resumes once space is freed", async () => {
    assert.ok((await searchPaths(server.base, "boil water")).length > 0);
    fill(ballast, 192);
    // New books arrive while the disk is all but full: the state rows fit, the chunks do not.
    copyFileSync(join(BOOKS, "walton-complete-angler-latin1-crlf.txt"), join(lib, "survival", "angler.txt"));
    copyFileSync(join(BOOKS, "nwr.md"), join(lib, "survival", "nwr.md"));
    ownForServer(lib);
    let searches = 0;
    await waitUntil(
      async () => {
        // Search answers throughout.
        assert.ok((await searchPaths(server.base, "boil water")).length > 0);
        searches++;
        const s = (await getStatus(server.base)) as unknown as DiskStatus;
        return s.disk?.paused === true;
      },
      "indexing to pause for the full disk",
      60_000,
    );
    const paused = (await getStatus(server.base)) as unknown as DiskStatus & {
      failures: Array<{ error: string }>;
    };
    assert.match(paused.disk?.reason ?? "", new RegExp(`^${DISK_FULL}`));
    assert.deepEqual(paused.failures, [], "no book is marked failed for want of space");
    const page = await (await fetch(`${server.base}/library`)).text();
    assert.match(page, /disk full: indexing paused, search still serving/);
    assert.doesNotMatch(JSON.stringify(paused) + page, /\.rs:\d|Caused by|LanceError/);
    assert.equal(server.proc.exitCode, null);

    rmSync(ballast);
    await waitUntil(
      async () => {
        assert.ok((await searchPaths(server.base, "boil water")).length > 0);
        searches++;
        const radio = await searchPaths(server.base, "weather radio");
        const angler = await searchPaths(server.base, "trout angler");
        return radio.some((p) => p.endsWith("nwr.md")) && angler.some((p) => p.endsWith("angler.txt"));
      },
      "indexing to resume by itself",
      60_000,
    );
    const done = await waitIdle(server.base);
    assert.equal(done.documents.indexed, 3);
    assert.equal(done.documents.failed, 0);
    assert.equal(((done as unknown as DiskStatus).disk?.paused ?? true) === false, true);
    process.stdout.write(`# disk full: ${searches} searches answered while paused and resuming\n`);

    // The index after the fault equals a clean build of the same library.
    const clean = join(tmp.dir, "clean");
    ownForServer(tmp.dir);
    const built = await runCli(
      { ALMANAC_LIBRARY: lib, ALMANAC_DATA_DIR: clean, ALMANAC_MODELS_DIR: env.ALMANAC_MODELS_DIR },
      ["index"],
    );
    assert.equal(built.code, 0, built.stderr);
    assert.match(built.stdout, new RegExp(`indexed 3 documents, ${done.chunks} chunks`));
  });

  it("starts on a full disk and serves the existing index read-only", async () => {
    await server.stop();
    fill(ballast);
    server = await startAlmanac(env);
    const s = (await getStatus(server.base)) as unknown as DiskStatus;
    assert.equal(s.writable, false);
    assert.match(s.readOnlyReason ?? "", /data disk was full at start-up: serving the existing index read-only/);
    assert.ok((await searchPaths(server.base, "weather radio")).some((p) => p.endsWith("nwr.md")));
    const page = await (await fetch(`${server.base}/library`)).text();
    assert.match(page, /serving the existing index read-only/);
    rmSync(ballast);
  });

  it("pauses before the disk is full when free space falls below minFreeDiskMb", async () => {
    await server.stop();
    server = await startAlmanac({ ...env, ALMANAC_MIN_FREE_DISK_MB: "100" });
    copyFileSync(join(BOOKS, "Fire.md"), join(lib, "survival", "Fire.md"));
    ownForServer(lib);
    await waitUntil(
      async () => ((await getStatus(server.base)) as unknown as DiskStatus).disk?.paused === true,
      "indexing to pause at the floor",
      30_000,
    );
    const s = (await getStatus(server.base)) as unknown as DiskStatus & { documents: { indexed: number } };
    assert.match(
      s.disk?.reason ?? "",
      /^disk nearly full: indexing paused, search still serving \(\d+ MB left, 100 MB kept free\)/,
    );
    assert.equal(s.documents.indexed, 3, "the new book waits");
    assert.ok((await searchPaths(server.base, "boil water")).length > 0);
  });
});
