import { formatOf } from "../ingest/parse.js";
import type { ParsedDocument } from "../ingest/types.js";
import { zimFileStat } from "../ingest/zim/parts.js";
import type { Logger } from "../log.js";
import type { Embedder } from "../models/embedder.js";
import { type DocumentRepository, type DocumentValues, METADATA_VERSION, publishedValues } from "../state/documents.js";
import type { DocumentRow } from "../state/schema.js";
import type { ZimCursorRepository } from "../state/zim-cursors.js";
import { type ChunkRecord, passageText } from "../store/chunk-store.js";
import type { IndexerEvents, IndexerOptions, ProgressState } from "./indexer-types.js";
import type { ParsePool } from "./parse-pool.js";
import { collectionOf, docIdOf, resolveInLibrary } from "./paths.js";
import type { FileOutcome, FileTask } from "./pipeline.js";
import { buildRecords, documentLanguage } from "./records.js";
import type { WriteBatch } from "./write-batch.js";
import { ingestZim } from "./zim-ingest.js";

/** What the per-file step works with, lent by the indexer. */
export interface FileIndexerDeps {
  opts: IndexerOptions;
  docs: DocumentRepository;
  cursors: ZimCursorRepository;
  writes: WriteBatch;
  parser: ParsePool;
  /** The embedding model now, or null (chunks are then made in the worker, with no vectors). */
  embedder: () => Embedder | null;
  log: Logger;
  /** The live progress, updated in place. */
  progress: ProgressState;
  /** Emits the indexer's `progress` event with a snapshot. */
  reportProgress: () => void;
  /** Emits the indexer's `document` event: one file's result. */
  document: (e: IndexerEvents["document"][0]) => void;
  /** Emits the indexer's `chunks` event: chunks a ZIM batch committed. */
  chunks: (chunks: number) => void;
  /** Whether the indexer is closing: work stops between steps. */
  closed: () => boolean;
  /** Whether the library folder was readable at the last look. */
  available: () => boolean;
  /** Asks for a reconcile soon (a file vanished mid-read). */
  requestRescan: () => void;
  /** I/O retries with backoff ({@link IndexQueue.retryAfterIoError}). */
  io: { retryAfterIoError(path: string): void; forgetIoFailure(path: string): void };
}

type Outcome<K extends FileOutcome["kind"]> = Extract<FileOutcome, { kind: K }>;

/**
 * The per-file step of the indexer: parses one library file in a worker
 * (or streams a ZIM archive through {@link ingestZim}) and records the
 * outcome: chunks into the write batch, state into the documents table.
 * A file's `attempts` is raised before the parse and cleared after it, so
 * only a crash during the parse leaves it raised.
 */
export class FileIndexer {
  constructor(private readonly d: FileIndexerDeps) {}

  /** Indexes one library-relative path (nothing while the library is unavailable or the indexer closing). */
  async process(path: string): Promise<void> {
    if (!this.d.available() || this.d.closed()) return;
    this.d.progress.current = path;
    this.d.progress.currentChunks = { done: 0, total: 0 };
    this.d.reportProgress();
    const existing = this.d.docs.byPath(path);
    this.upsert(path, existing, { status: "indexing", attempts: (existing?.attempts ?? 0) + 1 });
    if (formatOf(path) === "zim") return this.processZim(path, existing);
    const outcome = await this.d.parser.run(this.task(path, existing));
    if (this.d.closed()) return;
    await this.apply(path, existing, outcome);
  }

  /** Removes a document a listing proved gone: its chunks, reader text, ZIM cursor and state row. */
  async remove(path: string): Promise<void> {
    const existing = this.d.docs.byPath(path);
    if (!existing) return;
    await this.d.writes.remove(existing.id);
    this.d.cursors.delete(existing.id);
    this.d.docs.remove(path);
    this.d.io.forgetIoFailure(path);
    this.d.document({ path, status: "removed" });
  }

  /** The worker's task: what is known of the file decides what it skips (unchanged bytes, stored text, metadata). */
  private task(path: string, existing: DocumentRow | undefined): FileTask {
    const { opts } = this.d;
    const indexed = existing?.status === "indexed";
    return {
      abs: resolveInLibrary(opts.libraryDir, path),
      path,
      knownHash: indexed ? existing.contentHash : null,
      wantReader: indexed && !this.d.docs.hasText(docIdOf(path)),
      wantMeta: indexed && existing.metaVersion < METADATA_VERSION,
      limits: opts.limits,
      chunking: this.d.embedder()
        ? null
        : { docId: docIdOf(path), chunkTokens: opts.chunkTokens, chunkOverlapTokens: opts.chunkOverlapTokens },
    };
  }

  private upsert(path: string, existing: DocumentRow | undefined, values: DocumentValues): void {
    if (existing) this.d.docs.update(path, values);
    else
      this.d.docs.insert(
        { id: docIdOf(path), path, collection: collectionOf(path), format: formatOf(path) ?? "text" },
        values,
      );
  }

