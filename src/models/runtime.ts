import { freemem } from "node:os";
// Types only: node-llama-cpp itself (native bindings, ~40 MB resident) is imported when a GGUF file exists.
import type { Llama, LlamaEmbeddingContext, LlamaLogLevel, LlamaModel } from "node-llama-cpp";
import type { Config } from "../config.js";
import { ModelChoiceError } from "../errors.js";
import type { Logger } from "../log.js";
import { type ChatModel, chatSequenceCount, type GenerationStats } from "./chat-model.js";
import { EMBEDDING_CONTEXT_TOKENS, Embedder, embeddingLayout } from "./embedder.js";
import { LocalChatModel } from "./local-chat.js";
import { findModel, type ModelEntry, type ModelRole, pinnedModels, scanModels } from "./registry.js";
import { RemoteChatModel, remotePolicy } from "./remote-chat.js";
import { Reranker } from "./reranker.js";

/** How an error names the kind of model a role needs. */
const ROLE_NOUNS: Record<ModelRole, string> = {
  chat: "a chat model",
  embedding: "an embedding model",
  reranker: "a reranker",
};

/** Longest reranker input (query and passage together), tokens. */
const RANKING_CONTEXT_TOKENS = 8192;

/**
 * The context a role's model is loaded with, tokens: the trained context, cut
 * to {@link EMBEDDING_CONTEXT_TOKENS} for embedding, 8,192 for reranking and
 * `chatContextSize` for chat.
 */
export function contextSizeFor(role: ModelRole, trainContextSize: number, chatContextSize: number): number {
  const cap =
    role === "embedding" ? EMBEDDING_CONTEXT_TOKENS : role === "reranker" ? RANKING_CONTEXT_TOKENS : chatContextSize;
  return Math.min(trainContextSize, cap);
}

/** Everything status needs to know about the model runtime. */
export interface RuntimeInfo {
  backend: string;
  gpu: boolean;
  gpuDevices: string[];
  threads: number;
  /** Embedding contexts × threads each, when an embedding model is loaded. */
  embeddingLayout: { contexts: number; threads: number } | null;
  /** Each model; the chat model also has its recent {@link GenerationStats}. */
  models: Array<ModelEntry & { loaded: boolean; error?: string; generation?: GenerationStats }>;
  /** The configured remote generator, or null when `remoteChatUrl` is not set. */
  remote: RemoteInfo | null;
}

/** A configured remote generator: its URL and model, whether it answers chat, and if not, why not. */
export interface RemoteInfo {
  url: string;
  model: string;
  used: boolean;
  reason?: string;
}

/** The accelerator as `almanac doctor` reports it, and what each model needs. */
export interface AcceleratorReport {
  /** `cuda`, `vulkan`, `metal` or `cpu`. */
  backend: string;
  gpus: string[];
  /** GPU memory, bytes; null on CPU. */
  vram: { totalBytes: number; freeBytes: number } | null;
  /** Per model id: memory to load it with its context, bytes (VRAM for offloaded layers, RAM for the rest). */
  needs: Array<{ id: string; ramBytes: number; vramBytes: number }>;
}

/**
 * Owns node-llama-cpp: detects the compute backend (CUDA, Vulkan or Metal when
 * present, else CPU), scans the models folder, and loads one model per role.
 * A model that fails to load is reported and skipped; the rest still load.
 *
 * `build: "never"` keeps node-llama-cpp from ever downloading and compiling
 * llama.cpp at run time: Almanac stays offline and uses the shipped binaries.
 */
export class ModelRuntime {
  embedder: Embedder | null = null;
  chat: ChatModel | null = null;
  reranker: Reranker | null = null;
  private llama: Llama | null = null;
  /** The embedding contexts × threads in use, once an embedding model is loaded. */
  embeddingLayout: { contexts: number; threads: number } | null = null;
  private entries: Array<ModelEntry & { loaded: boolean; error?: string }> = [];
  private gpuDevices: string[] = [];
  /** The configured remote generator and whether it answers (null when none is configured). */
  private remote: RemoteInfo | null = null;

