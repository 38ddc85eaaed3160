import { EMBEDDING_CONTEXT_TOKENS } from "./embedder.js";
import type { ModelRole } from "./registry.js";

/** Longest reranker input (query and passage together), tokens. */
export const RANKING_CONTEXT_TOKENS = 8192;

/**
 * The context a role's model is loaded with, tokens: the trained context, cut
 * to {@link EMBEDDING_CONTEXT_TOKENS} for embedding, {@link RANKING_CONTEXT_TOKENS}
 * for reranking and `chatContextSize` for chat.
 * @param trainContextSize - the model's trained context, tokens (GGUF metadata).
 * @param chatContextSize - config `chatContextSize`, tokens.
 */
export function contextSizeFor(role: ModelRole, trainContextSize: number, chatContextSize: number): number {
  const cap =
    role === "embedding" ? EMBEDDING_CONTEXT_TOKENS : role === "reranker" ? RANKING_CONTEXT_TOKENS : chatContextSize;
  return Math.min(trainContextSize, cap);
}
