import PQueue from "p-queue";
import type { Logger } from "../log.js";
import type { StateDb } from "../state/db.js";
import { DocumentRepository, type DocumentValues } from "../state/documents.js";
import type { DocumentStatus } from "../state/schema.js";
import type { ChunkRecord, ChunkStore } from "../store/chunk-store.js";
import { isDiskFull, readableStoreError } from "./disk.js";

/** A parsed document waiting for the batched index write. */
export interface PendingWrite {
  docId: string;
  /** The document may already have chunks in the table (it has a state row), so they are deleted first. */
  replace: boolean;
  records: ChunkRecord[];
  /** The packed reader text, stored with the state row. */
  reader: Uint8Array;
  /** State row values set once the chunks are written. */
  state: DocumentValues;
}

/** A write is flushed at this many chunks, documents or milliseconds, whichever comes first. */
const BATCH_RECORDS = 4096;
const BATCH_DOCUMENTS = 1024;
const BATCH_MS = 3000;

/**
 * Batches chunk writes and index maintenance for the indexer. One LanceDB
 * write per few thousand chunks instead of one per document: each write makes
 * a fragment and each delete a deletion file, and per-document writes made a
 * 5,183-document corpus take 300 s to index instead of seconds. A document's
 * state row says `indexing` until its batch is written, so a crash before the
 * write redoes it on restart. Every table write and maintenance run goes
 * through one queue, because concurrent LanceDB commits conflict.
 */
export class WriteBatch {
  private readonly batch = new Map<string, PendingWrite>();
  private readonly ops = new PQueue({ concurrency: 1 });
  private records = 0;
  private lastFlush = Date.now();
  private dirty = false;
  /** Maintenance ran out of disk space: it waits for {@link spaceBack} instead of retrying in a loop. */
  private spaceWanted = false;
  /** When indexes were last built/updated (the first refresh comes 15 s into a run), and how long that took (ms). */
  private lastMaintain = Date.now();
  private lastMaintainMs = 0;
  /** The pass that prunes what the last maintenance left behind, once it is past the grace period. */
  private settleTimer: NodeJS.Timeout | null = null;
  /** The state rows and reader texts of the documents written. */
  private readonly docs: DocumentRepository;

  constructor(
    db: StateDb,
    /** The table written; an upgrade rebuild points it at the live store once it swaps ({@link useStore}). */
    private store: ChunkStore,
    private readonly log: Logger,
    private readonly onDocument: (e: { path: string; status: DocumentStatus; error?: string; chunks?: number }) => void,
    /**
     * A write found the disk full: these documents were not recorded as
     * indexed (nothing of theirs is marked failed) and are to be indexed again
     * once there is room; an empty list when maintenance ran out of space.
     */
    private readonly onDiskFull: (paths: string[]) => void = () => {},
  ) {
    this.docs = new DocumentRepository(db);
  }

  /** True while documents wait to be written or the indexes need maintenance. */
  get busy(): boolean {
    return this.batch.size > 0 || (this.dirty && !this.spaceWanted) || this.ops.pending + this.ops.size > 0;
  }

  /** Buffers one document's chunks; flushes when the batch is full or old, and refreshes indexes during long runs. */
  async add(path: string, write: PendingWrite): Promise<void> {
    this.batch.set(path, write);
    this.records += write.records.length;
    if (this.records >= BATCH_RECORDS || this.batch.size >= BATCH_DOCUMENTS || Date.now() - this.lastFlush > BATCH_MS)
      await this.flush();
    await this.maintainDuringRun();
  }

  private async maintainDuringRun(): Promise<void> {
    // Refresh indexes during long batches so search sees new books, but spend at most ~10% of the time on it:
    // on a large table one optimize() takes seconds, and it blocks this queue.
    if (!this.spaceWanted && Date.now() - this.lastMaintain > Math.max(15_000, 10 * this.lastMaintainMs)) {
      await this.flush();
      await this.maintain();
    }
  }

  /**
   * Writes chunks now, outside the per-document batch (one batch of a ZIM
   * archive, whose cursor advances only once they are committed), and
   * refreshes indexes during long runs.
   * @throws the store's error when the write fails.
   */
  async append(records: ChunkRecord[]): Promise<void> {
    await this.flush();
    if (records.length > 0) {
      await this.ops.add(() => this.store.write([], records));
      this.dirty = true;
    }
    await this.maintainDuringRun();
  }

