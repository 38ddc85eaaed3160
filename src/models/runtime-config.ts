import type { Config } from "../config.js";

/**
 * The settings the model runtime reads: where models are, which to pin, how
 * many threads and sequences, and the optional remote generator (absent keys:
 * offline, no remote generator).
 */
export type RuntimeConfig = Pick<
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
      "offline" | "offlineAllowHosts" | "remoteChatUrl" | "remoteChatModel" | "remoteChatKey" | "remoteChatConcurrency"
    >
  >;
