import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "./config.js";
import { Answerer } from "./generate/answer.js";
import { ChunkStore, type LexicalProfile } from "./index/chunk-store.js";
import { CHUNKER_VERSION, estimateTokens } from "./ingest/chunker.js";
import { Indexer } from "./library/indexer.js";
import { watchLibrary } from "./library/watcher.js";
import type { Logger } from "./log.js";
import type { ModelRole } from "./models/registry.js";
import { ModelRuntime, type RuntimeInfo } from "./models/runtime.js";
import { Retriever } from "./retrieve/search.js";
import { getMeta, openStateDb, type StateDb, setMeta } from "./state/db.js";

/** Version reported by `/status` and the CLI. */
export const VERSION = "0.1.0";

/** What `/status` and `almanac status` report. */
export interface AppStatus {
  version: string;
  uptimeSeconds: number;
  mode: { retrieval: string; answers: string };
  runtime: RuntimeInfo;
  documents: { pending: number; indexing: number; indexed: number; failed: number };
  failures: Array<{ path: string; error: string }>;
  chunks: number;
  indexing: ReturnType<Indexer["getProgress"]> & { busy: boolean };
  library: string;
}

/**
 * The assembled appliance: state database, model runtime, chunks table,
 * indexer, watcher, retriever and answerer, wired from one config. This is the
 * only place that knows how the parts connect.
 */
export class Almanac {
  private watcher: { ready: Promise<void>; close: () => Promise<void> } | null = null;
  private readonly startedAt = Date.now();
  /** Resolves when the start-up reconcile has finished. */
  initialIndex: Promise<void> = Promise.resolve();

  private constructor(
    readonly config: Config,
    readonly log: Logger,
    readonly db: StateDb,
    readonly runtime: ModelRuntime,
    readonly store: ChunkStore,
    readonly indexer: Indexer,
    readonly retriever: Retriever,
    readonly answerer: Answerer,
  ) {}

  /**
   * Opens everything. The chunks table is rebuilt (and every file re-indexed)
   * when the embedding model or the chunking rules differ from those that built it.
   * @param opts.roles - model roles to load (default all).
   * @param opts.lexical - the lexical search profile (default tuned; the evaluation compares against baseline).
   */
  static async open(
    config: Config,
    log: Logger,
    opts: { roles?: readonly ModelRole[]; lexical?: LexicalProfile } = {},
  ): Promise<Almanac> {
    mkdirSync(config.dataDir, { recursive: true });
    mkdirSync(config.libraryDir, { recursive: true });
    const db = openStateDb(join(config.dataDir, "almanac.sqlite"));
    const runtime = new ModelRuntime(config, log);
    await runtime.load(opts.roles);
    const embedder = runtime.embedder;
    // The chunking rules are part of what built the index: new rules re-chunk the library.
    const identity = `${embedder ? `${embedder.entry.id}@${embedder.dims}` : "none"}+chunker${CHUNKER_VERSION}`;
    const previous = getMeta(db, "index.embedding");
    const changed = previous !== null && previous !== identity;
    const { store, recreated } = await ChunkStore.open(join(config.dataDir, "lancedb"), embedder?.dims ?? null, {
      reset: changed,
      lexical: opts.lexical ?? "tuned",
      headingBoost: config.headingBoost,
    });
    const indexer = new Indexer(config, db, store, embedder, log);
    if (changed || recreated) {
      log.info({ from: previous, to: identity }, "embedding model or index schema changed: re-indexing the library");
      indexer.resetAll();
    }
    setMeta(db, "index.embedding", identity);
    const retriever = new Retriever(store, embedder, runtime.reranker, config);
    const answerer = new Answerer(retriever, runtime.chat, config, estimateTokens, () => {
      const p = indexer.getProgress();
      return { busy: indexer.busy, processed: p.processed, queued: p.queued + (p.current ? 1 : 0) };
    });
    return new Almanac(config, log, db, runtime, store, indexer, retriever, answerer);
  }

  /** Starts the background reconcile and, when configured, the folder watcher. */
  async startIndexing(watch: boolean): Promise<void> {
    if (watch) {
      this.watcher = watchLibrary(this.config.libraryDir, this.indexer, this.config.watchDebounceMs, this.log);
      await this.watcher.ready;
    }
    const t0 = Date.now();
    this.initialIndex = this.indexer.reconcile().then(() => {
      this.log.info({ ms: Date.now() - t0, ...this.indexer.countsByStatus() }, "library reconciled");
    });
  }

  /** Current status snapshot. */
  async status(): Promise<AppStatus> {
    return {
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      mode: { retrieval: this.retriever.defaultMode, answers: this.answerer.mode },
      runtime: this.runtime.info(),
      documents: this.indexer.countsByStatus(),
      failures: this.indexer.failures(),
      chunks: await this.store.count(),
      indexing: { ...this.indexer.getProgress(), busy: this.indexer.busy },
      library: this.config.libraryDir,
    };
  }

  /** Stops watching and releases the database, table and models. */
  async close(): Promise<void> {
    await this.watcher?.close();
    await this.indexer.drain().catch(() => {});
    this.store.close();
    this.db.$client.close();
    await this.runtime.dispose();
  }
}