  /** Deletes the chunks of a ZIM archive's articles at article positions ≥ `position` (left by a stop mid-batch). */
  async removeArchiveFrom(docId: string, position: number): Promise<void> {
    await this.flush();
    await this.ops.add(() => this.store.deleteArchiveFrom(docId, position));
    this.dirty = true;
  }

  /** Deletes a document's chunks now (after anything buffered). */
  async remove(docId: string): Promise<void> {
    await this.flush();
    await this.ops.add(() => this.store.deleteDocument(docId));
    this.docs.deleteText(docId);
    this.dirty = true;
  }

  /** Writes what is buffered, maintains the indexes if anything changed, and waits for every store operation. */
  async finish(): Promise<void> {
    await this.flush();
    if (this.dirty && !this.spaceWanted) await this.maintain();
    await this.ops.onIdle();
  }

  /** Writes go to `store` from now on (call while nothing is buffered or running: the indexer is paused). */
  useStore(store: ChunkStore): void {
    this.store = store;
  }

  /** The disk has room again: maintenance a full disk cut short may run. */
  spaceBack(): void {
    this.spaceWanted = false;
  }

  private flush(): Promise<void> {
    return this.ops.add(() => this.write());
  }

  private async maintain(settling = false, graceMs?: number): Promise<void> {
    if (this.spaceWanted) return;
    this.dirty = false;
    await this.ops.add(async () => {
      const t0 = Date.now();
      await this.store.maintain(graceMs).catch((err: Error) => {
        if (isDiskFull(err)) {
          // Runs again once there is room (spaceBack); the table stays searchable as it is.
          this.dirty = true;
          this.spaceWanted = true;
          this.onDiskFull([]);
        } else this.log.error({ err: readableStoreError(err.message) }, "index maintenance failed");
      });
      this.lastMaintain = Date.now();
      this.lastMaintainMs = this.lastMaintain - t0;
    });
    if (!settling) this.settleLater();
  }

  /**
   * Maintenance keeps the versions it replaces for the store's grace period
   * (live searches hold them), so right after indexing the folder holds the
   * old files too: 6.4 MB instead of 3.2 MB for the starter library. Without
   * another write nothing would prune them, so one more pass runs once they
   * are old enough.
   */
  private settleLater(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      void this.maintain(true);
    }, this.store.versionGraceMs + 1_000);
    this.settleTimer.unref();
  }

  /**
   * Prunes now, with no grace period, the versions that maintenance
   * replaced, once every store operation is done: for a process about to
   * exit (`almanac index`), whose later prune pass would never run.
   */
  async settleNow(): Promise<void> {
    this.close();
    await this.ops.onIdle();
    await this.maintain(true, 0);
  }

  /** Cancels the pending prune pass (the store is about to close). */
  close(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
  }

  private async write(): Promise<void> {
    this.lastFlush = Date.now();
    if (this.batch.size === 0) return;
    const entries = [...this.batch.entries()];
    this.batch.clear();
    this.records = 0;
    try {
      await this.store.write(
        entries.filter(([, e]) => e.replace).map(([, e]) => e.docId),
        entries.flatMap(([, e]) => e.records),
      );
    } catch (err) {
      if (isDiskFull(err)) {
        // SQLite is as full as LanceDB: record nothing, and index these again once there is room.
        this.log.warn({ documents: entries.length }, "disk full: chunk write deferred");
        this.onDiskFull(entries.map(([path]) => path));
        return;
      }
      const reason = `index write failed: ${readableStoreError((err as Error).message)}`;
      this.log.error({ documents: entries.length, err: reason }, "index write failed");
      this.docs.markWriteFailed(
        entries.map(([path]) => path),
        reason,
      );
      for (const [path] of entries) this.onDocument({ path, status: "failed", error: reason });
      return;
    }
    const indexedAt = Date.now();
    try {
      this.docs.commitIndexed(
        entries.map(([path, e]) => ({ path, docId: e.docId, reader: e.reader, state: e.state })),
        indexedAt,
      );
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      // The chunks are in the table but their rows still say `indexing`: indexing them again replaces them.
      this.log.warn({ documents: entries.length }, "disk full: document state not saved");
      this.dirty = true;
      this.onDiskFull(entries.map(([path]) => path));
      return;
    }
    this.dirty = true;
    for (const [path, e] of entries) this.onDocument({ path, status: "indexed", chunks: e.records.length });
  }
}
