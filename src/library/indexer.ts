import { EventEmitter } from "node:events";
import type { Logger } from "../log.js";
import type { Embedder } from "../models/embedder.js";
import type { StateDb } from "../state/db.js";
import { type DocumentProblem, DocumentRepository } from "../state/documents.js";
import type { DocumentStatus } from "../state/schema.js";
import { ZimCursorRepository } from "../state/zim-cursors.js";
import type { ChunkStore } from "../store/chunk-store.js";
import { AvailabilityTracker } from "./availability.js";
import type { DiskGuard, DiskState } from "./disk.js";
import { FileIndexer, type FileIndexerDeps } from "./index-file.js";
import { IndexQueue } from "./index-queue.js";
import {
  emptyProgress,
  type IndexAction,
  type IndexerEvents,
  type IndexerOptions,
  type IndexProgress,
  type LibraryAvailability,
  snapshotProgress,
} from "./indexer-types.js";
import type { ParsePool } from "./parse-pool.js";
import { docIdOf } from "./paths.js";
import { Reconciler } from "./reconcile.js";
import { WriteBatch } from "./write-batch.js";

export type { IndexerEvents, IndexerOptions, IndexProgress, LibraryAvailability } from "./indexer-types.js";

/**
 * Keeps the chunks table in step with the library folder, without ever losing
 * the index to a missing folder or a bad file.
 *
 * - `reconcile()` lists the folder and compares it with the SQLite state. New
 *   and changed files are queued. A document is deleted only on positive
 *   evidence (`planDeletions`): a missing, unreadable or empty root
 *   deletes nothing and marks the library unavailable (looked at again every
 *   `libraryRetryMs`); a mass deletion waits for a second listing.
 * - Files are read and parsed in worker threads (`ParsePool`) under
 *   `ParseLimits`; a file that fails is marked `failed` with the reason
 *   and the queue goes on. An I/O error keeps the document's chunks.
 * - A per-file SHA-256 means an unchanged file is never re-parsed or re-embedded.
 * - A file left `indexing` by two crashes in a row is marked `failed`, so a
 *   hostile file cannot crash-loop the server.
 * - Chunks are written in batches ({@link WriteBatch}).
 *
 * It composes its parts: the queue (index-queue.ts), the per-file step
 * (index-file.ts), the reconcile (reconcile.ts), the folder's availability
 * (availability.ts) and the batched writes; the documents table and ZIM
 * cursors are read and written through state/ repositories.
 */
export class Indexer extends EventEmitter<IndexerEvents> {
  private readonly progress = emptyProgress();
  private readonly docs: DocumentRepository;
  private readonly cursors: ZimCursorRepository;
  private readonly writes: WriteBatch;
  private readonly queue: IndexQueue;
  private readonly availability: AvailabilityTracker;
  private readonly files: FileIndexer;
  private readonly reconciler: Reconciler;
  private reconciling = 0;
  private closed = false;
  private rescanTimer: NodeJS.Timeout | null = null;

  /**
   * @param embedderOf - the embedding model now (an embedding switch replaces it while indexing is paused).
   * @param disk - pauses indexing on a full disk or below the free-space floor; null: never pause.
   */
  constructor(
    opts: IndexerOptions,
    db: StateDb,
    store: ChunkStore,
    embedderOf: () => Embedder | null,
    parser: ParsePool,
    log: Logger,
    private readonly disk: DiskGuard | null = null,
  ) {
    super();
    this.docs = new DocumentRepository(db);
    this.cursors = new ZimCursorRepository(db);
    this.writes = new WriteBatch(
      db,
      store,
      log,
      (e) => this.emit("document", e),
      (paths) => this.queue.diskFull(paths),
    );
    this.queue = new IndexQueue({
      disk,
      writes: this.writes,
      log,
      run: (path, action) => (action === "remove" ? this.files.remove(path) : this.files.process(path)),
      done: () => this.done(),
      idle: () => this.emit("idle"),
    });
    this.availability = new AvailabilityTracker({
      libraryDir: opts.libraryDir,
      libraryRetryMs: opts.libraryRetryMs,
      log,
      changed: (a) => this.emit("library", a),
      retry: () => void this.reconcile(),
    });
    this.files = new FileIndexer(this.fileDeps(opts, parser, embedderOf, log));
    this.reconciler = new Reconciler({
      libraryDir: opts.libraryDir,
      confirmDeleteMs: opts.confirmDeleteMs,
      docs: this.docs,
      availability: this.availability,
      log,
      closed: () => this.closed,
      enqueue: (path, action) => this.enqueue(path, action),
    });
  }

  /** What the per-file step works with: the parts above and the indexer's events and state. */
  private fileDeps(opts: IndexerOptions, parser: ParsePool, embedder: () => Embedder | null, log: Logger) {
    return {
      opts,
      docs: this.docs,
      cursors: this.cursors,
      writes: this.writes,
      parser,
      embedder,
      log,
      progress: this.progress,
      reportProgress: () => this.emit("progress", this.getProgress()),
      document: (e) => this.emit("document", e),
      chunks: (n) => this.emit("chunks", n),
      closed: () => this.closed,
      available: () => this.availability.available,
      requestRescan: () => this.requestRescan(),
      io: this.queue,
    } satisfies FileIndexerDeps;
  }

