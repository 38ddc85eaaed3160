import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { DISK_FULL, DISK_LOW, DiskGuard, isDiskFull, readableStoreError } from "../../src/library/disk.js";

const MB = 1024 * 1024;

describe("disk-full errors", () => {
  it("knows ENOSPC, EDQUOT, SQLITE_FULL and LanceDB's Rust I/O text", () => {
    const coded = (code: string) => Object.assign(new Error("x"), { code });
    assert.equal(isDiskFull(coded("ENOSPC")), true);
    assert.equal(isDiskFull(coded("EDQUOT")), true);
    assert.equal(isDiskFull(coded("SQLITE_FULL")), true);
    assert.equal(isDiskFull(new Error("database or disk is full")), true);
    assert.equal(isDiskFull(new Error("LanceError(IO): No space left on device (os error 28)")), true);
    assert.equal(isDiskFull(new Error("Disk quota exceeded (os error 122)")), true);
    assert.equal(isDiskFull(coded("EACCES")), false);
    assert.equal(isDiskFull(new Error("permission denied (os error 13)")), false);
    assert.equal(isDiskFull("ENOSPC"), false);
  });

  it("drops Rust source paths, Caused-by chains and wrapper names from store errors", () => {
    const raw =
      "lance error: LanceError(IO): Generic LocalFileSystem error: Unable to write /d/lancedb/chunks.lance/data/1.lance: Permission denied (os error 13), /home/u/.cargo/registry/src/index.crates.io-6f17d22bba15001f/lance-io-0.23.0/src/local.rs:123:45\nCaused by: x";
    const shown = readableStoreError(raw);
    assert.doesNotMatch(shown, /\.rs:|Caused by|LanceError|cargo/);
    assert.match(
      shown,
      /Unable to write \/d\/lancedb\/chunks\.lance\/data\/1\.lance: Permission denied \(os error 13\)/,
    );
    assert.equal(readableStoreError(""), "the index could not be written");
  });
});

describe("DiskGuard", () => {
  // The guard's timer is unref'd (it must not keep a server alive); the test keeps the loop running.
  let keep: NodeJS.Timeout;
  beforeEach(() => {
    keep = setInterval(() => {}, 1_000);
  });
  afterEach(() => clearInterval(keep));

  it("pauses below the floor, and resumes by itself once there is the floor plus a margin", async () => {
    let free = 50 * MB;
    const guard = new DiskGuard("/data", 100 * MB, 20, async () => free);
    try {
      assert.equal(await guard.blocked(), true);
      assert.match(guard.get().reason ?? "", new RegExp(`^${DISK_LOW} \\(50 MB left, 100 MB kept free\\)`));
      const resumed = new Promise<void>((ok) => guard.once("resume", ok));
      free = 105 * MB; // above the floor but inside the margin: still paused
      await new Promise((r) => setTimeout(r, 80));
      assert.equal(guard.get().paused, true);
      free = 120 * MB;
      await resumed;
      assert.equal(guard.get().paused, false);
      assert.equal(await guard.blocked(), false);
    } finally {
      guard.close();
    }
  });

  it("pauses on a failed write whatever the floor says, and wants more room than there was then", async () => {
    let free = 10 * MB;
    const guard = new DiskGuard("/data", 0, 20, async () => free);
    try {
      assert.equal(await guard.blocked(), false, "no floor: nothing blocks before a write fails");
      guard.trip();
      assert.equal(await guard.blocked(), true);
      await new Promise((r) => setTimeout(r, 60));
      assert.match(guard.get().reason ?? "", new RegExp(`^${DISK_FULL} \\(10 MB left\\)`));
      const resumed = new Promise<void>((ok) => guard.once("resume", ok));
      free = 12 * MB;
      await resumed;
      assert.equal(guard.get().paused, false);
    } finally {
      guard.close();
    }
  });
});
