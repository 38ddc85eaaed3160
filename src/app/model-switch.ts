import { join } from "node:path";
import type { Readable } from "node:stream";
import type { Config } from "../config.js";
import { ModelChoiceError, ModelFileError } from "../errors.js";
import { formatBytes } from "../ingest/limits.js";
import type { Indexer } from "../library/indexer.js";
import { type EmbeddingSwitchProgress, switchEmbeddings } from "../library/reembed.js";
import type { Logger } from "../log.js";
import type { Embedder } from "../models/embedder.js";
import type { ModelEntry } from "../models/registry.js";
import type { ModelRuntime } from "../models/runtime.js";
import { saveModelUpload } from "../models/upload.js";
import { type StateDb, setMeta } from "../state/db.js";
import { makeDirs } from "../state/dirs.js";
import { freeDiskBytes } from "../state/disk-usage.js";
import { saveSetting } from "../state/settings.js";
import { ACTIVE_TABLE_KEY, CHUNKS_TABLE, ChunkStore, LANCE_DIR } from "../store/chunk-store.js";
import type { ModelsService } from "./services.js";

/** What {@link ModelSwitcher} works on: the parts of the appliance a switch touches. */
export interface ModelSwitchParts {
  config: Config;
  log: Logger;
  db: StateDb;
  runtime: ModelRuntime;
  indexer: Indexer;
  /** The table that serves now (an embedding switch re-embeds it into a new one). */
  live: ChunkStore;
  /** False for a process that only reads the index: nothing is saved and no embedding switch starts. */
  writable: boolean;
  /** True while the index is rebuilt beside the old one after an upgrade. */
  rebuilding: () => boolean;
  /** The index identity of an embedder (`<model>@<dims>+chunker<N>`), recorded when a switch commits. */
  identity: (embedder: Embedder) => string;
}

/**
 * Switching, unloading and adding models while the appliance runs, and keeping
 * the choice in the data folder so the next start loads the same models.
 */
export class ModelSwitcher implements ModelsService {
  /** Where the last embedding switch stands, or null when there has been none since start-up. */
  embeddingSwitch: EmbeddingSwitchProgress | null = null;

  constructor(private readonly parts: ModelSwitchParts) {}

  get runtime(): ModelRuntime {
    return this.parts.runtime;
  }

  /**
   * Switches the chat model without a restart ({@link ModelRuntime.useChat})
   * and keeps the choice in the data folder, so the next start loads it too.
   * @throws what `useChat` throws; nothing is saved then.
   */
  async useChat(file: string): Promise<ModelEntry> {
    const entry = await this.parts.runtime.useChat(file);
    this.save("chatModel", entry);
    return entry;
  }

  /**
   * Switches the reranker without a restart ({@link ModelRuntime.useReranker}) and keeps the choice for the next start.
   * @throws what `useReranker` throws; nothing is saved then.
   */
  async useReranker(file: string): Promise<ModelEntry> {
    const entry = await this.parts.runtime.useReranker(file);
    this.save("rerankerModel", entry);
    return entry;
  }

  /**
   * Unloads the chat model (answers turn extractive) or the reranker (searches
   * turn hybrid) until one is chosen again or the next start.
   * @returns the model unloaded, or null when none of that role was loaded.
   */
  unload(role: "chat" | "reranker"): ModelEntry | null {
    return role === "reranker" ? this.parts.runtime.unloadReranker() : this.parts.runtime.unloadChat();
  }

  /**
   * Switches the embedding model without a restart. The new model is loaded
   * at once (a bad file fails here, nothing changes); then, in the
   * background, indexing pauses after its current file, every chunk is
   * re-embedded into a new table while BM25 and the old vectors keep serving,
   * the new table's indexes are built, and the store, the embedder and the
   * saved choice swap together. Progress is in {@link embeddingSwitch}.
   * @returns the model being switched to, and `done`, which settles when the switch ends (it never rejects).
   * @throws ModelChoiceError (409) while a switch runs or this process only reads the index, (400) for the model in use; what {@link ModelRuntime.loadEmbedder} throws.
   */
  async useEmbedding(file: string): Promise<{ entry: ModelEntry; done: Promise<void> }> {
    if (this.embeddingSwitch?.state === "running")
      throw new ModelChoiceError(`an embedding switch to ${this.embeddingSwitch.model} is running`, 409);
    if (!this.parts.writable) throw new ModelChoiceError("this process opened the index read-only", 409);
    if (this.parts.rebuilding())
      throw new ModelChoiceError("the index is being rebuilt after an upgrade; switch once it is done", 409);
    const inUse = this.parts.runtime.embedder?.entry.id;
    if (inUse && inUse === file.replace(/\.gguf$/i, ""))
      throw new ModelChoiceError(`${inUse}.gguf is already the embedding model`, 400);
    const embedder = await this.parts.runtime.loadEmbedder(file);
    const started = Date.now();
    const progress: EmbeddingSwitchProgress = {
      model: embedder.entry.id,
      state: "running",
      done: 0,
      total: 0,
      chunksPerS: null,
      etaSeconds: null,
      startedAt: new Date(started).toISOString(),
    };
    this.embeddingSwitch = progress;
    const done = this.reembed(embedder, progress, started);
    return { entry: embedder.entry, done };
  }

  /**
   * Saves an uploaded GGUF into the models folder ({@link saveModelUpload},
   * at most `maxModelUploadMb`) and lists it; it is used once chosen
   * (a chat model) or from the next start.
   * @param declaredBytes - the request's size, when known: more than the disk's free space is refused before a byte is written.
   * @throws ModelFileError for a bad name, an existing file, a file over the limit or the free space, or one that is not a GGUF.
   */
  async upload(body: Readable, browserName: string, declaredBytes = 0): Promise<ModelEntry> {
    const { config, runtime } = this.parts;
    makeDirs(config.modelsDir, "models folder");
    const free = await freeDiskBytes(config.modelsDir).catch(() => Number.POSITIVE_INFINITY);
    if (declaredBytes > free)
      throw new ModelFileError(
        `the upload (${formatBytes(declaredBytes)}) is larger than the free disk space (${formatBytes(free)})`,
        "size",
      );
    const entry = await saveModelUpload(body, browserName, {
      modelsDir: config.modelsDir,
      maxBytes: Math.round(config.maxModelUploadMb * 1024 * 1024),
    });
    await runtime.rescan();
    return entry;
  }

  private save(key: "chatModel" | "rerankerModel", entry: ModelEntry): void {
    if (this.parts.writable) saveSetting(this.parts.db, this.parts.config, key, `${entry.id}.gguf`);
  }

  private async reembed(embedder: Embedder, progress: EmbeddingSwitchProgress, started: number): Promise<void> {
    const { config, db, runtime, indexer, log } = this.parts;
    const name = `${CHUNKS_TABLE}_${started}`;
    await switchEmbeddings({
      live: this.parts.live,
      indexer,
      embedder,
      progress,
      startedMs: started,
      openTarget: async () =>
        (
          await ChunkStore.open(join(config.dataDir, LANCE_DIR), embedder.dims, {
            table: name,
            keepOtherTables: true,
            indexCacheMb: config.indexCacheMb,
          })
        ).store,
      commit: () => {
        runtime.setEmbedder(embedder);
        setMeta(db, ACTIVE_TABLE_KEY, name);
        setMeta(db, "index.embedding", this.parts.identity(embedder));
        saveSetting(db, config, "embeddingModel", `${embedder.entry.id}.gguf`);
      },
      log,
    });
  }
}
