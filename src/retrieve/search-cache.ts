// Recent search results, so that the same query asked again (a household rereading, eight phones on one
// topic, an agent's retries) costs a map lookup instead of two full-text queries.
import { LRUCache } from "lru-cache";

/**
 * A least-recently-used cache of search results, keyed by everything the
 * result depends on: the query, its options, and the index's generation
 * (`ChunkStore.generation`), so a write, delete or maintenance pass makes every older entry unreachable
 * (and the LRU drops them). It holds the promise, so identical searches in
 * flight at once share one run; a failed run is forgotten, and the next asks again.
 * Built on `lru-cache` (https://github.com/isaacs/node-lru-cache).
 */
export class SearchCache<T> {
  readonly #entries: LRUCache<string, Promise<readonly T[]>>;
  #generation = -1;

  /** @param max - result lists kept (the `searchCacheEntries` setting, default 256: a few MB); 0 turns the cache off. */
  constructor(private readonly max: number) {
    this.#entries = new LRUCache({ max: Math.max(1, max) });
  }

  /**
   * The results for `key` at index `generation`: from the cache, or from
   * `run` (then kept). Each call gets its own array, so a caller that sorts
   * or trims it leaves the cached one whole; the items themselves are shared.
   * @throws whatever `run` throws (and nothing is kept).
   */
  async get(key: string, generation: number, run: () => Promise<readonly T[]>): Promise<T[]> {
    if (this.max === 0) return [...(await run())];
    if (generation !== this.#generation) {
      this.#entries.clear();
      this.#generation = generation;
    }
    let pending = this.#entries.get(key);
    if (!pending) {
      pending = run();
      this.#entries.set(key, pending);
      pending.catch(() => {
        if (this.#entries.peek(key) === pending) this.#entries.delete(key);
      });
    }
    return [...(await pending)];
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }
}