  constructor(
    private readonly config: Pick<
      Config,
      | "modelsDir"
      | "threads"
      | "gpu"
      | "embeddingModel"
      | "chatModel"
      | "rerankerModel"
      | "chatContextSize"
      | "embeddingContexts"
      | "embeddingThreads"
      | "chatQueueMax"
      | "chatSequences"
      | "chatTimeoutSeconds"
    > &
      Partial<
        Pick<
          Config,
          | "offline"
          | "offlineAllowHosts"
          | "remoteChatUrl"
          | "remoteChatModel"
          | "remoteChatKey"
          | "remoteChatConcurrency"
        >
      >,
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
    const threads = this.config.threads;
    for (const role of roles) {
      const entry = this.entries.find((e) => e.role === role && (!pinned[role] || e.path.endsWith(pinned[role])));
      if (!entry) continue;
      try {
        const model = await llama.loadModel({ modelPath: entry.path });
        if (role === "embedding") {
          this.embedder = await this.embedderOf(llama, entry, model);
        } else if (role === "reranker") {
          const ctx = await model.createRankingContext({
            contextSize: contextSizeFor(role, model.trainContextSize, this.config.chatContextSize),
            threads,
          });
          this.reranker = new Reranker(entry, ctx);
        } else {
          this.chat = await this.chatModelOf(llama, entry, model);
        }
        entry.loaded = true;
        this.log.info({ model: entry.id, role, backend: llama.gpu || "cpu", threads }, "model loaded");
      } catch (err) {
        entry.error = (err as Error).message;
        this.log.error({ model: entry.id, role, err: entry.error }, "model failed to load");
      }
    }
  }

  /**
   * Points chat at the configured remote generator when {@link remotePolicy}
   * allows it; otherwise records why not (shown on `/status`) and logs it.
   * @returns whether the remote generator answers chat.
   */
  private useRemoteChat(): boolean {
    const c = this.config;
    if (!c.remoteChatUrl) return false;
    const model = c.remoteChatModel ?? "default";
    const policy = remotePolicy(c.remoteChatUrl, c.offline ?? true, c.offlineAllowHosts ?? []);
    if (!policy.allowed) {
      this.remote = { url: c.remoteChatUrl, model, used: false, reason: policy.reason };
      this.log.warn({ url: c.remoteChatUrl, reason: policy.reason }, "remote generator not used");
      return false;
    }
    this.chat = new RemoteChatModel(
      {
        url: c.remoteChatUrl,
        model,
        apiKey: c.remoteChatKey,
        concurrency: c.remoteChatConcurrency ?? 4,
        contextSize: c.chatContextSize,
      },
      c.chatQueueMax,
      c.chatTimeoutSeconds * 1000,
    );
    this.remote = { url: c.remoteChatUrl, model, used: true };
    this.entries.unshift({ ...this.chat.entry, loaded: true });
    this.log.info({ url: c.remoteChatUrl, model }, "chat answered by a remote generator");
    return true;
  }

  /** An embedder on as many contexts as {@link embeddingLayout} gives, each with {@link EMBEDDING_CONTEXT_TOKENS} at most. */
  private async embedderOf(llama: Llama, entry: ModelEntry, model: LlamaModel): Promise<Embedder> {
    // Chunks are a few hundred tokens; 2,048 leaves room for long API inputs while keeping each context's buffers small.
    const contextSize = contextSizeFor("embedding", model.trainContextSize, this.config.chatContextSize);
    const layout = embeddingLayout(this.config, Boolean(llama.gpu));
    const contexts: LlamaEmbeddingContext[] = [];
    for (let i = 0; i < layout.contexts; i++)
      contexts.push(await model.createEmbeddingContext({ contextSize, threads: layout.threads }));
    this.embeddingLayout = layout;
    return new Embedder(entry, model, contexts, contextSize);
  }

  /**
   * Loads an embedding model from the models folder beside the one in use,
   * for an embedding switch: the caller re-embeds the library with it, then
   * makes it current with {@link setEmbedder}.
   * @throws ModelChoiceError (404) for a file that is not there, (400) for a model of another role.
   * @throws Error from node-llama-cpp when it cannot be loaded.
   */
  async loadEmbedder(file: string): Promise<Embedder> {
    const { entry } = await this.chosen(file, "embedding");
    const llama = await this.getLlama();
    return this.embedderOf(llama, entry, await llama.loadModel({ modelPath: entry.path }));
  }

