import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import type { ParseLimits } from "./ingest/limits.js";

const bool = z.union([
  z.boolean(),
  z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => ["true", "1", "yes"].includes(v)),
]);

/** A list, or from the environment a comma-separated string of its items. */
function commaList<T extends z.ZodType>(item: T) {
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

/**
 * Almanac's configuration schema. Every key can come from an environment
 * variable (see {@link ENV_KEYS}) or from a JSON config file; environment wins.
 */
export const ConfigSchema = z.object({
  /** Interface to listen on; 0.0.0.0 serves the LAN. */
  host: z.string().default("0.0.0.0"),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** The watched book folder; first-level subfolders are collections. */
  libraryDir: z.string().default("./library"),
  /** Where LanceDB tables and the SQLite state live. */
  dataDir: z.string().default("./indexes"),
  /** Folder scanned for `*.gguf` model files. */
  modelsDir: z.string().default("./models"),
  /** Model file names pinning a role; otherwise roles come from GGUF metadata. */
  embeddingModel: z.string().optional(),
  chatModel: z.string().optional(),
  rerankerModel: z.string().optional(),
  /** CPU threads for node-llama-cpp contexts; defaults to the cores available (over-subscribing is ~100× slower on 2 cores). */
  threads: z.coerce.number().int().min(1).default(Math.max(1, availableParallelism())),
  /** Compute backend: auto-detect (CUDA, Vulkan, Metal) with CPU fallback, or force one. */
  gpu: z.enum(["auto", "cuda", "vulkan", "metal", "off"]).default("auto"),
  /** Chunk budget and overlap, in tokens of the embedding model (or the documented estimate). */
  chunkTokens: z.coerce.number().int().min(32).max(2048).default(256),
  chunkOverlapTokens: z.coerce.number().int().min(0).max(512).default(48),
  /** Passages retrieved for an answer. */
  topK: z.coerce.number().int().min(1).max(50).default(5),
  /** Token budget for retrieved context inside a RAG prompt. */
  contextTokens: z.coerce.number().int().min(128).max(32768).default(1200),
  /** Default generation limit for answers. */
  maxAnswerTokens: z.coerce.number().int().min(1).max(8192).default(400),
  /** Embedding contexts run in parallel, and threads for each; 0 picks them from the cores (see `embeddingLayout`). */
  embeddingContexts: z.coerce.number().int().min(0).max(32).default(0),
  embeddingThreads: z.coerce.number().int().min(0).max(256).default(0),
  /** Most chat requests that may wait while every sequence is busy; more get 429 with Retry-After. */
  chatQueueMax: z.coerce.number().int().min(1).max(1000).default(8),
  /** Chat sequences generated side by side in one context; 0 picks them from free memory (see `chatSequenceCount`). */
  chatSequences: z.coerce.number().int().min(0).max(16).default(0),
  /** Longest a chat request may take, waiting and generating together, seconds; 0 for no limit. */
  chatTimeoutSeconds: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Chat context size in tokens (prompt + answer). */
  chatContextSize: z.coerce.number().int().min(512).max(131072).default(4096),
  /** Weight of the vector score in hybrid fusion (BM25 gets 1 − this, before the query-aware adjustment). */
  vectorWeight: z.coerce.number().min(0).max(1).default(0.5),
  /** Weight of a title/heading match added to a passage's BM25 score (0 turns the heading field off). */
  headingBoost: z.coerce.number().min(0).max(10).default(0.1),
  /** Passages the cross-encoder reranker re-scores per query (when a reranker model is loaded). */
  rerankTopN: z.coerce.number().int().min(1).max(200).default(20),
  /** Watch the library for changes after the start-up reconcile. */
  watch: bool.default(true),
  /** Debounce for filesystem events, ms. */
  watchDebounceMs: z.coerce.number().int().min(0).default(500),
  /**
   * The bootstrap admin key: `Authorization: Bearer <apiKey>` acts as an admin
   * on every route, with no account behind it. For scripts and for the first
   * set-up of a headless box; per-user keys (`almanac keys create`) are the
   * everyday way in.
   */
  apiKey: z.string().min(1).optional(),
  /**
   * What visitors who are not signed in may do: `none`, `reader` (read,
   * search, survival topics: the default), `user` (also ask, with
   * conversations kept per browser) or `admin` (everything: a single-person
   * box on a trusted network).
   */
  anonymousRole: z.enum(["none", "reader", "user", "admin"]).default("reader"),
  /** Requests per minute one API key may make (bursts up to this many); 0 turns the limit off. */
  apiKeyRatePerMinute: z.coerce.number().int().min(0).default(120),
  /**
   * Origins whose web pages may call `/v1/*` and `/api/*` from a browser (CORS), e.g.
   * `["http://notes.lan:3000"]`; empty (the default) sends no CORS headers. From the environment, comma-separated.
   */
  corsOrigins: commaList(z.string().regex(/^https?:\/\/[^/\s]+$/, "an origin such as http://host:port")).default([]),
  /**
   * Host names the server answers to besides IP literals, `localhost`, this machine's name (bare and with
   * `.local`, `.lan`, `.home.arpa`) and `host`; others get 421 (DNS rebinding). `*.name` allows subdomains,
   * `*` every name. From the environment, comma-separated.
   */
  allowedHosts: commaList(
    z.string().regex(/^(\*|(\*\.)?[^\s/:@[\]*]+)$/, "a host name without port, *.name or *"),
  ).default([]),
  /** Browser sign-in sessions last this many hours. */
  sessionHours: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(24 * 30),
  /** Parse worker threads, the V8 heap limit of each (MB), and the longest one file may take (ms). */
  parseWorkers: z.coerce.number().int().min(1).max(64).default(1),
  parseHeapMb: z.coerce.number().int().min(64).max(16384).default(512),
  parseTimeoutMs: z.coerce.number().int().min(1000).default(120_000),
  /** Largest book file read, MB. */
  maxFileMb: z.coerce.number().min(1).default(256),
  /** Longest document text, characters. */
  maxTextChars: z.coerce.number().int().min(1000).default(20_000_000),
  /** Largest uncompressed EPUB entry and EPUB total, MB; most archive entries and spine items. */
  maxEpubEntryMb: z.coerce.number().min(1).default(64),
  maxEpubTotalMb: z.coerce.number().min(1).default(200),
  maxEpubEntries: z.coerce.number().int().min(1).default(20_000),
  maxSpineItems: z.coerce.number().int().min(1).default(5_000),
  /** Deepest Markdown nesting accepted (lists, quotes, indentation). */
  maxMarkdownDepth: z.coerce.number().int().min(4).max(10_000).default(64),
  /** Wait before the second listing that confirms a mass deletion, ms. */
  confirmDeleteMs: z.coerce.number().int().min(0).default(5_000),
  /** How often an unavailable library folder is looked at again, ms. */
  libraryRetryMs: z.coerce.number().int().min(100).default(10_000),
  /** Limits on one chat request: total characters over all messages, and number of messages. */
  maxMessageChars: z.coerce.number().int().min(100).default(32_000),
  maxMessages: z.coerce.number().int().min(1).default(100),
  /**
   * Admission control for searches and pages (GET requests; health, status,
   * assets, sign-in, event streams and posts are never queued): at most this
   * many run at once; 0 picks max(4, 2 × CPU cores).
   */
  maxInFlightRequests: z.coerce.number().int().min(0).max(10_000).default(0),
  /** Requests that may wait for a slot; one more gets 503 with `Retry-After: 1`. */
  maxQueuedRequests: z.coerce.number().int().min(0).max(100_000).default(64),
  /** Longest a request waits for a slot before it gets 503, ms. */
  maxQueueWaitMs: z.coerce.number().int().min(1).max(60_000).default(1_500),
  /**
   * Free space the data folder's disk must keep, MB: below it indexing pauses
   * ("disk full: indexing paused, search still serving") and resumes by
   * itself once there is room again. Search and the reader keep serving.
   */
  minFreeDiskMb: z.coerce.number().int().min(0).max(1_000_000).default(256),
  /** Largest upload request from the library page (all its files together), MB. */
  maxUploadMb: z.coerce.number().min(1).default(512),
  /** Largest GGUF model uploaded from the status page or `POST /api/models/upload`, MB. */
  maxModelUploadMb: z.coerce.number().min(1).default(16_384),
  /** The page `/` opens: `auto` is survival topics when no chat model is loaded, else Ask. */
  landingPage: z.enum(["auto", "chat", "survival"]).default("auto"),
  /** Read scanned PDFs (no text layer) with OCR; needs Debian's tesseract-ocr and poppler-utils. Slow: about 2–5 s a page. */
  pdfOcr: bool.default(false),
  /** Articles indexed per ZIM archive; 0 indexes them all. */
  zimMaxArticles: z.coerce.number().int().min(0).default(0),
  /**
   * Per-archive limits by library-relative path, over `zimMaxArticles`:
   * `{"wiki/wikipedia_en_all.zim": {"maxArticles": 50000, "pathPrefix": "A/"}}`.
   * From the environment as JSON.
   */
  zimFilters: z
    .preprocess(
      (v) => {
        if (typeof v !== "string") return v;
        try {
          return JSON.parse(v);
        } catch {
          return v;
        }
      },
      z.record(
        z.string(),
        z.object({ maxArticles: z.number().int().min(0).optional(), pathPrefix: z.string().optional() }).strict(),
      ),
    )
    .default({}),
  /**
   * ZIM articles read per worker batch; the cursor advances once a batch is committed. After each start
   * the first batch is 10 articles, doubling up to this, so the cursor moves soon after a restart.
   */
  zimBatchArticles: z.coerce.number().int().min(1).max(10_000).default(500),
  /**
   * No-network mode, on by default: Almanac opens no connection to another
   * machine. `almanac models pull` is refused, and a remote generator is used
   * only when its host is in `offlineAllowHosts`.
   */
  offline: bool.default(true),
  /** Hosts (`name` or `name:port`) that offline mode still lets Almanac reach: a LAN generator. From the environment, comma-separated. */
  offlineAllowHosts: commaList(z.string().min(1)).default([]),
  /**
   * A remote OpenAI-compatible generator (llama.cpp's `llama-server`, vLLM) that
   * answers instead of a local chat model: its base URL up to `/v1`, the model
   * name it serves, an optional key, and how many requests it takes at once.
   * Used only when `offline` is off or its host is allow-listed.
   */
  remoteChatUrl: z.string().url().optional(),
  remoteChatModel: z.string().min(1).default("default"),
  remoteChatKey: z.string().min(1).optional(),
  remoteChatConcurrency: z.coerce.number().int().min(1).max(64).default(4),
  /** Longest graceful shutdown after SIGTERM before the process exits anyway, ms. */
  shutdownTimeoutMs: z.coerce.number().int().min(0).default(10_000),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** Validated configuration with absolute paths. */
export type Config = z.infer<typeof ConfigSchema>;

/** Environment variable for each config key. */
export const ENV_KEYS: Record<keyof Config, string> = {
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
  watch: "ALMANAC_WATCH",
  watchDebounceMs: "ALMANAC_WATCH_DEBOUNCE_MS",
  apiKey: "ALMANAC_API_KEY",
  anonymousRole: "ALMANAC_ANONYMOUS_ROLE",
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
};

/**
 * Loads configuration: defaults, then the JSON file named by `ALMANAC_CONFIG`
 * (or `./almanac.config.json` when present), then environment variables, then
 * `overrides` (CLI flags). Paths are resolved against the working directory.
 *
 * @throws Error listing every invalid key when validation fails, or naming
 *   each key of the file that is not a setting ({@link unknownSettings}).
 */
export function loadConfig(overrides: Partial<Record<keyof Config, unknown>> = {}, env = process.env): Config {
  const file = env.ALMANAC_CONFIG ?? "almanac.config.json";
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`config file ${file}: ${(err as Error).message}`);
    }
    if (typeof fromFile !== "object" || fromFile === null || Array.isArray(fromFile))
      throw new Error(`config file ${file}: expected a JSON object of settings`);
    const unknown = unknownSettings(Object.keys(fromFile), file);
    if (unknown) throw new Error(unknown);
  } else if (env.ALMANAC_CONFIG) {
    throw new Error(`config file ${file} does not exist`);
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v !== undefined && v !== "") fromEnv[key] = v;
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const parsed = ConfigSchema.safeParse({ ...fromFile, ...fromEnv, ...defined });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid configuration: ${issues}`);
  }
  const c = parsed.data;
  if (c.chunkOverlapTokens >= c.chunkTokens)
    throw new Error("invalid configuration: chunkOverlapTokens must be < chunkTokens");
  return { ...c, libraryDir: resolve(c.libraryDir), dataDir: resolve(c.dataDir), modelsDir: resolve(c.modelsDir) };
}

/**
 * Says which keys of a config file are not settings, each with the closest
 * setting's name when one is near (Levenshtein distance, case ignored, at
 * most 2 or a quarter of the key's length). A misspelt key must not pass in
 * silence: `{"anonymousrole": "none"}` would leave the box open without a word.
 * @param keys - the file's top-level keys.
 * @param file - the file's name, for the message.
 * @returns e.g. `unknown setting "libaryDir" in almanac.config.json; did you mean "libraryDir"?`
 *   (several joined by "; "), or null when every key is a setting.
 */
export function unknownSettings(keys: readonly string[], file: string): string | null {
  const names = Object.keys(ConfigSchema.shape);
  const lower = names.map((n) => n.toLowerCase());
  const problems = keys
    .filter((k) => !Object.hasOwn(ConfigSchema.shape, k))
    .map((k) => {
      const near = closest(k.toLowerCase(), lower);
      const close = distance(k.toLowerCase(), near) <= Math.max(2, Math.floor(k.length / 4));
      const hint = close ? `; did you mean "${names[lower.indexOf(near)]}"?` : "";
      return `unknown setting "${k}" in ${file}${hint}`;
    });
  return problems.length ? problems.join("; ") : null;
}

/** The {@link ParseLimits} a config sets. */
export function parseLimitsOf(c: Config): ParseLimits {
  const mb = 1024 * 1024;
  return {
    maxFileBytes: Math.round(c.maxFileMb * mb),
    maxTextChars: c.maxTextChars,
    maxEpubEntryBytes: Math.round(c.maxEpubEntryMb * mb),
    maxEpubTotalBytes: Math.round(c.maxEpubTotalMb * mb),
    maxEpubEntries: c.maxEpubEntries,
    maxSpineItems: c.maxSpineItems,
    maxMarkdownDepth: c.maxMarkdownDepth,
    pdfOcr: c.pdfOcr,
  };
}
