import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { describe, it } from "node:test";
import type { Indexer, IndexProgress } from "../../src/library/indexer.js";
import { ProgressMeter } from "../../src/library/progress-meter.js";

/** The parts of an indexer the meter listens to, driven by hand. */
class FakeIndexer extends EventEmitter {
  progress: IndexProgress = {
    queued: 0,
    current: null,
    currentChunks: { done: 0, total: 0 },
    processed: 0,
    currentArticles: null,
  };
  busy = false;
  getProgress(): IndexProgress {
    return { ...this.progress };
  }
  /** One file: queued, indexed, done, then the queue empties. */
  file(path: string): void {
    this.busy = true;
    this.progress = { ...this.progress, current: path, queued: 0 };
    this.emit("progress", this.getProgress());
    this.emit("document", { path, status: "indexed", chunks: 10 });
    this.progress = { ...this.progress, current: null, processed: this.progress.processed + 1 };
    this.emit("progress", this.getProgress());
    this.busy = false;
    this.emit("idle");
  }
}

describe("indexing progress", () => {
  it("counts files that arrive one by one, with the queue empty between them, as one run", () => {
    const indexer = new FakeIndexer();
    const meter = new ProgressMeter(indexer as unknown as Indexer);
    indexer.progress.processed = 5; // files of an earlier run, long ago
    const done: number[] = [];
    for (const path of ["a.txt", "b.txt", "c.txt"]) {
      indexer.file(path);
      done.push(meter.snapshot().filesDone);
    }
    assert.deepEqual(done, [1, 2, 3]);
    assert.equal(meter.snapshot().chunksDone, 30);
  });
});