  /** Makes `next` the embedding model (queries and indexing use it from now), and frees the previous one. */
  setEmbedder(next: Embedder): void {
    const old = this.embedder;
    this.embedder = next;
    for (const e of this.entries) if (e.role === "embedding") e.loaded = e.path === next.entry.path;
    if (old && old !== next) void old.dispose().catch(() => {});
  }

  /** A chat model with as many sequences as {@link chatSequenceCount} allows, on a context of `chatContextSize`. */
  private async chatModelOf(llama: Llama, entry: ModelEntry, model: LlamaModel): Promise<ChatModel> {
    const contextSize = contextSizeFor("chat", model.trainContextSize, this.config.chatContextSize);
    const one = await model.fileInsights.estimateContextResourceRequirementsV2({
      contextSize,
      modelGpuLayers: model.gpuLayers,
      sequences: 1,
    });
    const offloaded = model.gpuLayers > 0;
    const free = offloaded ? (await llama.getVramState()).free : freemem();
    const sequences = chatSequenceCount(this.config.chatSequences, free, offloaded ? one.gpuVram : one.cpuRam);
    const ctx = await model.createContext({ contextSize, threads: this.config.threads, sequences });
    return new LocalChatModel(
      entry,
      model,
      Array.from({ length: sequences }, () => ctx.getSequence()),
      ctx.contextSize,
      await import("node-llama-cpp"),
      this.config.chatQueueMax,
      this.config.chatTimeoutSeconds * 1000,
    );
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
    const { found, entry } = await this.chosen(file, "chat");
    const llama = await this.getLlama();
    const next = await this.chatModelOf(llama, entry, await llama.loadModel({ modelPath: entry.path }));
    const old = this.chat;
    this.chat = next;
    this.follow(found, entry.path);
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
    const { found, entry } = await this.chosen(file, "reranker");
    const llama = await this.getLlama();
    const model = await llama.loadModel({ modelPath: entry.path });
    const context = await model.createRankingContext({
      contextSize: contextSizeFor("reranker", model.trainContextSize, this.config.chatContextSize),
      threads: this.config.threads,
    });
    const old = this.reranker;
    this.reranker = new Reranker(entry, context);
    this.follow(found);
    for (const e of this.entries) if (e.role === "reranker") e.loaded = e.path === entry.path;
    this.log.info({ model: entry.id, previous: old?.entry.id ?? null }, "reranker switched");
    if (old) void old.dispose().catch((err: Error) => this.log.warn({ err: err.message }, "old reranker not freed"));
    return entry;
  }

  /** Unloads the reranker: searches are hybrid (or BM25) from the next query. @returns the model unloaded, or null. */
  unloadReranker(): ModelEntry | null {
    const old = this.reranker;
    if (!old) return null;
    this.reranker = null;
    for (const e of this.entries) if (e.role === "reranker") e.loaded = false;
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
    for (const e of this.entries) if (e.role === "chat") e.loaded = false;
    this.entries = this.entries.filter((e) => !e.remote);
    if (this.remote?.used) this.remote = { ...this.remote, used: false, reason: "unloaded from the status page" };
    this.log.info({ model: old.entry.id }, "chat model unloaded");
    void old.retire().catch((err: Error) => this.log.warn({ err: err.message }, "chat model not freed"));
    return old.entry;
  }

  /**
   * The file a user chose for `role`, found in the models folder scanned now
   * (so a file copied in since start-up counts), with the whole scan.
   * @throws ModelChoiceError (404) for a file that is not there, (400) for a model of another role.
   */
  private async chosen(file: string, role: ModelRole): Promise<{ found: ModelEntry[]; entry: ModelEntry }> {
    const found = await scanModels(this.config.modelsDir, pinnedModels(this.config));
    const entry = findModel(found, file);
    if (!entry) throw new ModelChoiceError(`no model "${file}" in the models folder`, 404);
    if (entry.role !== role)
      throw new ModelChoiceError(`${entry.id}.gguf is the ${entry.role} kind of model, not ${ROLE_NOUNS[role]}`, 400);
    return { found, entry };
  }

