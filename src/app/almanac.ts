// Over 300 lines: the composition root. Opening the data folder, assembling the parts in order and closing them
// again is one sequence; the pieces that stand alone live beside it (index-tables, model-switch, status, services).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Config, parseLimitsOf } from "../config.js";
import { Answerer } from "../generate/answer.js";
import type { DocumentMetaLookup } from "../generate/sources.js";
import { CHUNKER_VERSION, estimateTokens } from "../ingest/chunker.js";
import { DiskGuard, isDiskFull, readableStoreError } from "../library/disk.js";
import { Indexer } from "../library/indexer.js";
import { ParsePool } from "../library/parse-pool.js";
import { docIdOf } from "../library/paths.js";
import { embeddingPart, type IndexRebuildProgress, swapWhenRebuilt } from "../library/rebuild.js";
import { checkReset } from "../library/reset.js";
import { schedulePurge } from "../library/trash.js";
import { watchLibrary } from "../library/watcher.js";
import type { Logger } from "../log.js";
import type { Embedder } from "../models/embedder.js";
import { watchModelsFolder } from "../models/folder-watch.js";
import type { ModelRole } from "../models/registry.js";
import { ModelRuntime } from "../models/runtime.js";
import { Retriever } from "../retrieve/search.js";
import { ApiKeyStore } from "../state/api-keys.js";
import { ConversationStore } from "../state/conversations.js";
import { getMeta, openStateDb, STATE_FILE, type StateDb, setMeta } from "../state/db.js";
import { markMissingDocumentTexts } from "../state/document-texts.js";
import { DocumentRepository, documentMetaLookup, markStaleMetadata } from "../state/documents.js";
import { PageIndex } from "../state/page-index.js";
import { SessionStore } from "../state/sessions.js";
import { applySavedSettings, saveSetting } from "../state/settings.js";
import { UserStore } from "../state/users.js";
import { acquireWriterLock, type WriterLock } from "../state/writer-lock.js";
import { ACTIVE_TABLE_KEY, type ChunkStore, type LexicalProfile } from "../store/chunk-store.js";
import { openIndexTables, rebuildProgress } from "./index-tables.js";
import { ModelSwitcher } from "./model-switch.js";
import type { AppServices } from "./services.js";
import { type AppStatus, readStatus } from "./status.js";

export { DataFolderBusyError } from "../state/writer-lock.js";
export type { LexicalProfile } from "../store/chunk-store.js";
/** Version reported by `/status` and the CLI. */
export { VERSION } from "../version.js";
export type { AppStatus } from "./status.js";

/** How {@link Almanac.open} opens the data folder. */
export interface OpenOptions {
  /** Model roles to load (default all). */
  roles?: readonly ModelRole[];
  /** The lexical search profile (default tuned; the evaluation compares against baseline). */
  lexical?: LexicalProfile;
  /**
   * `write` (default) takes the data folder's writer lock and may index;
   * `read` opens the existing index read-only beside the process that writes it.
   */
  access?: "write" | "read";
  /** Drop the index and ingest state first (needed to point an index at another library folder). */
  reset?: boolean;
  /** The CLI command opening it, named to a second process that finds the lock taken. */
  command?: string;
  /** With `read`: serve from an in-memory copy of the state database (the disk is too full to open it in place). */
  snapshot?: boolean;
}

/** Thrown when the data folder's index was built from another library folder. */
export class LibraryMismatchError extends Error {
  constructor(dataDir: string, builtFrom: string, asked: string) {
    super(
      `the index in ${dataDir} was built from ${builtFrom}; to index ${asked} instead, pass --reset (the index is rebuilt) or use another --data folder`,
    );
    this.name = "LibraryMismatchError";
  }
}

/**
 * What built the index: the embedding model and its dimensions, and the
 * chunking rules. When it differs at start-up, the library is indexed again.
 */
function indexIdentity(embedder: Embedder | null): string {
  return `${embedder ? `${embedder.entry.id}@${embedder.dims}` : "none"}+chunker${CHUNKER_VERSION}`;
}