  private async processZim(path: string, existing: DocumentRow | undefined): Promise<void> {
    const { opts, progress } = this.d;
    const own = opts.zimFilters[path] ?? {};
    const result = await ingestZim(
      {
        docs: this.d.docs,
        cursors: this.d.cursors,
        writes: this.d.writes,
        parser: this.d.parser,
        embedder: this.d.embedder(),
        log: this.d.log,
        limits: opts.limits,
        chunking: opts,
        batchArticles: opts.zimBatchArticles,
        filter: { maxArticles: own.maxArticles ?? opts.zimMaxArticles, pathPrefix: own.pathPrefix ?? "" },
        closed: this.d.closed,
        progress: (p) => {
          progress.currentArticles = p;
          this.d.reportProgress();
        },
        committed: this.d.chunks,
      },
      path,
      resolveInLibrary(opts.libraryDir, path),
    );
    progress.currentArticles = null;
    switch (result.kind) {
      case "stopped":
        return;
      case "indexed":
      case "unchanged":
        this.d.document({ path, status: result.kind });
        return;
      case "failed": {
        this.d.cursors.delete(docIdOf(path));
        // Its size and time are kept, so it is not read again until it changes.
        const facts = await zimFileStat(resolveInLibrary(opts.libraryDir, path)).catch(() => ({}));
        return this.apply(path, existing, { ...result, hash: null, ...facts });
      }
      default:
        return this.apply(path, existing, result);
    }
  }

  private async apply(path: string, existing: DocumentRow | undefined, outcome: FileOutcome): Promise<void> {
    if (outcome.kind !== "unreadable") this.d.io.forgetIoFailure(path);
    switch (outcome.kind) {
      case "gone":
        return this.gone(path, existing);
      case "unreadable":
        return this.unreadable(path, existing, outcome);
      case "skipped":
      case "failed":
        return this.rejected(path, existing, outcome);
      case "unchanged":
        return this.unchanged(path, outcome);
      case "parsed":
        return this.parsed(path, existing, outcome);
    }
  }

  /** The file vanished mid-read: not evidence on its own, so the row is restored and a listing decides. */
  private gone(path: string, existing: DocumentRow | undefined): void {
    if (existing) this.d.docs.update(path, { status: existing.status, attempts: 0 });
    else this.d.docs.remove(path);
    this.d.requestRescan();
  }

  /** An I/O error: the previous chunks stay searchable; size -1 makes the next reconcile try again. */
  private unreadable(path: string, existing: DocumentRow | undefined, outcome: Outcome<"unreadable">): void {
    const kept = existing?.chunkCount ? ` (the ${existing.chunkCount} chunks indexed before are kept)` : "";
    this.d.docs.update(path, { status: "failed", error: `${outcome.reason}${kept}`, size: -1, attempts: 0 });
    this.d.io.retryAfterIoError(path);
    this.d.log.warn({ path, reason: outcome.reason }, "file could not be read");
    this.d.document({ path, status: "failed", error: outcome.reason });
  }

  /** Skipped (not a book) or failed (could not be parsed): its chunks go, the reason is kept. */
  private async rejected(
    path: string,
    existing: DocumentRow | undefined,
    outcome: Outcome<"skipped"> | Outcome<"failed">,
  ): Promise<void> {
    if (existing?.chunkCount) await this.d.writes.remove(docIdOf(path));
    this.d.docs.update(path, {
      status: outcome.kind,
      error: outcome.reason,
      warning: null,
      contentHash: outcome.kind === "failed" ? outcome.hash : null,
      chunkCount: 0,
      size: outcome.size ?? existing?.size ?? 0,
      mtimeMs: outcome.mtimeMs ?? existing?.mtimeMs ?? 0,
      attempts: 0,
    });
    if (outcome.kind === "failed") this.d.log.warn({ path, reason: outcome.reason }, "file failed");
    this.d.document({ path, status: outcome.kind, error: outcome.reason });
  }

  /** Same bytes as indexed: only the reader text or publication facts the worker was asked for are stored. */
  private unchanged(path: string, outcome: Outcome<"unchanged">): void {
    if (outcome.reader) this.d.docs.putText(docIdOf(path), outcome.reader);
    this.d.docs.update(path, {
      status: "indexed",
      size: outcome.size,
      mtimeMs: outcome.mtimeMs,
      attempts: 0,
      ...(outcome.published ? publishedValues(outcome.published) : {}),
    });
    this.d.document({ path, status: "unchanged" });
  }

  /** New or changed bytes: the chunks (embedded here with a model) go to the write batch with the row's values. */
  private async parsed(path: string, existing: DocumentRow | undefined, outcome: Outcome<"parsed">): Promise<void> {
    const docId = docIdOf(path);
    this.d.docs.update(path, { size: outcome.size, mtimeMs: outcome.mtimeMs, error: null, attempts: 0 });
    const { doc } = outcome;
    const records: ChunkRecord[] = outcome.records ?? (await this.embedRecords(docId, path, doc));
    await this.d.writes.add(path, {
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
        lang: documentLanguage(doc.published?.language, records),
      },
    });
  }

  /** Chunks with the embedding model's tokenizer and embeds the chunks over every embedding context, reporting progress. */
  private async embedRecords(docId: string, path: string, doc: ParsedDocument): Promise<ChunkRecord[]> {
    const embedder = this.d.embedder();
    const records = buildRecords(docId, path, doc, this.d.opts, embedder);
    if (!embedder) return records;
    const progress = { done: 0, total: records.length };
    this.d.progress.currentChunks = progress;
    const vectors = await embedder.embedMany(records.map(passageText), "document", (done) => {
      progress.done = done;
      if (done % 8 === 0) this.d.reportProgress();
    });
    for (const [i, record] of records.entries()) record.vector = vectors[i] as number[];
    return records;
  }
}
