import { existsSync, readFileSync } from "node:fs";
import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";

// Where settings come from besides the defaults: the environment (its variable names, and how
// its text reads as booleans and lists) and the JSON config file. `src/config.ts` composes them.

/** A boolean setting: `true`/`false`, or from text `true|false|1|0|yes|no`. */
export const bool = z.union([
  z.boolean(),
  z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => ["true", "1", "yes"].includes(v)),
]);

/** A list, or from the environment a comma-separated string of its items (blank items dropped). */
export function commaList<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .split(",")
            .map((o) => o.trim())
            .filter(Boolean)
        : v,
    z.array(item),
  );
}

/** Environment variable for each setting (`ENV_KEYS` in `src/config.ts` checks it names every one). */
export const ENV_NAMES = {
  host: "ALMANAC_HOST",
  port: "ALMANAC_PORT",
  libraryDir: "ALMANAC_LIBRARY",
  dataDir: "ALMANAC_DATA_DIR",
  modelsDir: "ALMANAC_MODELS_DIR",
  embeddingModel: "ALMANAC_EMBEDDING_MODEL",
  chatModel: "ALMANAC_CHAT_MODEL",
  rerankerModel: "ALMANAC_RERANKER_MODEL",
  threads: "ALMANAC_THREADS",
  gpu: "ALMANAC_GPU",
  chunkTokens: "ALMANAC_CHUNK_TOKENS",
  chunkOverlapTokens: "ALMANAC_CHUNK_OVERLAP",
  topK: "ALMANAC_TOP_K",
  contextTokens: "ALMANAC_CONTEXT_TOKENS",
  maxAnswerTokens: "ALMANAC_MAX_ANSWER_TOKENS",
  chatContextSize: "ALMANAC_CHAT_CONTEXT",
  embeddingContexts: "ALMANAC_EMBEDDING_CONTEXTS",
  chatQueueMax: "ALMANAC_CHAT_QUEUE_MAX",
  chatSequences: "ALMANAC_CHAT_SEQUENCES",
  chatTimeoutSeconds: "ALMANAC_CHAT_TIMEOUT",
  embeddingThreads: "ALMANAC_EMBEDDING_THREADS",
  vectorWeight: "ALMANAC_VECTOR_WEIGHT",
  rerankTopN: "ALMANAC_RERANK_TOP_N",
  headingBoost: "ALMANAC_HEADING_BOOST",
  searchCacheEntries: "ALMANAC_SEARCH_CACHE_ENTRIES",
  indexCacheMb: "ALMANAC_INDEX_CACHE_MB",
  watch: "ALMANAC_WATCH",
  watchDebounceMs: "ALMANAC_WATCH_DEBOUNCE_MS",
  apiKey: "ALMANAC_API_KEY",
  anonymousRole: "ALMANAC_ANONYMOUS_ROLE",
  mcpSimple: "ALMANAC_MCP_SIMPLE",
  apiKeyRatePerMinute: "ALMANAC_API_KEY_RATE",
  sessionHours: "ALMANAC_SESSION_HOURS",
  corsOrigins: "ALMANAC_CORS_ORIGINS",
  allowedHosts: "ALMANAC_ALLOWED_HOSTS",
  parseWorkers: "ALMANAC_PARSE_WORKERS",
  parseHeapMb: "ALMANAC_PARSE_HEAP_MB",
  parseTimeoutMs: "ALMANAC_PARSE_TIMEOUT_MS",
  maxFileMb: "ALMANAC_MAX_FILE_MB",
  maxTextChars: "ALMANAC_MAX_TEXT_CHARS",
  maxEpubEntryMb: "ALMANAC_MAX_EPUB_ENTRY_MB",
  maxEpubTotalMb: "ALMANAC_MAX_EPUB_TOTAL_MB",
  maxEpubEntries: "ALMANAC_MAX_EPUB_ENTRIES",
  maxSpineItems: "ALMANAC_MAX_SPINE_ITEMS",
  maxMarkdownDepth: "ALMANAC_MAX_MARKDOWN_DEPTH",
  confirmDeleteMs: "ALMANAC_CONFIRM_DELETE_MS",
  libraryRetryMs: "ALMANAC_LIBRARY_RETRY_MS",
  maxMessageChars: "ALMANAC_MAX_MESSAGE_CHARS",
  maxMessages: "ALMANAC_MAX_MESSAGES",
  maxInFlightRequests: "ALMANAC_MAX_IN_FLIGHT",
  maxQueuedRequests: "ALMANAC_MAX_QUEUED",
  maxQueueWaitMs: "ALMANAC_MAX_QUEUE_WAIT_MS",
  minFreeDiskMb: "ALMANAC_MIN_FREE_DISK_MB",
  maxUploadMb: "ALMANAC_MAX_UPLOAD_MB",
  maxModelUploadMb: "ALMANAC_MAX_MODEL_UPLOAD_MB",
  landingPage: "ALMANAC_LANDING_PAGE",
  pdfOcr: "ALMANAC_PDF_OCR",
  zimMaxArticles: "ALMANAC_ZIM_MAX_ARTICLES",
  zimFilters: "ALMANAC_ZIM_FILTERS",
  zimBatchArticles: "ALMANAC_ZIM_BATCH_ARTICLES",
  offline: "ALMANAC_OFFLINE",
  offlineAllowHosts: "ALMANAC_OFFLINE_ALLOW_HOSTS",
  remoteChatUrl: "ALMANAC_REMOTE_CHAT_URL",
  remoteChatModel: "ALMANAC_REMOTE_CHAT_MODEL",
  remoteChatKey: "ALMANAC_REMOTE_CHAT_KEY",
  remoteChatConcurrency: "ALMANAC_REMOTE_CHAT_CONCURRENCY",
  shutdownTimeoutMs: "ALMANAC_SHUTDOWN_TIMEOUT_MS",
  logLevel: "ALMANAC_LOG_LEVEL",
} as const;

