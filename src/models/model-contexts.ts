import { freemem } from "node:os";
// Types only: node-llama-cpp is imported by the runtime once a GGUF file exists.
import type { Llama, LlamaEmbeddingContext, LlamaModel } from "node-llama-cpp";
import { type ChatModel, chatSequenceCount } from "./chat-model.js";
import { contextSizeFor } from "./context-size.js";
import { EMBEDDING_CONTEXT_TOKENS, Embedder, embeddingLayout } from "./embedder.js";
import { LocalChatModel } from "./local-chat.js";
import type { ModelEntry } from "./registry.js";
import { Reranker } from "./reranker.js";
import type { RuntimeConfig } from "./runtime-config.js";

// What a loaded model runs on, per role: the contexts, their sizes, threads and sequences.

/** Embedding contexts × threads each ({@link embeddingLayout}). */
export interface EmbeddingLayout {
  /** Embedding contexts, each embedding one batch at a time (1 on a GPU). */
  contexts: number;
  /** llama.cpp threads per context. */
  threads: number;
}

/**
 * An embedder on as many contexts as {@link embeddingLayout} gives (one on a
 * GPU), each of {@link EMBEDDING_CONTEXT_TOKENS} at most.
 * @throws node-llama-cpp's error when a context cannot be created.
 */
export async function embedderOn(
  llama: Llama,
  entry: ModelEntry,
  model: LlamaModel,
  config: RuntimeConfig,
): Promise<{ embedder: Embedder; layout: EmbeddingLayout }> {
  // Chunks are a few hundred tokens; 2,048 leaves room for long API inputs while keeping each context's buffers small.
  const contextSize = contextSizeFor("embedding", model.trainContextSize, config.chatContextSize);
  const layout = embeddingLayout(config, Boolean(llama.gpu));
  const contexts: LlamaEmbeddingContext[] = [];
  for (let i = 0; i < layout.contexts; i++)
    contexts.push(await model.createEmbeddingContext({ contextSize, threads: layout.threads }));
  return { embedder: new Embedder(entry, model, contexts, contextSize), layout };
}

/**
 * A chat model with as many sequences as {@link chatSequenceCount} allows in
 * the free memory (VRAM when the model is offloaded, else RAM), on one
 * context of `chatContextSize` tokens (the trained context at most).
 * @throws node-llama-cpp's error when the context cannot be created.
 */
export async function chatModelOn(
  llama: Llama,
  entry: ModelEntry,
  model: LlamaModel,
  config: RuntimeConfig,
): Promise<ChatModel> {
  const contextSize = contextSizeFor("chat", model.trainContextSize, config.chatContextSize);
  const one = await model.fileInsights.estimateContextResourceRequirementsV2({
    contextSize,
    modelGpuLayers: model.gpuLayers,
    sequences: 1,
  });
  const offloaded = model.gpuLayers > 0;
  const free = offloaded ? (await llama.getVramState()).free : freemem();
  const sequences = chatSequenceCount(config.chatSequences, free, offloaded ? one.gpuVram : one.cpuRam);
  const ctx = await model.createContext({ contextSize, threads: config.threads, sequences });
  return new LocalChatModel(
    entry,
    model,
    Array.from({ length: sequences }, () => ctx.getSequence()),
    ctx.contextSize,
    await import("node-llama-cpp"),
    config.chatQueueMax,
    config.chatTimeoutSeconds * 1000,
  );
}

/**
 * A reranker on one ranking context of 8,192 tokens (the trained context at most), with `threads` threads.
 * @throws node-llama-cpp's error when the context cannot be created.
 */
export async function rerankerOn(entry: ModelEntry, model: LlamaModel, config: RuntimeConfig): Promise<Reranker> {
  const context = await model.createRankingContext({
    contextSize: contextSizeFor("reranker", model.trainContextSize, config.chatContextSize),
    threads: config.threads,
  });
  return new Reranker(entry, context);
}
