import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadConfig } from "../../src/config.js";
import { autoIndexCacheBytes, lanceSession } from "../../src/store/session.js";

const MiB = 2 ** 20;

describe("LanceDB's index cache", () => {
  it("is a sixteenth of the machine's memory when not set, within 128 MiB and 1 GiB", () => {
    assert.equal(autoIndexCacheBytes(4 * 1024 * MiB), 256 * MiB, "a 4 GB Pi");
    assert.equal(autoIndexCacheBytes(1024 * MiB), 128 * MiB, "never under 128 MiB");
    assert.equal(autoIndexCacheBytes(64 * 1024 * MiB), 1024 * MiB, "never over 1 GiB");
  });

  it("takes its size from the indexCacheMb setting (ALMANAC_INDEX_CACHE_MB), 0 meaning auto", () => {
    assert.equal(loadConfig({}, {}).indexCacheMb, 0);
    assert.equal(loadConfig({}, { ALMANAC_INDEX_CACHE_MB: "96" }).indexCacheMb, 96);
    assert.throws(() => loadConfig({}, { ALMANAC_INDEX_CACHE_MB: "-1" }), /indexCacheMb/);
    // A session holds next to nothing until it reads an index, whatever its limit.
    assert.ok(lanceSession(96).sizeBytes() < BigInt(MiB));
  });
});