/**
 * The assembled appliance: state database, model runtime, chunks table,
 * parse workers, indexer, watcher, retriever and answerer, wired from one
 * config. This is the only place that knows how the parts connect.
 */
export class Almanac {
  private watcher: { ready: Promise<void>; close: () => Promise<void> } | null = null;
  private modelsWatcher: { ready: Promise<void>; close: () => Promise<void> } | null = null;
  private readonly startedAt = Date.now();
  /** Resolves when the start-up reconcile has finished. */
  initialIndex: Promise<void> = Promise.resolve();
  /** The rebuild of the index beside the old one after an upgrade, or null when none ran since start-up. */
  rebuild: IndexRebuildProgress | null = null;
  /** Resolves once a rebuild's table is swapped in (at once when there is none). */
  rebuilt: Promise<void> = Promise.resolve();
  /** Why a serving process opened the index read-only (the disk was full at start-up); null otherwise. */
  readOnlyReason: string | null = null;
  /** Aborted when the appliance shuts down: generations stop and streams end with their final chunk. */
  readonly shutdown = new AbortController();
  /** Browser sign-in sessions. */
  readonly sessions: SessionStore;
  /** Accounts and their roles. */
  readonly users: UserStore;
  /** Per-user API keys. */
  readonly apiKeys: ApiKeyStore;
  /** Saved chat conversations of the web app. */
  readonly conversations: ConversationStore;
  /** Title, author, year, publisher and language of a document by id, from the documents table. */
  readonly documentMeta: DocumentMetaLookup;
  /** Documents' state rows and reader text. */
  readonly documents: DocumentRepository;
  /** Switching, unloading and adding models at run time. */
  readonly models: ModelSwitcher;
  /** The narrow services that http/, cli/, tui/ and eval/ use. */
  readonly services: AppServices;

  private constructor(
    readonly config: Config,
    readonly log: Logger,
    readonly db: StateDb,
    readonly runtime: ModelRuntime,
    readonly store: ChunkStore,
    readonly indexer: Indexer,
    readonly retriever: Retriever,
    readonly answerer: Answerer,
    private readonly parser: ParsePool,
    /** The writer lock; null when opened read-only. */
    readonly lock: WriterLock | null,
    /** Page labels of PDF passages, for citations. */
    readonly pages: PageIndex,
  ) {
    this.sessions = new SessionStore(db, config.sessionHours * 3_600_000);
    this.documentMeta = documentMetaLookup(db);
    this.conversations = new ConversationStore(db);
    this.users = new UserStore(db);
    this.apiKeys = new ApiKeyStore(db);
    this.documents = new DocumentRepository(db);
    this.models = new ModelSwitcher({
      config,
      log,
      db,
      runtime,
      indexer,
      live: store,
      writable: lock !== null,
      rebuilding: () => this.rebuild?.state === "running",
      identity: indexIdentity,
    });
    this.services = {
      config,
      log,
      shutdown: this.shutdown.signal,
      writable: lock !== null,
      library: {
        indexer,
        documents: this.documents,
        meta: this.documentMeta,
        pages,
        chunkCount: () => store.count(),
      },
      ask: answerer,
      search: retriever,
      models: this.models,
      accounts: { users: this.users, sessions: this.sessions, apiKeys: this.apiKeys, localKey: lock?.localKey },
      conversations: this.conversations,
      settings: {
        save: (key, value) => (lock ? saveSetting(db, config, key, value) : "this process opened the index read-only"),
      },
      status: () => this.status(),
    };
  }

  /**
   * Opens everything. With write access the chunks table is rebuilt (and every
   * file re-indexed) when the embedding model or the chunking rules differ
   * from those that built it.
   *
   * @throws DataFolderBusyError when another process holds the writer lock;
   *   LibraryMismatchError when the index was built from another library folder
   *   (pass `reset`); ResetRefusedError when `reset` would drop documents the
   *   library folder cannot rebuild (see `library/reset.ts`); Error in read
   *   mode when there is no index yet.
   */
  static async open(config: Config, log: Logger, opts: OpenOptions = {}): Promise<Almanac> {
    try {
      return await Almanac.openAs(config, log, opts);
    } catch (err) {
      // A full disk must not take search down with it: serve what is indexed, read-only, until a restart.
      if (opts.access === "read" || opts.reset || opts.command !== "serve" || !isDiskFull(err)) throw err;
      const reason =
        "The data disk was full at start-up: serving the existing index read-only. Free some space and restart Almanac to index again.";
      log.error({ err: readableStoreError((err as Error).message) }, reason);
      const app = await Almanac.openAs(config, log, { ...opts, access: "read", snapshot: true });
      app.readOnlyReason = reason;
      return app;
    }
  }