  /** Snapshot of the live progress. */
  getProgress(): IndexProgress {
    return snapshotProgress(this.progress, this.queue.size);
  }

  /** Writes go to `store` from now on; only while paused ({@link pause}), when a rebuilt table is swapped in. */
  useStore(store: ChunkStore): void {
    this.writes.useStore(store);
  }

  /** Whether indexing waits for disk space (null without a guard). */
  getDisk(): DiskState | null {
    return this.disk?.get() ?? null;
  }

  /** Whether the library folder was readable at the last look. */
  getAvailability(): LibraryAvailability {
    return this.availability.get();
  }

  /** Looks at the library folder now (one listing, no indexing) and returns its availability. */
  async checkAvailability(): Promise<LibraryAvailability> {
    await this.availability.list();
    return this.getAvailability();
  }

  /**
   * Pauses indexing for an embedding switch: no new file starts, the one being
   * indexed finishes (a ZIM archive: the whole archive), and
   * its writes are committed. Files that change meanwhile wait in the queue.
   * @returns resume: starts the queue again.
   */
  async pause(): Promise<() => void> {
    const start = await this.queue.pause();
    const release = this.hold();
    return () => {
      release();
      start();
    };
  }

  /**
   * Counts as busy until the returned function is called: for work that
   * leads up to a reconcile (the watcher's first scan at start-up), so
   * `busy` is true from the first scan until the queue is empty.
   */
  hold(): () => void {
    this.reconciling++;
    let released = false;
    return () => {
      if (!released) this.reconciling--;
      released = true;
    };
  }

  /** True while the folder is being listed, files are queued, processed or wait for disk space, or writes are pending. */
  get busy(): boolean {
    return this.reconciling > 0 || this.queue.busy;
  }

  /**
   * Full reconcile of folder and state; resolves once the queue is drained and
   * the table maintained. Never throws for a missing folder: the library is
   * marked unavailable instead.
   * @param opts.pruneCollections - delete the documents of collections whose folder vanished or is empty.
   */
  async reconcile(opts: { pruneCollections?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    const release = this.hold();
    const complete = await this.reconciler.run(opts.pruneCollections).finally(release);
    if (complete) await this.drain();
  }

  /** Queues one library-relative path for (re)indexing, or for removal once a listing proved it gone; duplicates collapse. */
  enqueue(path: string, action: IndexAction = "index"): void {
    if (this.closed) return;
    this.queue.enqueue(path, action);
  }

  /** Library-relative paths waiting in the queue, in queue order. */
  queuedPaths(): string[] {
    return this.queue.paths();
  }

  /** Re-reads, re-chunks and re-indexes one document even when its bytes are unchanged. */
  reindex(path: string): void {
    this.docs.update(path, { contentHash: null });
    // A ZIM archive starts over instead of resuming at its cursor.
    this.cursors.delete(docIdOf(path));
    this.enqueue(path);
  }

  /** Prunes the table versions indexing replaced, now (see {@link WriteBatch.settleNow}); for a process about to exit. */
  readonly settle = (): Promise<void> => this.writes.settleNow();
  /** Resolves when the queue is empty and the post-batch maintenance is done. */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /**
   * Stops indexing: timers cleared, the queue emptied, the file being parsed
   * abandoned through `stopParsing` (it is redone on the next start, and a
   * clean stop does not count as a crash), and the current write batch
   * finished. Queued files are picked up by the next start's reconcile.
   */
  async close(stopParsing: () => Promise<void> = async () => {}): Promise<void> {
    this.closed = true;
    this.disk?.close();
    this.availability.close();
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.queue.stop();
    const current = this.progress.current;
    await stopParsing();
    await this.queue.onIdle();
    if (current) this.docs.releaseAttempt(current);
    await this.writes.finish();
    this.writes.close();
  }

  /** A missing file is deleted only by a reconcile that proves it gone; this asks for one soon. */
  private requestRescan(): void {
    if (this.rescanTimer || this.closed) return;
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = null;
      void this.reconcile();
    }, 1000);
  }

  private done(): void {
    this.progress.processed++;
    this.progress.current = null;
    this.emit("progress", this.getProgress());
  }

  /** Marks every document for re-indexing (used when the embedding model changes). */
  resetAll(): void {
    this.docs.markAllPending();
    this.cursors.deleteAll();
  }

  /** State paths under a folder (used by the watcher when a folder disappears). */
  pathsUnder(prefix: string): string[] {
    return this.docs.paths().filter((p) => p === prefix || p.startsWith(`${prefix}/`));
  }

  /** Document counts by status. */
  countsByStatus(): Record<DocumentStatus, number> {
    return this.docs.countsByStatus();
  }

  /** Indexed documents by format. */
  countsByFormat(): Record<string, number> {
    return this.docs.countsByFormat();
  }

  /** Collections that have at least one document, sorted. */
  collections(): string[] {
    return this.docs.collections();
  }

  /** Failed and skipped documents with their reasons, and indexed ones with warnings. */
  failures(): DocumentProblem[] {
    return this.docs.failures();
  }
}
