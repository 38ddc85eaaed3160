import { EventEmitter } from "node:events";
import { readFile, stat } from "node:fs/promises";
import { eq, inArray } from "drizzle-orm";
import PQueue from "p-queue";
import { type ChunkRecord, type ChunkStore, passageText } from "../index/chunk-store.js";
import { categorise } from "../ingest/categories.js";
import { chunkDocument, estimateTokens } from "../ingest/chunker.js";
import { formatOf, parseFile } from "../ingest/parse.js";
import type { ParsedDocument } from "../ingest/types.js";
import { listTitles } from "../ingest/units.js";
import type { Logger } from "../log.js";
import type { Embedder } from "../models/runtime.js";
import type { StateDb } from "../state/db.js";
import { type DocumentRow, type DocumentStatus, documents } from "../state/schema.js";
import { collectionOf, contentHash, docIdOf, folderTags, resolveInLibrary } from "./paths.js";
import { scanLibrary } from "./scan.js";

/** Live indexing progress, as shown by `/status` and the CLI bar. */
export interface IndexProgress {
  /** Files waiting in the queue. */
  queued: number;
  /** File being processed now, library-relative. */
  current: string | null;
  /** Chunks of the current file embedded so far / total (0/0 without an embedding model). */
  currentChunks: { done: number; total: number };
  /** Files finished (indexed, unchanged, failed or removed) since start. */
  processed: number;
}

/** Indexer tuning taken from the config. */
export interface IndexerOptions {
  libraryDir: string;
  chunkTokens: number;
  chunkOverlapTokens: number;
}

/** Events: `progress` (IndexProgress), `document` ({ path, status, error? }), `idle` (). */
export type IndexerEvents = {
  progress: [IndexProgress];
  document: [{ path: string; status: DocumentStatus | "removed" | "unchanged"; error?: string; chunks?: number }];
  idle: [];
};

/** A parsed document waiting for the batched index write. */
interface PendingWrite {
  docId: string;
  /** The document may already have chunks in the table (it has a state row), so they are deleted first. */
  replace: boolean;
  records: ChunkRecord[];
  state: Partial<typeof documents.$inferInsert>;
}

/** A write is flushed at this many chunks, documents or milliseconds, whichever comes first. */
const BATCH_RECORDS = 4096;
const BATCH_DOCUMENTS = 1024;
const BATCH_MS = 3000;

/**
 * Keeps the chunks table in step with the library folder.
 *
 * - `reconcile()` compares the folder with the SQLite ingest state: new and
 *   changed files are queued, deleted files lose their chunks, and files left
 *   `indexing` by a crash are redone, so a restart resumes where it stopped.
 * - A per-file SHA-256 means an unchanged file is never re-parsed or re-embedded,
 *   even when its mtime changed.
 * - A file that fails to parse is marked `failed` with the reason; the queue goes on.
 * - Chunks are written in batches (one LanceDB write per few thousand chunks or 3 s).
 * - After each drained batch, LanceDB indexes are built/updated and the table compacted.
 */
export class Indexer extends EventEmitter<IndexerEvents> {
  private readonly queue = new PQueue({ concurrency: 1 });
  private readonly pending = new Set<string>();
  private progress: IndexProgress = { queued: 0, current: null, currentChunks: { done: 0, total: 0 }, processed: 0 };
  private dirty = false;
  /** When indexes were last built/updated; long batches refresh them so search works before the batch ends. */
  private lastMaintain = 0;
  /** How long the last maintenance run took, ms. */
  private lastMaintainMs = 0;
  /** Parsed documents whose chunks wait for the next write, by path. */
  private readonly batch = new Map<string, PendingWrite>();
  /** Serialises every table write and maintenance run (concurrent LanceDB commits conflict). */
  private readonly storeOps = new PQueue({ concurrency: 1 });
  private batchRecords = 0;
  private lastFlush = Date.now();

  constructor(
    private readonly opts: IndexerOptions,
    private readonly db: StateDb,
    private readonly store: ChunkStore,
    private readonly embedder: Embedder | null,
    private readonly log: Logger,
  ) {
    super();
    this.queue.on("idle", () => {
      void this.finishBatch();
    });
  }

  /** Snapshot of the live progress. */
  getProgress(): IndexProgress {
    return { ...this.progress, queued: this.pending.size, currentChunks: { ...this.progress.currentChunks } };
  }

  /** True while files are queued or being processed. */
  get busy(): boolean {
    return this.pending.size > 0 || this.queue.pending > 0 || this.batch.size > 0 || this.dirty;
  }

  /** Full reconcile of folder and state; resolves once the queue is drained and the table maintained. */
  async reconcile(): Promise<void> {
    const files = new Set(await scanLibrary(this.opts.libraryDir));
    const rows = this.db.select().from(documents).all();
    const gone = rows.filter((r) => !files.has(r.path)).map((r) => r.path);
    for (const path of gone) this.enqueue(path);
    const known = new Map(rows.map((r) => [r.path, r]));
    for (const path of files) {
      const row = known.get(path);
      if (row?.status !== "indexed" || (await this.statChanged(path, row))) this.enqueue(path);
    }
    await this.drain();
  }