  private static async openAs(config: Config, log: Logger, opts: OpenOptions): Promise<Almanac> {
    const writable = opts.access !== "read";
    const lock = writable
      ? await acquireWriterLock(config.dataDir, opts.command ?? "serve", (err) =>
          log.error({ err: err.message }, "the data folder's writer lock was lost"),
        )
      : null;
    try {
      // Before anything is dropped: an unmounted or empty library folder must not cost the index.
      if (lock && opts.reset) log.warn(await checkReset(config.libraryDir, config.dataDir));
      return await Almanac.assemble(config, log, opts, lock);
    } catch (err) {
      await lock?.release().catch(() => {});
      throw err;
    }
  }

  private static async assemble(config: Config, log: Logger, opts: OpenOptions, lock: WriterLock | null) {
    const writable = lock !== null;
    const db = openStateDb(join(config.dataDir, STATE_FILE), { readOnly: !writable, snapshot: opts.snapshot === true });
    applySavedSettings(db, config);
    const builtFrom = getMeta(db, "library.root");
    const hasDocuments = new DocumentRepository(db).any();
    if (builtFrom && builtFrom !== config.libraryDir && hasDocuments && !opts.reset) {
      db.$client.close();
      throw new LibraryMismatchError(config.dataDir, builtFrom, config.libraryDir);
    }
    if (writable && !hasDocuments) {
      // A first run makes the library folder, but never its parents: a typo or an unmounted drive stays missing.
      try {
        mkdirSync(config.libraryDir);
      } catch {
        // It exists, or its parent does not; the indexer reports the latter.
      }
    }
    const runtime = new ModelRuntime(config, log);
    await runtime.load(opts.roles);
    const embedder = runtime.embedder;
    const { identity, previous, changed, store, recreated, target, rebuildTable } = await openIndexTables(
      config,
      db,
      embedder?.dims ?? null,
      indexIdentity(embedder),
      { writable, reset: opts.reset === true, lexical: opts.lexical ?? "tuned" },
    );
    const parser = new ParsePool({
      workers: config.parseWorkers,
      heapMb: config.parseHeapMb,
      timeoutMs: config.parseTimeoutMs,
    });
    const indexer = new Indexer(
      { ...config, limits: parseLimitsOf(config) },
      db,
      target ?? store,
      () => runtime.embedder,
      parser,
      log,
      writable ? new DiskGuard(config.dataDir, config.minFreeDiskMb * 1024 * 1024) : null,
    );
    if (writable) {
      if (opts.reset) new DocumentRepository(db).removeAll();
      else if (changed || recreated) {
        log.info({ from: previous, to: identity }, "embedding model or index schema changed: re-indexing the library");
        indexer.resetAll();
      }
      const missing = markMissingDocumentTexts(db);
      if (missing > 0) log.info({ documents: missing }, "storing reader text for documents indexed before the reader");
      const undated = markStaleMetadata(db);
      if (undated > 0) log.info({ documents: undated }, "reading publication years of documents indexed before them");
      // A rebuild records its identity when it swaps; a crash before that rebuilds again.
      if (!target) setMeta(db, "index.embedding", identity);
      setMeta(db, "library.root", config.libraryDir);
    }
    const rebuild = target && rebuildTable && previous ? rebuildProgress(previous, identity, rebuildTable) : null;
    // The old table's vectors came from another model: search it lexically until the swap.
    const staleVectors = rebuild !== null && embeddingPart(rebuild.from) !== embeddingPart(rebuild.to);
    const retriever = new Retriever(
      store,
      () => (staleVectors && rebuild?.state === "running" ? null : runtime.embedder),
      () => runtime.reranker,
      config,
      // Read-only, another process writes the index, and this one would never see its results go stale.
      writable ? config.searchCacheEntries : 0,
    );
    const pages = new PageIndex(db);
    indexer.on("document", (e) => pages.forget(docIdOf(e.path)));
    const answerer = new Answerer(
      retriever,
      () => runtime.chat,
      config,
      estimateTokens,
      () => {
        const p = indexer.getProgress();
        return { busy: indexer.busy, processed: p.processed, queued: p.queued + (p.current ? 1 : 0) };
      },
      (docId, offset) => pages.labelAt(docId, offset),
      documentMetaLookup(db),
    );
    const app = new Almanac(config, log, db, runtime, store, indexer, retriever, answerer, parser, lock, pages);
    if (rebuild && target) {
      log.info(
        { from: rebuild.from, to: rebuild.to },
        "index identity changed: rebuilding beside the old index, which serves meanwhile",
      );
      app.rebuild = rebuild;
      app.rebuilt = swapWhenRebuilt({
        indexer,
        live: store,
        target,
        progress: rebuild,
        commit: () => {
          setMeta(db, ACTIVE_TABLE_KEY, rebuild.table);
          setMeta(db, "index.embedding", rebuild.to);
        },
        log,
      });
    }
    return app;
  }

