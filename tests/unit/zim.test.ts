import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { blobRange, clusterInfo, parseDirent, parseHeader } from "../../src/ingest/zim/format.js";
import { rampedBatchArticles, ZIM_FIRST_BATCH_ARTICLES } from "../../src/library/zim-ramp.js";

/** A small new-layout archive: a main page, two articles with sections, a picture and a redirect. */

describe("openZIM structures (pure)", () => {
  it("reads 32- and 64-bit blob offset tables and refuses offsets past the cluster", () => {
    const narrow = Buffer.alloc(12 + 5);
    narrow.writeUInt32LE(12, 0);
    narrow.writeUInt32LE(14, 4);
    narrow.writeUInt32LE(17, 8);
    assert.deepEqual(blobRange(narrow, 1, false, narrow.length), { start: 14, end: 17 });
    const wide = Buffer.alloc(24 + 6);
    wide.writeBigUInt64LE(24n, 0);
    wide.writeBigUInt64LE(27n, 8);
    wide.writeBigUInt64LE(30n, 16);
    assert.equal(clusterInfo(0x15).extended, true, "bit 4 of the info byte marks 64-bit offsets");
    assert.equal(clusterInfo(0x15).compression, "zstd");
    assert.deepEqual(blobRange(wide, 0, true, wide.length), { start: 24, end: 27 });
    assert.throws(() => blobRange(wide, 2, true, wide.length), /past the cluster's 2 blobs/);
    wide.writeBigUInt64LE(99n, 16);
    assert.throws(() => blobRange(wide, 1, true, wide.length), /offsets are invalid/);
  });

  it("refuses a file that is not a ZIM, and waits for the rest of a cut-off entry", () => {
    assert.throws(() => parseHeader(Buffer.alloc(80), 1000), /not a ZIM file/);
    const entry = Buffer.from([1, 0, 0, 0x43, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...Buffer.from("Wa")]);
    assert.equal(parseDirent(entry, 0, ["text/plain", "text/html"]), null);
    const whole = Buffer.concat([entry, Buffer.from("ter.html\0Water\0")]);
    assert.deepEqual(parseDirent(whole, 7, ["text/plain", "text/html"]), {
      index: 7,
      namespace: "C",
      path: "Water.html",
      title: "Water",
      kind: "item",
      mimeType: "text/html",
      cluster: 0,
      blob: 0,
      redirectIndex: 0,
    });
  });
});

describe("ZIM batch sizes (pure)", () => {
  it("start at ZIM_FIRST_BATCH_ARTICLES and double up to the configured size", () => {
    assert.equal(ZIM_FIRST_BATCH_ARTICLES, 10);
    assert.deepEqual(
      Array.from({ length: 8 }, (_, n) => rampedBatchArticles(n, 500)),
      [10, 20, 40, 80, 160, 320, 500, 500],
    );
    assert.deepEqual(
      Array.from({ length: 3 }, (_, n) => rampedBatchArticles(n, 3)),
      [3, 3, 3],
    );
    assert.equal(rampedBatchArticles(5000, 10_000), 10_000, "no overflow far along");
  });
});
