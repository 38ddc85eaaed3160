// Types only: node-llama-cpp itself (native bindings, ~40 MB resident) is imported when a GGUF file exists.
import type { Llama, LlamaModel } from "node-llama-cpp";
import type { Logger } from "../log.js";
import { type AcceleratorReport, acceleratorReport } from "./accelerator.js";
import type { ChatModel } from "./chat-model.js";
import type { Embedder } from "./embedder.js";
import { openLlama } from "./llama-backend.js";
import { chatModelOn, type EmbeddingLayout, embedderOn, rerankerOn } from "./model-contexts.js";
import { chooseModel, followFolder, type ListedModel, type LoadedEntry, markLoaded } from "./model-entries.js";
import { type ModelEntry, type ModelRole, pinnedModels, scanModels } from "./registry.js";
import { type RemoteInfo, remoteChatOf } from "./remote-setup.js";
import type { Reranker } from "./reranker.js";
import type { RuntimeConfig } from "./runtime-config.js";

export type { AcceleratorReport } from "./accelerator.js";
export { contextSizeFor } from "./context-size.js";
export type { RemoteInfo } from "./remote-setup.js";
export type { RuntimeConfig } from "./runtime-config.js";

/** Everything status needs to know about the model runtime. */
export interface RuntimeInfo {
  backend: string;
  gpu: boolean;
  gpuDevices: string[];
  threads: number;
  /** Embedding contexts × threads each, when an embedding model is loaded. */
  embeddingLayout: EmbeddingLayout | null;
  /** Each model; the chat model also has its recent generation stats. */
  models: ListedModel[];
  /** The configured remote generator, or null when `remoteChatUrl` is not set. */
  remote: RemoteInfo | null;
}

/**
 * Owns node-llama-cpp: detects the compute backend (CUDA, Vulkan or Metal when
 * present, else CPU; `llama-backend.ts`), scans the models folder, and loads
 * one model per role on the contexts `model-contexts.ts` sizes. A model that
 * fails to load is reported and skipped; the rest still load. The chat model
 * and the reranker can be switched or unloaded without a restart.
 */