  /**
   * Starts the background reconcile and, when configured, the folder watcher,
   * and empties trash older than 30 days now and every 6 hours until close().
   * When the library folder comes back after being unavailable, the watcher
   * is restarted on it (the old one watched a folder that went away).
   * @throws Error when the app was opened read-only.
   */
  async startIndexing(watch: boolean): Promise<void> {
    if (!this.lock) throw new Error("this process opened the index read-only");
    schedulePurge(this.config.dataDir, this.log, this.shutdown.signal);
    // Busy from here: the watcher's first scan comes before the reconcile, and /status must not say idle meanwhile.
    const release = this.indexer.hold();
    const startWatcher = async () => {
      await this.watcher?.close();
      this.watcher = watchLibrary(this.config.libraryDir, this.indexer, this.config.watchDebounceMs, this.log);
      await this.watcher.ready;
    };
    let reconciled: Promise<void>;
    const t0 = Date.now();
    try {
      if (watch) {
        await startWatcher();
        // A model copied in shows in /v1/models, /api/tags and the status page within seconds; nothing loads.
        this.modelsWatcher = watchModelsFolder(this.config.modelsDir, () => this.runtime.rescan(), this.log);
        await this.modelsWatcher.ready;
        let wasAvailable = true;
        this.indexer.on("library", (a) => {
          if (a.available && !wasAvailable) void startWatcher();
          wasAvailable = a.available;
        });
      }
      reconciled = this.indexer.reconcile();
    } finally {
      release();
    }
    this.initialIndex = reconciled.then(() => {
      this.log.info({ ms: Date.now() - t0, ...this.indexer.countsByStatus() }, "library reconciled");
    });
  }

  /** Current status snapshot. */
  async status(): Promise<AppStatus> {
    return readStatus({
      startedAt: this.startedAt,
      search: this.retriever,
      ask: this.answerer,
      runtime: this.runtime,
      indexer: this.indexer,
      chunkCount: () => this.store.count(),
      cacheBytes: () => this.store.cacheBytes(),
      libraryDir: this.config.libraryDir,
      readOnlyReason: this.readOnlyReason,
      writable: this.lock !== null,
      embeddingSwitch: this.models.embeddingSwitch,
      rebuild: this.rebuild,
    });
  }

  /** Stops watching, finishes the current file and write batch, and releases the table, database, models and lock. */
  async close(): Promise<void> {
    this.shutdown.abort();
    await this.watcher?.close();
    await this.modelsWatcher?.close();
    await this.indexer.close(() => this.parser.close()).catch(() => {});
    this.store.close();
    this.db.$client.close();
    await this.runtime.dispose();
    await this.lock?.release();
  }
}