  /** Queues one library-relative path for (re)indexing or removal; duplicates collapse. */
  enqueue(path: string): void {
    if (this.pending.has(path)) return;
    this.pending.add(path);
    this.progress.queued = this.pending.size;
    void this.queue.add(async () => {
      this.pending.delete(path);
      try {
        await this.process(path);
      } catch (err) {
        this.log.error({ path, err: (err as Error).message }, "indexing failed unexpectedly");
      }
    });
  }

  /** Resolves when the queue is empty and the post-batch maintenance is done. */
  async drain(): Promise<void> {
    do {
      await this.queue.onIdle();
      await this.finishBatch();
    } while (this.queue.size + this.queue.pending > 0 || this.batch.size > 0);
  }

  private async statChanged(path: string, row: DocumentRow): Promise<boolean> {
    try {
      const s = await stat(resolveInLibrary(this.opts.libraryDir, path));
      return s.size !== row.size || Math.trunc(s.mtimeMs) !== row.mtimeMs;
    } catch {
      return true;
    }
  }

  private setStatus(path: string, values: Partial<typeof documents.$inferInsert>): void {
    this.db
      .update(documents)
      .set({ ...values, updatedAt: Date.now() })
      .where(eq(documents.path, path))
      .run();
  }

  private async process(path: string): Promise<void> {
    this.progress.current = path;
    this.progress.currentChunks = { done: 0, total: 0 };
    this.emit("progress", this.getProgress());
    const abs = resolveInLibrary(this.opts.libraryDir, path);
    const docId = docIdOf(path);
    const existing = this.db.select().from(documents).where(eq(documents.path, path)).get();
    let bytes: Buffer;
    let fileStat: Awaited<ReturnType<typeof stat>>;
    try {
      fileStat = await stat(abs);
      bytes = await readFile(abs);
    } catch {
      if (existing) {
        await this.flush();
        await this.storeOps.add(() => this.store.deleteDocument(docId));
        this.db.delete(documents).where(eq(documents.path, path)).run();
        this.dirty = true;
        this.emit("document", { path, status: "removed" });
      }
      this.done();
      return;
    }
    const hash = contentHash(bytes);
    const format = formatOf(path) ?? "text";
    const now = Date.now();
    if (existing?.status === "indexed" && existing.contentHash === hash) {
      this.setStatus(path, { size: fileStat.size, mtimeMs: Math.trunc(fileStat.mtimeMs) });
      this.emit("document", { path, status: "unchanged" });
      this.done();
      return;
    }
    const base = {
      id: docId,
      path,
      collection: collectionOf(path),
      format,
      size: fileStat.size,
      mtimeMs: Math.trunc(fileStat.mtimeMs),
      status: "indexing" as const,
      error: null,
      updatedAt: now,
    };
    if (existing) this.setStatus(path, base);
    else this.db.insert(documents).values(base).run();

    let doc: ParsedDocument;
    try {
      doc = await parseFile(abs);
    } catch (err) {
      const reason = (err as Error).message || String(err);
      await this.flush();
      await this.storeOps.add(() => this.store.deleteDocument(docId));
      this.setStatus(path, { status: "failed", error: reason, contentHash: hash, chunkCount: 0 });
      this.dirty = true;
      this.log.warn({ path, reason }, "file failed to parse");
      this.emit("document", { path, status: "failed", error: reason });
      this.done();
      return;
    }
    const records = await this.buildRecords(docId, path, doc);
    // A file never seen before has no chunks to delete; skipping the delete keeps first indexing fast.
    this.batch.set(path, {
      docId,
      replace: existing !== undefined,
      records,
      state: {
        status: "indexed",
        title: doc.title,
        author: doc.author,
        contentHash: hash,
        chunkCount: records.length,
      },
    });
    this.batchRecords += records.length;
    this.done();
    if (
      this.batchRecords >= BATCH_RECORDS ||
      this.batch.size >= BATCH_DOCUMENTS ||
      Date.now() - this.lastFlush > BATCH_MS
    )
      await this.flush();
    // Refresh indexes during long batches so search sees new books, but spend at most ~10% of the time on it:
    // on a large table one optimize() takes seconds, and it blocks this queue.
    if (Date.now() - this.lastMaintain > Math.max(15_000, 10 * this.lastMaintainMs)) {
      await this.flush();
      await this.maintain();
    }
  }

  /** Builds/updates LanceDB indexes and compacts, after any queued write. */
  private async maintain(): Promise<void> {
    this.dirty = false;
    await this.storeOps.add(async () => {
      const t0 = Date.now();
      await this.store
        .maintain()
        .catch((err: Error) => this.log.error({ err: err.message }, "index maintenance failed"));
      this.lastMaintain = Date.now();
      this.lastMaintainMs = this.lastMaintain - t0;
    });
  }

