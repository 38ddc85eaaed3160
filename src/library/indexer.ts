import { EventEmitter } from "node:events";
import { lstat } from "node:fs/promises";
import { eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import PQueue from "p-queue";
import type { ParseLimits } from "../ingest/limits.js";
import { formatOf } from "../ingest/parse.js";
import type { ParsedDocument } from "../ingest/types.js";
import type { Logger } from "../log.js";
import type { Embedder } from "../models/embedder.js";
import type { StateDb } from "../state/db.js";
import { hasDocumentText, putDocumentText } from "../state/document-texts.js";
import { type DocumentValues, METADATA_VERSION, publishedValues, updateDocument } from "../state/documents.js";
import { DOCUMENT_STATUSES, type DocumentRow, type DocumentStatus, documents } from "../state/schema.js";
import { deleteAllZimCursors, deleteZimCursor } from "../state/zim-cursors.js";
import { type ChunkRecord, type ChunkStore, passageText } from "../store/chunk-store.js";
import { planDeletions, stillGone } from "./deletion-guard.js";
import { type DiskGuard, type DiskState, isDiskFull } from "./disk.js";
import { mediaMtimeMs } from "./media.js";
import type { ParsePool } from "./parse-pool.js";
import { collectionOf, docIdOf, resolveInLibrary } from "./paths.js";
import type { FileOutcome } from "./pipeline.js";
import { buildRecords, type ChunkSettings } from "./records.js";
import { type LibraryListing, LibraryUnavailableError, scanLibrary } from "./scan.js";
import { WriteBatch } from "./write-batch.js";
import { ingestZim, type ZimProgress } from "./zim-ingest.js";

/** Live indexing progress, as shown by `/status` and the CLI bar. */
export interface IndexProgress {
  /** Files waiting in the queue. */
  queued: number;
  /** File being processed now, library-relative. */
  current: string | null;
  /** Chunks of the current file embedded so far / total (0/0 without an embedding model). */
  currentChunks: { done: number; total: number };
  /** Files finished (indexed, unchanged, failed, skipped or removed) since start. */
  processed: number;
  /** Articles of the ZIM archive being indexed now; null for other files. */
  currentArticles: ZimProgress | null;
}

/** Whether the library folder can be read; when not, nothing is deleted and indexing waits. */
export interface LibraryAvailability {
  available: boolean;
  /** Why not, e.g. "does not exist", "permission denied", "the folder is empty …". */
  reason: string | null;
  /** Epoch ms of the last change. */
  since: number;
  /** Collections whose folder vanished or is empty; their documents are kept (see `almanac index --prune`). */
  missingCollections: string[];
}

/** Indexer settings taken from the config. */
export interface IndexerOptions extends ChunkSettings {
  libraryDir: string;
  limits: ParseLimits;
  /** Wait before the second listing that confirms a mass deletion, ms. Default 5,000. */
  confirmDeleteMs: number;
  /** How often an unavailable library is looked at again, ms. Default 10,000. */
  libraryRetryMs: number;
  /** Articles indexed per ZIM archive, 0 for all (config `zimMaxArticles`). */
  zimMaxArticles: number;
  /** Per-archive limits by library-relative path (config `zimFilters`), over `zimMaxArticles`. */
  zimFilters: Record<string, { maxArticles?: number | undefined; pathPrefix?: string | undefined }>;
  /** ZIM articles per worker batch (config `zimBatchArticles`). */
  zimBatchArticles: number;
}

/** Events: `progress`, `document` (one file's result), `chunks` (a ZIM batch committed), `library` (availability changed), `idle`. */
export type IndexerEvents = {
  progress: [IndexProgress];
  document: [{ path: string; status: DocumentStatus | "removed" | "unchanged"; error?: string; chunks?: number }];
  /** Chunks committed mid-file (a ZIM batch); a ZIM's final `document` event carries no count. */
  chunks: [number];
  library: [LibraryAvailability];
  idle: [];
};

type Action = "index" | "remove";

/**
 * Keeps the chunks table in step with the library folder, without ever losing
 * the index to a missing folder or a bad file.
 *
 * - `reconcile()` lists the folder and compares it with the SQLite state. New
 *   and changed files are queued. A document is deleted only on positive
 *   evidence ({@link planDeletions}): a missing, unreadable or empty root
 *   deletes nothing and marks the library unavailable (looked at again every
 *   `libraryRetryMs`); a mass deletion waits for a second listing.
 * - Files are read and parsed in worker threads ({@link ParsePool}) under
 *   {@link ParseLimits}; a file that fails is marked `failed` with the reason
 *   and the queue goes on. An I/O error keeps the document's chunks.
 * - A per-file SHA-256 means an unchanged file is never re-parsed or re-embedded.
 * - A file left `indexing` by two crashes in a row is marked `failed`, so a
 *   hostile file cannot crash-loop the server.
 * - Chunks are written in batches ({@link WriteBatch}).
 */
export class Indexer extends EventEmitter<IndexerEvents> {
  private readonly queue = new PQueue({ concurrency: 1 });
  private readonly pending = new Map<string, Action>();
  private progress: IndexProgress = {
    queued: 0,
    current: null,
    currentChunks: { done: 0, total: 0 },
    processed: 0,
    currentArticles: null,
  };
  private availability: LibraryAvailability = {
    available: true,
    reason: null,
    since: Date.now(),
    missingCollections: [],
  };
  private readonly writes: WriteBatch;
  private reconciling = 0;
  private firstReconcile = true;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  /** Consecutive I/O failures per path, for the retry backoff. */
  private readonly ioFailures = new Map<string, number>();
  private readonly ioRetryTimers = new Set<NodeJS.Timeout>();
  /** Work held back while the disk is full, run again when the {@link DiskGuard} resumes. */
  private readonly deferred = new Map<string, Action>();

  constructor(
    private readonly opts: IndexerOptions,
    private readonly db: StateDb,
    store: ChunkStore,
    /** The embedding model now (an embedding switch replaces it while indexing is paused). */
    private readonly embedderOf: () => Embedder | null,
    private readonly parser: ParsePool,
    private readonly log: Logger,
    /** Pauses indexing on a full disk or below the free-space floor; null: never pause. */
    private readonly disk: DiskGuard | null = null,
  ) {
    super();
    this.writes = new WriteBatch(
      db,
      store,
      log,
      (e) => this.emit("document", e),
      (paths) => this.diskFull(paths),
    );
    disk?.on("resume", () => this.resumeDeferred());
    disk?.on("change", (d) => {
      if (d.paused)
        this.log.error({ reason: d.reason, deferred: this.deferred.size }, "indexing paused for disk space");
    });
    this.queue.on("idle", () => {
      void this.writes.finish().then(() => this.emit("idle"));
    });
  }

  /** Snapshot of the live progress. */
  getProgress(): IndexProgress {
    const articles = this.progress.currentArticles;
    return {
      ...this.progress,
      queued: this.pending.size,
      currentChunks: { ...this.progress.currentChunks },
      currentArticles: articles && { ...articles },
    };
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
    return { ...this.availability, missingCollections: [...this.availability.missingCollections] };
  }

  /** Looks at the library folder now (one listing, no indexing) and returns its availability. */
  async checkAvailability(): Promise<LibraryAvailability> {
    await this.list();
    return this.getAvailability();
  }

  private get embedder(): Embedder | null {
    return this.embedderOf();
  }

  /**
   * Pauses indexing for an embedding switch: no new file starts, the one being
   * indexed finishes (a ZIM archive: the whole archive), and
   * its writes are committed. Files that change meanwhile wait in the queue.
   * @returns resume: starts the queue again.
   */
  async pause(): Promise<() => void> {
    this.queue.pause();
    await this.queue.onPendingZero();
    await this.writes.finish();
    const release = this.hold();
    return () => {
      release();
      this.queue.start();
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
    return (
      this.reconciling > 0 ||
      this.pending.size > 0 ||
      this.deferred.size > 0 ||
      this.queue.pending > 0 ||
      this.writes.busy
    );
  }

  /**
   * Full reconcile of folder and state; resolves once the queue is drained and
   * the table maintained. Never throws for a missing folder: the library is
   * marked unavailable instead.
   * @param opts.pruneCollections - delete the documents of collections whose folder vanished or is empty.
   */
  async reconcile(opts: { pruneCollections?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.reconciling++;
    try {
      const listing = await this.list();
      if (!listing || this.closed) return;
      const rows = this.db.select().from(documents).all();
      if (this.firstReconcile) this.failCrashLoops(rows);
      this.firstReconcile = false;
      const plan = planDeletions(
        rows.map((r) => r.path),
        listing,
        opts.pruneCollections,
      );
      this.setMissingCollections(plan.missingCollections);
      if (plan.emptyRoot) {
        this.setAvailability(
          false,
          `the folder is empty but the index holds ${rows.length} documents; is the drive mounted? Nothing was deleted`,
        );
        return;
      }
      let gone = plan.gone;
      if (plan.needsSecondLook) {
        this.log.warn(
          { documents: gone.length, of: rows.length },
          "many documents look deleted; listing again to be sure",
        );
        await new Promise((r) => setTimeout(r, this.opts.confirmDeleteMs));
        const again = await this.list();
        if (!again || this.closed) return;
        gone = stillGone(gone, again);
      }
      for (const path of gone) this.enqueue(path, "remove");
      const known = new Map(rows.map((r) => [r.path, r]));
      for (const path of listing.files) {
        if (this.closed) return;
        const row = known.get(path);
        if (!row || row.status === "pending" || row.status === "indexing" || (await this.statChanged(path, row)))
          this.enqueue(path);
      }
    } finally {
      this.reconciling--;
    }
    await this.drain();
  }

  /** Queues one library-relative path for (re)indexing, or for removal once a listing proved it gone; duplicates collapse. */
  enqueue(path: string, action: Action = "index"): void {
    if (this.closed) return;
    const had = this.pending.has(path);
    this.pending.set(path, action);
    if (had) return;
    this.progress.queued = this.pending.size;
    void this.queue.add(async () => {
      const todo = this.pending.get(path) ?? "index";
      this.pending.delete(path);
      try {
        if (await this.disk?.blocked()) this.deferred.set(path, todo);
        else if (todo === "remove") await this.remove(path);
        else await this.process(path);
      } catch (err) {
        if (isDiskFull(err)) this.diskFull([path], todo);
        else this.log.error({ path, err: (err as Error).message }, "indexing failed unexpectedly");
      }
      this.done();
    });
  }

  /** A write ran out of space: pause, and keep the paths for when there is room again. */
  private diskFull(paths: string[], todo: Action = "index"): void {
    for (const p of paths) this.deferred.set(p, todo);
    this.disk?.trip();
  }

  /** Space is back: queue what waited, and the maintenance a full disk cut short. */
  private resumeDeferred(): void {
    if (this.closed) return;
    this.log.info({ files: this.deferred.size }, "disk space is back; indexing resumes");
    const work = [...this.deferred];
    this.deferred.clear();
    this.writes.spaceBack();
    for (const [path, todo] of work) this.enqueue(path, todo);
    if (work.length === 0) void this.writes.finish();
  }

  /** Library-relative paths waiting in the queue, in queue order. */
  queuedPaths(): string[] {
    return [...this.pending.keys()];
  }

  /** Re-reads, re-chunks and re-indexes one document even when its bytes are unchanged. */
  reindex(path: string): void {
    this.setStatus(path, { contentHash: null });
    // A ZIM archive starts over instead of resuming at its cursor.
    deleteZimCursor(this.db, docIdOf(path));
    this.enqueue(path);
  }

  /** Resolves when the queue is empty and the post-batch maintenance is done. */
  async drain(): Promise<void> {
    do {
      await this.queue.onIdle();
      await this.writes.finish();
    } while (this.queue.size + this.queue.pending > 0 || this.writes.busy);
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
    for (const t of [this.retryTimer, this.rescanTimer, ...this.ioRetryTimers]) if (t) clearTimeout(t);
    this.queue.clear();
    this.pending.clear();
    const current = this.progress.current;
    await stopParsing();
    await this.queue.onIdle();
    if (current)
      this.db
        .update(documents)
        .set({ attempts: sql`max(${documents.attempts} - 1, 0)` })
        .where(eq(documents.path, current))
        .run();
    await this.writes.finish();
    this.writes.close();
  }

  /** Lists the library; on failure marks it unavailable and schedules another look. */
  private async list(): Promise<LibraryListing | null> {
    try {
      const listing = await scanLibrary(this.opts.libraryDir);
      this.setAvailability(true, null);
      return listing;
    } catch (err) {
      if (!(err instanceof LibraryUnavailableError)) throw err;
      this.setAvailability(false, `${err.reason}; nothing was deleted`);
      return null;
    }
  }

  private setMissingCollections(names: string[]): void {
    if (names.join("/") === this.availability.missingCollections.join("/")) return;
    this.availability = { ...this.availability, missingCollections: names };
    if (names.length > 0)
      this.log.warn({ collections: names }, "collection folders are missing or empty; their documents are kept");
    this.emit("library", this.getAvailability());
  }

  private setAvailability(available: boolean, reason: string | null): void {
    if (!available && !this.closed && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.reconcile();
      }, this.opts.libraryRetryMs);
      this.retryTimer.unref();
    }
    if (this.availability.available === available && this.availability.reason === reason) return;
    this.availability = { ...this.availability, available, reason, since: Date.now() };
    if (available) this.log.info({ library: this.opts.libraryDir }, "library folder is available");
    else this.log.error({ library: this.opts.libraryDir, reason }, "library folder is unavailable; indexing paused");
    this.emit("library", this.getAvailability());
  }

  /** Marks files that two runs in a row left mid-parse as failed, so a hostile file cannot crash-loop the server. */
  private failCrashLoops(rows: DocumentRow[]): void {
    for (const r of rows) {
      if (r.status !== "indexing" || r.attempts < 2) continue;
      r.status = "failed";
      this.setStatus(r.path, {
        status: "failed",
        error: "parsing this file stopped Almanac twice; it is not retried until it changes",
        attempts: 0,
      });
    }
  }

  /** A missing file is deleted only by a reconcile that proves it gone; this asks for one soon. */
  private requestRescan(): void {
    if (this.rescanTimer || this.closed) return;
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = null;
      void this.reconcile();
    }, 1000);
  }

  private async statChanged(path: string, row: DocumentRow): Promise<boolean> {
    try {
      const abs = resolveInLibrary(this.opts.libraryDir, path);
      const s = await lstat(abs);
      const mtime = formatOf(path) === "media" ? await mediaMtimeMs(abs, s.mtimeMs) : Math.trunc(s.mtimeMs);
      return s.size !== row.size || mtime !== row.mtimeMs;
    } catch {
      return true;
    }
  }

  private setStatus(path: string, values: DocumentValues): void {
    updateDocument(this.db, path, values);
  }

  private upsert(path: string, existing: DocumentRow | undefined, values: DocumentValues): void {
    if (existing) {
      this.setStatus(path, values);
      return;
    }
    this.db
      .insert(documents)
      .values({
        id: docIdOf(path),
        path,
        collection: collectionOf(path),
        format: formatOf(path) ?? "text",
        updatedAt: Date.now(),
        ...values,
      })
      .run();
  }

  private async remove(path: string): Promise<void> {
    const existing = this.db.select().from(documents).where(eq(documents.path, path)).get();
    if (!existing) return;
    await this.writes.remove(existing.id);
    deleteZimCursor(this.db, existing.id);
    this.db.delete(documents).where(eq(documents.path, path)).run();
    this.ioFailures.delete(path);
    this.emit("document", { path, status: "removed" });
  }

  private async process(path: string): Promise<void> {
    if (!this.availability.available || this.closed) return;
    this.progress.current = path;
    this.progress.currentChunks = { done: 0, total: 0 };
    this.emit("progress", this.getProgress());
    const existing = this.db.select().from(documents).where(eq(documents.path, path)).get();
    // Counted before the parse and cleared after it: only a crash during the parse leaves it raised.
    this.upsert(path, existing, { status: "indexing", attempts: (existing?.attempts ?? 0) + 1 });
    if (formatOf(path) === "zim") return this.processZim(path, existing);
    const outcome = await this.parser.run({
      abs: resolveInLibrary(this.opts.libraryDir, path),
      path,
      knownHash: existing?.status === "indexed" ? existing.contentHash : null,
      wantReader: existing?.status === "indexed" && !hasDocumentText(this.db, docIdOf(path)),
      wantMeta: existing?.status === "indexed" && existing.metaVersion < METADATA_VERSION,
      limits: this.opts.limits,
      chunking: this.embedder
        ? null
        : {
            docId: docIdOf(path),
            chunkTokens: this.opts.chunkTokens,
            chunkOverlapTokens: this.opts.chunkOverlapTokens,
          },
    });
    if (this.closed) return;
    await this.apply(path, existing, outcome);
  }

  private async processZim(path: string, existing: DocumentRow | undefined): Promise<void> {
    const own = this.opts.zimFilters[path] ?? {};
    const result = await ingestZim(
      {
        db: this.db,
        writes: this.writes,
        parser: this.parser,
        embedder: this.embedder,
        log: this.log,
        limits: this.opts.limits,
        chunking: this.opts,
        batchArticles: this.opts.zimBatchArticles,
        filter: { maxArticles: own.maxArticles ?? this.opts.zimMaxArticles, pathPrefix: own.pathPrefix ?? "" },
        closed: () => this.closed,
        progress: (p) => {
          this.progress.currentArticles = p;
          this.emit("progress", this.getProgress());
        },
        committed: (chunks) => this.emit("chunks", chunks),
      },
      path,
      resolveInLibrary(this.opts.libraryDir, path),
    );
    this.progress.currentArticles = null;
    switch (result.kind) {
      case "stopped":
        return;
      case "indexed":
        this.emit("document", { path, status: "indexed" });
        return;
      case "unchanged":
        this.emit("document", { path, status: "unchanged" });
        return;
      case "failed":
        deleteZimCursor(this.db, docIdOf(path));
        return this.apply(path, existing, { ...result, hash: null });
      default:
        return this.apply(path, existing, result);
    }
  }

  private async apply(path: string, existing: DocumentRow | undefined, outcome: FileOutcome): Promise<void> {
    const docId = docIdOf(path);
    if (outcome.kind !== "unreadable") this.ioFailures.delete(path);
    switch (outcome.kind) {
      case "gone":
        // Not evidence on its own: restore the row and let a listing decide.
        if (existing) this.setStatus(path, { status: existing.status, attempts: 0 });
        else this.db.delete(documents).where(eq(documents.path, path)).run();
        this.requestRescan();
        return;
      case "unreadable": {
        // The previous chunks stay searchable; size -1 makes the next reconcile try again.
        const kept = existing?.chunkCount ? ` (the ${existing.chunkCount} chunks indexed before are kept)` : "";
        this.setStatus(path, { status: "failed", error: `${outcome.reason}${kept}`, size: -1, attempts: 0 });
        this.scheduleIoRetry(path);
        this.log.warn({ path, reason: outcome.reason }, "file could not be read");
        this.emit("document", { path, status: "failed", error: outcome.reason });
        return;
      }
      case "skipped":
      case "failed": {
        if (existing?.chunkCount) await this.writes.remove(docId);
        this.setStatus(path, {
          status: outcome.kind,
          error: outcome.reason,
          warning: null,
          contentHash: outcome.kind === "failed" ? outcome.hash : null,
          chunkCount: 0,
          size: outcome.size ?? existing?.size ?? 0,
          mtimeMs: outcome.mtimeMs ?? existing?.mtimeMs ?? 0,
          attempts: 0,
        });
        if (outcome.kind === "failed") this.log.warn({ path, reason: outcome.reason }, "file failed");
        this.emit("document", { path, status: outcome.kind, error: outcome.reason });
        return;
      }
      case "unchanged":
        if (outcome.reader) putDocumentText(this.db, docId, outcome.reader);
        this.setStatus(path, {
          status: "indexed",
          size: outcome.size,
          mtimeMs: outcome.mtimeMs,
          attempts: 0,
          ...(outcome.published ? publishedValues(outcome.published) : {}),
        });
        this.emit("document", { path, status: "unchanged" });
        return;
      case "parsed": {
        this.setStatus(path, { size: outcome.size, mtimeMs: outcome.mtimeMs, error: null, attempts: 0 });
        const { doc } = outcome;
        const records: ChunkRecord[] = outcome.records ?? (await this.embedRecords(docId, path, doc));
        await this.writes.add(path, {
          docId,
          // A file never seen before has no chunks to delete; skipping the delete keeps first indexing fast.
          replace: existing !== undefined,
          records,
          reader: outcome.reader,
          state: {
            status: "indexed",
            title: doc.title,
            author: doc.author,
            contentHash: outcome.hash,
            chunkCount: records.length,
            tags: JSON.stringify([...new Set(records.flatMap((r) => r.tags))].sort()),
            warning: doc.warnings?.join("; ") ?? null,
            ...publishedValues(doc.published),
          },
        });
        return;
      }
    }
  }

  /** Chunks with the embedding model's tokenizer and embeds the chunks over every embedding context, reporting progress. */
  private async embedRecords(docId: string, path: string, doc: ParsedDocument): Promise<ChunkRecord[]> {
    const records = buildRecords(docId, path, doc, this.opts, this.embedder);
    const embedder = this.embedder;
    if (!embedder) return records;
    const progress = { done: 0, total: records.length };
    this.progress.currentChunks = progress;
    const vectors = await embedder.embedMany(records.map(passageText), "document", (done) => {
      progress.done = done;
      if (done % 8 === 0) this.emit("progress", this.getProgress());
    });
    for (const [i, record] of records.entries()) record.vector = vectors[i] as number[];
    return records;
  }

  /** Retries a file after an I/O error: 30 s, 1, 2, 4 … minutes, at most 30. */
  private scheduleIoRetry(path: string): void {
    const n = (this.ioFailures.get(path) ?? 0) + 1;
    this.ioFailures.set(path, n);
    if (this.closed) return;
    const t = setTimeout(
      () => {
        this.ioRetryTimers.delete(t);
        if (this.ioFailures.has(path)) this.enqueue(path);
      },
      Math.min(30_000 * 2 ** (n - 1), 30 * 60_000),
    );
    t.unref();
    this.ioRetryTimers.add(t);
  }

  private done(): void {
    this.progress.processed++;
    this.progress.current = null;
    this.emit("progress", this.getProgress());
  }

  /** Marks every document for re-indexing (used when the embedding model changes). */
  resetAll(): void {
    this.db.update(documents).set({ status: "pending", contentHash: null, updatedAt: Date.now() }).run();
    deleteAllZimCursors(this.db);
  }

  /** State paths under a folder (used by the watcher when a folder disappears). */
  pathsUnder(prefix: string): string[] {
    const rows = this.db.select({ path: documents.path }).from(documents).all();
    return rows.map((r) => r.path).filter((p) => p === prefix || p.startsWith(`${prefix}/`));
  }

  /** Document counts by status. */
  countsByStatus(): Record<DocumentStatus, number> {
    const counts = Object.fromEntries(DOCUMENT_STATUSES.map((s) => [s, 0])) as Record<DocumentStatus, number>;
    for (const r of this.db.select({ status: documents.status }).from(documents).all()) counts[r.status]++;
    return counts;
  }

  /** Indexed documents by format. */
  countsByFormat(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.db
      .select({ format: documents.format })
      .from(documents)
      .where(eq(documents.status, "indexed"))
      .all())
      counts[r.format] = (counts[r.format] ?? 0) + 1;
    return counts;
  }

  /** Collections that have at least one document, sorted. */
  collections(): string[] {
    return this.db
      .selectDistinct({ collection: documents.collection })
      .from(documents)
      .all()
      .map((r) => r.collection)
      .sort();
  }

  /** Failed and skipped documents with their reasons, and indexed ones with warnings. */
  failures(): Array<{ path: string; status: DocumentStatus; error: string }> {
    return this.db
      .select({ path: documents.path, status: documents.status, error: documents.error, warning: documents.warning })
      .from(documents)
      .where(or(inArray(documents.status, ["failed", "skipped"]), isNotNull(documents.warning)))
      .all()
      .map((r) => ({
        path: r.path,
        status: r.status,
        error: (r.status === "indexed" ? r.warning : r.error) ?? "unknown error",
      }));
  }
}