/**
 * The settings the environment sets: each variable of {@link ENV_NAMES} that
 * is set and not empty, by setting name, as text.
 */
export function environmentValues(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const fromEnv: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const v = env[name];
    if (v !== undefined && v !== "") fromEnv[key] = v;
  }
  return fromEnv;
}

/**
 * Reads the JSON config file named by `ALMANAC_CONFIG`, else
 * `./almanac.config.json` when it exists; `{}` when neither is there.
 * @param unknown - says which of the file's keys are not settings ({@link unknownSettingsAmong}), or null.
 * @throws Error for a file that is not JSON or not an object, one with a key that is not
 *   a setting, or an `ALMANAC_CONFIG` that names no file.
 */
export function readSettingsFile(
  env: NodeJS.ProcessEnv,
  unknown: (keys: readonly string[], file: string) => string | null,
): Record<string, unknown> {
  const file = env.ALMANAC_CONFIG ?? "almanac.config.json";
  if (!existsSync(file)) {
    if (env.ALMANAC_CONFIG) throw new Error(`config file ${file} does not exist`);
    return {};
  }
  let fromFile: Record<string, unknown>;
  try {
    fromFile = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`config file ${file}: ${(err as Error).message}`);
  }
  if (typeof fromFile !== "object" || fromFile === null || Array.isArray(fromFile))
    throw new Error(`config file ${file}: expected a JSON object of settings`);
  const problems = unknown(Object.keys(fromFile), file);
  if (problems) throw new Error(problems);
  return fromFile;
}

/**
 * Says which of `keys` are not among `names`, each with the closest name
 * when one is near (Levenshtein distance, case ignored, at most 2 or a
 * quarter of the key's length).
 * @returns e.g. `unknown setting "libaryDir" in almanac.config.json; did you mean "libraryDir"?`
 *   (several joined by "; "), or null when every key is a name.
 */
export function unknownSettingsAmong(keys: readonly string[], names: readonly string[], file: string): string | null {
  const known = new Set(names);
  const lower = names.map((n) => n.toLowerCase());
  const problems = keys
    .filter((k) => !known.has(k))
    .map((k) => {
      const near = closest(k.toLowerCase(), lower);
      const close = distance(k.toLowerCase(), near) <= Math.max(2, Math.floor(k.length / 4));
      const hint = close ? `; did you mean "${names[lower.indexOf(near)]}"?` : "";
      return `unknown setting "${k}" in ${file}${hint}`;
    });
  return problems.length ? problems.join("; ") : null;
}