  /**
   * Writes the buffered documents' chunks in one LanceDB write, then marks
   * them indexed in one SQLite transaction. Until then their state stays
   * `indexing`, so a crash before the write redoes them on restart.
   */
  private flush(): Promise<void> {
    return this.storeOps.add(() => this.writeBatch());
  }

  private async writeBatch(): Promise<void> {
    this.lastFlush = Date.now();
    if (this.batch.size === 0) return;
    const entries = [...this.batch.entries()];
    this.batch.clear();
    this.batchRecords = 0;
    try {
      await this.store.write(
        entries.filter(([, e]) => e.replace).map(([, e]) => e.docId),
        entries.flatMap(([, e]) => e.records),
      );
    } catch (err) {
      const reason = `index write failed: ${(err as Error).message}`;
      this.log.error({ documents: entries.length, err: reason }, "index write failed");
      this.db.transaction(() => {
        for (const [path] of entries) this.setStatus(path, { status: "failed", error: reason, chunkCount: 0 });
      });
      for (const [path] of entries) this.emit("document", { path, status: "failed", error: reason });
      return;
    }
    const indexedAt = Date.now();
    this.db.transaction(() => {
      for (const [path, e] of entries) this.setStatus(path, { ...e.state, indexedAt });
    });
    this.dirty = true;
    for (const [path, e] of entries) this.emit("document", { path, status: "indexed", chunks: e.records.length });
  }

  private async buildRecords(docId: string, path: string, doc: ParsedDocument): Promise<ChunkRecord[]> {
    const embedder = this.embedder;
    // Leave room for the title/heading header and the family prefix inside the embedding context.
    const maxTokens = embedder
      ? Math.max(32, Math.min(this.opts.chunkTokens, embedder.contextSize - 48))
      : this.opts.chunkTokens;
    const chunks = chunkDocument(doc.text, doc.sections, {
      maxTokens,
      overlapTokens: Math.min(this.opts.chunkOverlapTokens, Math.floor(maxTokens / 2)),
      countTokens: embedder ? embedder.countTokens : estimateTokens,
    });
    const baseTags = [...new Set([...doc.tags, ...folderTags(path)])];
    const collection = collectionOf(path);
    this.progress.currentChunks = { done: 0, total: embedder ? chunks.length : 0 };
    const records: ChunkRecord[] = [];
    for (const c of chunks) {
      const headingPath = c.headingPath.join(" › ");
      const record: ChunkRecord = {
        id: `${docId}:${c.index}`,
        doc_id: docId,
        path,
        title: doc.title,
        author: doc.author,
        heading_path: headingPath,
        spine_index: c.spineIndex ?? null,
        chunk_index: c.index,
        start_offset: c.start,
        end_offset: c.end,
        text: c.text,
        lead_in: c.leadIn ?? null,
        search_text: `${doc.title}\n${headingPath}\n${c.leadIn ? `${c.leadIn}\n` : ""}${c.text}`,
        heading_text: [doc.title, headingPath, ...listTitles(c.text, c.leadIn)].join("\n"),
        tags: [...new Set([...baseTags, ...categorise(c.text, c.headingPath)])],
        format: doc.format,
        collection,
      };
      if (embedder) {
        record.vector = await embedder.embed(passageText(record), "document");
        this.progress.currentChunks.done++;
        if (this.progress.currentChunks.done % 8 === 0) this.emit("progress", this.getProgress());
      }
      records.push(record);
    }
    return records;
  }

  private done(): void {
    this.progress.processed++;
    this.progress.current = null;
    this.emit("progress", this.getProgress());
  }

  /** Writes what is buffered, maintains the indexes if anything changed, and waits for every store operation. */
  private async finishBatch(): Promise<void> {
    await this.flush();
    if (this.dirty) await this.maintain();
    await this.storeOps.onIdle();
    this.emit("idle");
  }

  /** Marks every document for re-indexing (used when the embedding model changes). */
  resetAll(): void {
    this.db.update(documents).set({ status: "pending", contentHash: null, updatedAt: Date.now() }).run();
  }

  /** Removes state rows for paths (used by the watcher when a folder disappears). */
  pathsUnder(prefix: string): string[] {
    const rows = this.db.select({ path: documents.path }).from(documents).all();
    return rows.map((r) => r.path).filter((p) => p === prefix || p.startsWith(`${prefix}/`));
  }

  /** Document counts by status. */
  countsByStatus(): Record<DocumentStatus, number> {
    const counts: Record<DocumentStatus, number> = { pending: 0, indexing: 0, indexed: 0, failed: 0 };
    for (const r of this.db.select({ status: documents.status }).from(documents).all()) counts[r.status]++;
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

  /** Failed documents with their reasons. */
  failures(): Array<{ path: string; error: string }> {
    return this.db
      .select({ path: documents.path, error: documents.error })
      .from(documents)
      .where(inArray(documents.status, ["failed"]))
      .all()
      .map((r) => ({ path: r.path, error: r.error ?? "unknown error" }));
  }
}