  /**
   * Scans the models folder again, so a file added (uploaded, pulled, copied)
   * or removed since start-up shows in the list; load states are kept.
   */
  async rescan(): Promise<void> {
    this.follow(await scanModels(this.config.modelsDir, pinnedModels(this.config)));
  }

  /**
   * Makes the list follow the folder: each file keeps its load state and error,
   * a remote generator in use stays listed, and `chatPath` (a chat model just switched to) is the loaded chat model.
   */
  private follow(found: ModelEntry[], chatPath?: string): void {
    const state = new Map(this.entries.map((e) => [e.path, e]));
    const remote = this.entries.filter((e) => e.remote && this.chat?.entry.path === e.path);
    this.entries = [
      ...remote,
      ...found.map((e) => {
        const was = state.get(e.path);
        const switched = chatPath !== undefined && e.role === "chat";
        const loaded = switched ? e.path === chatPath : (was?.loaded ?? false);
        return { ...e, loaded, ...(was?.error && !switched ? { error: was.error } : {}) };
      }),
    ];
  }

  private async getLlama(): Promise<Llama> {
    if (this.llama) return this.llama;
    const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
    const gpu = this.config.gpu === "off" ? false : this.config.gpu;
    const logger = (level: LlamaLogLevel, message: string) => {
      if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal)
        this.log.error({ llama: message.trim() }, "llama.cpp");
      else if (level === LlamaLogLevel.warn) this.log.debug({ llama: message.trim() }, "llama.cpp");
    };
    try {
      this.llama = await getLlama({
        gpu,
        build: "never",
        maxThreads: this.config.threads,
        logLevel: LlamaLogLevel.warn,
        logger,
      });
    } catch (err) {
      if (gpu === false) throw err;
      this.log.warn({ err: (err as Error).message, gpu }, "GPU backend unavailable, falling back to CPU");
      this.llama = await getLlama({
        gpu: false,
        build: "never",
        maxThreads: this.config.threads,
        logLevel: LlamaLogLevel.warn,
        logger,
      });
    }
    this.gpuDevices = this.llama.gpu ? await this.llama.getGpuDeviceNames().catch(() => []) : [];
    return this.llama;
  }

  /**
   * The compute backend and GPU memory, loading node-llama-cpp's bindings if
   * no model has yet (for `almanac doctor`), and the memory each model in the
   * folder needs with the context it would get, from node-llama-cpp's GGUF
   * insights (`estimateModelResourceRequirementsV2` plus
   * `estimateContextResourceRequirementsV2`): all layers on the GPU when there is one.
   */
  async hardware(models: readonly ModelEntry[]): Promise<AcceleratorReport> {
    const llama = await this.getLlama();
    const vram = llama.gpu ? await llama.getVramState() : null;
    const { GgufInsights, readGgufFileInfo } = await import("node-llama-cpp");
    const needs: AcceleratorReport["needs"] = [];
    for (const m of models) {
      const insights = await GgufInsights.from(
        await readGgufFileInfo(m.path, { sourceType: "filesystem", logWarnings: false }),
        llama,
      );
      const gpuLayers = llama.gpu ? insights.totalLayers : 0;
      const model = await insights.estimateModelResourceRequirementsV2({ gpuLayers });
      const context = await insights.estimateContextResourceRequirementsV2({
        contextSize: contextSizeFor(m.role, m.trainContextSize ?? 2048, this.config.chatContextSize),
        modelGpuLayers: gpuLayers,
        isEmbeddingContext: m.role === "embedding",
      });
      needs.push({ id: m.id, ramBytes: model.cpuRam + context.cpuRam, vramBytes: model.gpuVram + context.gpuVram });
    }
    return {
      backend: llama.gpu || "cpu",
      gpus: this.gpuDevices,
      vram: vram ? { totalBytes: vram.total, freeBytes: vram.free } : null,
      needs,
    };
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