export class ModelRuntime {
  embedder: Embedder | null = null;
  chat: ChatModel | null = null;
  reranker: Reranker | null = null;
  private llama: Llama | null = null;
  /** The embedding contexts × threads in use, once an embedding model is loaded. */
  embeddingLayout: EmbeddingLayout | null = null;
  private entries: LoadedEntry[] = [];
  private gpuDevices: string[] = [];
  /** The configured remote generator and whether it answers (null when none is configured). */
  private remote: RemoteInfo | null = null;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly log: Logger,
  ) {}

  /**
   * Scans and loads models. Safe to call with an empty or missing models folder.
   * @param roles - the roles to load (all by default); the evaluation harness loads only what a mode needs.
   */
  async load(roles: readonly ModelRole[] = ["embedding", "chat", "reranker"]): Promise<void> {
    const pinned = pinnedModels(this.config);
    const found = await scanModels(this.config.modelsDir, pinned, (file, err) =>
      this.log.warn({ file, err: err.message }, "unreadable model file skipped"),
    );
    this.entries = found.map((e) => ({ ...e, loaded: false }));
    if (roles.includes("chat") && this.useRemoteChat()) roles = roles.filter((r) => r !== "chat");
    if (found.length === 0) return;
    const llama = await this.getLlama();
    for (const role of roles) {
      const entry = this.entries.find((e) => e.role === role && (!pinned[role] || e.path.endsWith(pinned[role])));
      if (entry) await this.loadRole(llama, role, entry);
    }
  }

  /** Loads one role's model; a failure is recorded on its entry and logged, not thrown. */
  private async loadRole(llama: Llama, role: ModelRole, entry: LoadedEntry): Promise<void> {
    try {
      const model = await llama.loadModel({ modelPath: entry.path });
      if (role === "embedding") this.embedder = await this.embedderOf(llama, entry, model);
      else if (role === "reranker") this.reranker = await rerankerOn(entry, model, this.config);
      else this.chat = await chatModelOn(llama, entry, model, this.config);
      entry.loaded = true;
      this.log.info(
        { model: entry.id, role, backend: llama.gpu || "cpu", threads: this.config.threads },
        "model loaded",
      );
    } catch (err) {
      entry.error = (err as Error).message;
      this.log.error({ model: entry.id, role, err: entry.error }, "model failed to load");
    }
  }

  /**
   * Points chat at the configured remote generator when its policy allows it;
   * otherwise records why not (shown on `/status`).
   * @returns whether the remote generator answers chat.
   */
  private useRemoteChat(): boolean {
    const remote = remoteChatOf(this.config, this.log);
    this.remote = remote?.info ?? null;
    if (!remote?.chat) return false;
    this.chat = remote.chat;
    this.entries.unshift({ ...remote.chat.entry, loaded: true });
    return true;
  }

  private async embedderOf(llama: Llama, entry: ModelEntry, model: LlamaModel): Promise<Embedder> {
    const { embedder, layout } = await embedderOn(llama, entry, model, this.config);
    this.embeddingLayout = layout;
    return embedder;
  }

  /**
   * Loads an embedding model from the models folder beside the one in use,
   * for an embedding switch: the caller re-embeds the library with it, then
   * makes it current with {@link setEmbedder}.
   * @throws ModelChoiceError (404) for a file that is not there, (400) for a model of another role.
   * @throws Error from node-llama-cpp when it cannot be loaded.
   */
  async loadEmbedder(file: string): Promise<Embedder> {
    const { entry } = await chooseModel(this.config, file, "embedding");
    const llama = await this.getLlama();
    return this.embedderOf(llama, entry, await llama.loadModel({ modelPath: entry.path }));
  }

  /** Makes `next` the embedding model (queries and indexing use it from now), and frees the previous one. */
  setEmbedder(next: Embedder): void {
    const old = this.embedder;
    this.embedder = next;
    markLoaded(this.entries, "embedding", next.entry.path);
    if (old && old !== next) void old.dispose().catch(() => {});
  }

  /**
   * Switches the chat model without a restart: loads `file` from the models
   * folder (scanned again, so a file copied in since start-up is found), then
   * points new requests at it. Answers in flight finish on the old model,
   * which is freed once they have ({@link ChatModel.retire}).
   * @param file - a file name in the models folder, with or without `.gguf`.
   * @returns the model now answering.
   * @throws ModelChoiceError (404) for a file that is not there, (400) for an embedding or reranker model.
   * @throws Error from node-llama-cpp when the file cannot be loaded; the old model stays in use.
   */
  async useChat(file: string): Promise<ModelEntry> {
    const { found, entry } = await chooseModel(this.config, file, "chat");
    const llama = await this.getLlama();
    const next = await chatModelOn(llama, entry, await llama.loadModel({ modelPath: entry.path }), this.config);
    const old = this.chat;
    this.chat = next;
    this.entries = followFolder(this.entries, found, next.entry.path, entry.path);
    if (this.remote?.used) this.remote = { ...this.remote, used: false, reason: `switched to ${entry.id}.gguf` };
    this.log.info({ model: entry.id, previous: old?.entry.id ?? null }, "chat model switched");
    if (old) void old.retire().catch((err: Error) => this.log.warn({ err: err.message }, "old chat model not freed"));
    return entry;
  }

  /**
   * Switches the reranker without a restart: loads `file` from the models
   * folder with a ranking context, then points searches at it; the previous
   * one is freed once the ranking queued on it is done.
   * @throws ModelChoiceError (404) for a file that is not there, (400) for a model of another role.
   * @throws Error from node-llama-cpp when it cannot be loaded; the old reranker stays.
   */
  async useReranker(file: string): Promise<ModelEntry> {
    const { found, entry } = await chooseModel(this.config, file, "reranker");
    const llama = await this.getLlama();
    const next = await rerankerOn(entry, await llama.loadModel({ modelPath: entry.path }), this.config);
    const old = this.reranker;
    this.reranker = next;
    this.entries = followFolder(this.entries, found, this.chat?.entry.path);
    markLoaded(this.entries, "reranker", entry.path);
    this.log.info({ model: entry.id, previous: old?.entry.id ?? null }, "reranker switched");
    if (old) void old.dispose().catch((err: Error) => this.log.warn({ err: err.message }, "old reranker not freed"));
    return entry;
  }

  /** Unloads the reranker: searches are hybrid (or BM25) from the next query. @returns the model unloaded, or null. */
  unloadReranker(): ModelEntry | null {
    const old = this.reranker;
    if (!old) return null;
    this.reranker = null;
    markLoaded(this.entries, "reranker", null);
    this.log.info({ model: old.entry.id }, "reranker unloaded");
    void old.dispose().catch((err: Error) => this.log.warn({ err: err.message }, "reranker not freed"));
    return old.entry;
  }

  /**
   * Unloads the chat model: answers become extractive from the next request;
   * answers in flight finish first, then its memory is freed. Until the next
   * start, or until a chat model is chosen again ({@link useChat}).
   * @returns the model unloaded, or null when none was loaded.
   */
  unloadChat(): ModelEntry | null {
    const old = this.chat;
    if (!old) return null;
    this.chat = null;
    markLoaded(this.entries, "chat", null);
    this.entries = this.entries.filter((e) => !e.remote);
    if (this.remote?.used) this.remote = { ...this.remote, used: false, reason: "unloaded from the status page" };
    this.log.info({ model: old.entry.id }, "chat model unloaded");
    void old.retire().catch((err: Error) => this.log.warn({ err: err.message }, "chat model not freed"));
    return old.entry;
  }

  /**
   * Scans the models folder again, so a file added (uploaded, pulled, copied)
   * or removed since start-up shows in the list; load states are kept.
   */
  async rescan(): Promise<void> {
    const found = await scanModels(this.config.modelsDir, pinnedModels(this.config));
    this.entries = followFolder(this.entries, found, this.chat?.entry.path);
  }

  private async getLlama(): Promise<Llama> {
    if (this.llama) return this.llama;
    const { llama, gpuDevices } = await openLlama(this.config, this.log);
    this.llama = llama;
    this.gpuDevices = gpuDevices;
    return llama;
  }

  /**
   * The compute backend and GPU memory, loading node-llama-cpp's bindings if
   * no model has yet (for `almanac doctor`), and the memory each model in the
   * folder needs with the context it would get ({@link acceleratorReport}).
   */
  async hardware(models: readonly ModelEntry[]): Promise<AcceleratorReport> {
    const llama = await this.getLlama();
    return acceleratorReport(llama, this.gpuDevices, models, this.config.chatContextSize);
  }

  /** Backend, threads and per-model load state. */
  info(): RuntimeInfo {
    return {
      backend: this.llama ? this.llama.gpu || "cpu" : "none (no models)",
      gpu: Boolean(this.llama?.gpu),
      gpuDevices: this.gpuDevices,
      threads: this.config.threads,
      embeddingLayout: this.embeddingLayout,
      remote: this.remote,
      models: this.entries.map((e) =>
        this.chat && e.id === this.chat.entry.id && e.role === "chat" ? { ...e, generation: this.chat.stats() } : e,
      ),
    };
  }

  /** Releases native resources. */
  async dispose(): Promise<void> {
    await this.llama?.dispose();
    this.llama = null;
  }
}
