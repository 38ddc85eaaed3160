import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SearchCache } from "../../src/retrieve/search-cache.js";

describe("search cache", () => {
  it("answers the same key from the cache until the generation moves", async () => {
    const cache = new SearchCache<string>(8);
    let runs = 0;
    const run = async () => [`run ${++runs}`];
    assert.deepEqual(await cache.get("water", 0, run), ["run 1"]);
    assert.deepEqual(await cache.get("water", 0, run), ["run 1"]);
    assert.deepEqual(await cache.get("fire", 0, run), ["run 2"]);
    assert.deepEqual(await cache.get("water", 1, run), ["run 3"], "a write makes older entries unreachable");
    assert.equal(cache.size, 1);
  });

  it("shares one run between identical searches in flight, and forgets a failed one", async () => {
    const cache = new SearchCache<number>(8);
    let runs = 0;
    let release = () => {};
    const slow = () =>
      new Promise<number[]>((resolve) => {
        runs++;
        release = () => resolve([runs]);
      });
    const both = Promise.all([cache.get("q", 0, slow), cache.get("q", 0, slow)]);
    release();
    assert.deepEqual(await both, [[1], [1]]);
    assert.equal(runs, 1);
    await assert.rejects(
      cache.get("bad", 0, async () => {
        throw new Error("index unreadable");
      }),
      /unreadable/,
    );
    assert.deepEqual(await cache.get("bad", 0, async () => [7]), [7], "the failure was not kept");
  });

  it("gives each caller its own array, and keeps nothing when off", async () => {
    const cache = new SearchCache<number>(8);
    const first = await cache.get("q", 0, async () => [3, 1, 2]);
    first.sort();
    first.pop();
    assert.deepEqual(await cache.get("q", 0, async () => []), [3, 1, 2]);
    const off = new SearchCache<number>(0);
    let runs = 0;
    await off.get("q", 0, async () => [++runs]);
    assert.deepEqual(await off.get("q", 0, async () => [++runs]), [2]);
    assert.equal(off.size, 0);
  });
});
