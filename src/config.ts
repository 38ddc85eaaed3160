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
 * Each key's `.describe()` text is its documentation: `npm run docs` renders
 * docs/configuration.md from it (src/config-reference.ts).
 */
export const ConfigSchema = z.object({
  host: z.string().default("0.0.0.0").describe("Listen address; `0.0.0.0` (all interfaces) serves the LAN."),
  port: z.coerce.number().int().min(0).max(65535).default(8080).describe("Listen port."),
  libraryDir: z
    .string()
    .default("./library")
    .describe("The watched book folder; its first-level subfolders are collections."),
  dataDir: z
    .string()
    .default("./indexes")
    .describe("Where the LanceDB tables and the SQLite state (accounts, conversations, settings) live."),
  modelsDir: z.string().default("./models").describe("Folder scanned for `*.gguf` model files."),
  embeddingModel: z
    .string()
    .optional()
    .describe(
      "Pins the embedding role to this file name in the models folder; otherwise roles come from GGUF metadata.",
    ),
  chatModel: z
    .string()
    .optional()
    .describe("Pins the chat role to this file name in the models folder; otherwise roles come from GGUF metadata."),
  rerankerModel: z
    .string()
    .optional()
    .describe(
      "Pins the reranker role to this file name in the models folder; otherwise roles come from GGUF metadata.",
    ),
  threads: z.coerce.number().int().min(1).default(Math.max(1, availableParallelism())).meta({
    description:
      "CPU threads per model context. node-llama-cpp's own default (4) on a 2-core box is ~100× slower (over-subscription).",
    shownDefault: "the cores available",
  }),
  gpu: z
    .enum(["auto", "cuda", "vulkan", "metal", "off"])
    .default("auto")
    .describe(
      "Compute backend: `auto` (CUDA → Vulkan → Metal → CPU), or force `cuda`, `vulkan`, `metal`, or `off` (CPU).",
    ),
  chunkTokens: z.coerce
    .number()
    .int()
    .min(32)
    .max(2048)
    .default(256)
    .describe("Chunk budget, in tokens of the embedding model (or the documented estimate with no model)."),
  chunkOverlapTokens: z.coerce
    .number()
    .int()
    .min(0)
    .max(512)
    .default(48)
    .describe("Overlap between consecutive chunks, in tokens (whole sentences); must be below `chunkTokens`."),
  topK: z.coerce.number().int().min(1).max(50).default(5).describe("Passages retrieved per answer."),
  contextTokens: z.coerce
    .number()
    .int()
    .min(128)
    .max(32768)
    .default(1200)
    .describe("Most tokens of sources in a RAG prompt (fewer when the chat model's context is small)."),
  maxAnswerTokens: z.coerce
    .number()
    .int()
    .min(1)
    .max(8192)
    .default(400)
    .describe("Default generation limit for answers."),
  embeddingContexts: z.coerce
    .number()
    .int()
    .min(0)
    .max(32)
    .default(0)
    .describe(
      "Embedding contexts run in parallel; `0` (auto): on CPU two single-thread contexts per core, at most 4; on a GPU one. Measured in docs/performance.md.",
    ),
  embeddingThreads: z.coerce
    .number()
    .int()
    .min(0)
    .max(256)
    .default(0)
    .describe(
      "Threads for each embedding context; `0` (auto): on CPU `threads / contexts` (at least 1), on a GPU `threads`.",
    ),
  chatQueueMax: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(8)
    .describe(
      "Chat requests that may wait while every sequence is busy; more get 429 with `Retry-After` (estimated from recent generations). A request whose client leaves while it waits is dropped from the queue; the page shows how many answers are ahead.",
    ),
  chatSequences: z.coerce
    .number()
    .int()
    .min(0)
    .max(16)
    .default(0)
    .describe(
      "Answers the chat model generates side by side, each with its own KV cache of `chatContextSize` tokens. `0` (auto): as many as fit in a quarter of free memory (VRAM when offloaded), 1 to 4. `/status` shows the number.",
    ),
  chatTimeoutSeconds: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(300)
    .describe(
      "Longest a chat request may take, waiting and generating together, in seconds. One still waiting for a sequence then gets 503 with `Retry-After`; one generating ends with what it has (finish reason `length`). `0` for no limit.",
    ),
  chatContextSize: z.coerce
    .number()
    .int()
    .min(512)
    .max(131072)
    .default(4096)
    .describe("Chat context size in tokens (prompt + answer)."),
  vectorWeight: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe(
      "Bias of hybrid fusion toward the vector score (BM25 gets 1 − this, before the query-aware adjustment; 0.5 = neutral). See docs/retrieval.md.",
    ),
  headingBoost: z.coerce
    .number()
    .min(0)
    .max(10)
    .default(0.1)
    .describe("Weight of a title/heading match added to a passage's BM25 score (`0` turns the heading field off)."),
  rerankTopN: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(20)
    .describe("Passages the cross-encoder re-scores per query, when a reranker model is loaded."),
  watch: bool.default(true).describe("Watch the library for changes after the start-up reconcile."),
  watchDebounceMs: z.coerce.number().int().min(0).default(500).describe("Debounce for file events, ms."),
  apiKey: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The bootstrap admin key: `Authorization: Bearer <apiKey>` acts as an admin on every route, with no account behind it. For scripts and for the first set-up of a headless box; per-user keys (`almanac keys create`) are the everyday way in.",
    ),
  anonymousRole: z
    .enum(["none", "reader", "user", "admin"])
    .default("reader")
    .describe(
      "What visitors who are not signed in may do: `none` (sign-in for everything), `reader` (read, search, survival topics), `user` (also ask, with conversations kept per browser) or `admin` (everything: a one-person box on a trusted network).",
    ),
  apiKeyRatePerMinute: z.coerce
    .number()
    .int()
    .min(0)
    .default(120)
    .describe(
      "Requests a minute one API key may make (a token bucket, bursts up to this many); `0` turns the limit off.",
    ),
  corsOrigins: commaList(z.string().regex(/^https?:\/\/[^/\s]+$/, "an origin such as http://host:port"))
    .default([])
    .describe(
      'Origins whose web pages may call `/v1/*` and `/api/*` from a browser (CORS), e.g. `["http://notes.lan:3000"]`; empty sends no CORS headers. Preflights are answered without a key; every real call still needs one.',
    ),
  allowedHosts: commaList(z.string().regex(/^(\*|(\*\.)?[^\s/:@[\]*]+)$/, "a host name without port, *.name or *"))
    .default([])
    .describe(
      "More host names the server answers to (without port; `*.example.lan` for subdomains, `*` for any), besides IP addresses, `localhost`, this machine's name (bare and with `.local`, `.lan`, `.home.arpa`) and `host`. Other names get 421 (DNS rebinding). In Docker the container's name is not the machine's: list the names you browse to.",
    ),
  sessionHours: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(24 * 30)
    .describe("How long a browser sign-in lasts, hours."),
  parseWorkers: z.coerce.number().int().min(1).max(64).default(1).describe("Parse worker threads."),
  parseHeapMb: z.coerce
    .number()
    .int()
    .min(64)
    .max(16384)
    .default(512)
    .describe("V8 heap limit of each parse worker, MB; a file that needs more fails alone."),
  parseTimeoutMs: z.coerce
    .number()
    .int()
    .min(1000)
    .default(120_000)
    .describe("Longest one file may take to parse, ms (OCR of a long scan needs more)."),
  maxFileMb: z.coerce
    .number()
    .min(1)
    .default(256)
    .describe("Largest book file read, MB (also the largest file uploaded)."),
  maxTextChars: z.coerce.number().int().min(1000).default(20_000_000).describe("Longest document text, characters."),
  maxEpubEntryMb: z.coerce
    .number()
    .min(1)
    .default(64)
    .describe("Largest uncompressed EPUB entry, MB (checked before anything is inflated)."),
  maxEpubTotalMb: z.coerce
    .number()
    .min(1)
    .default(200)
    .describe("Largest uncompressed EPUB in total, MB (checked before anything is inflated)."),
  maxEpubEntries: z.coerce.number().int().min(1).default(20_000).describe("Most entries in an EPUB archive."),
  maxSpineItems: z.coerce.number().int().min(1).default(5_000).describe("Most spine items in an EPUB."),
  maxMarkdownDepth: z.coerce
    .number()
    .int()
    .min(4)
    .max(10_000)
    .default(64)
    .describe("Deepest Markdown nesting accepted (lists, quotes, indentation), checked before remark runs."),
  confirmDeleteMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(5_000)
    .describe("Wait before the second listing that confirms a mass deletion (over half the documents), ms."),
  libraryRetryMs: z.coerce
    .number()
    .int()
    .min(100)
    .default(10_000)
    .describe("How often an unavailable library folder is looked at again, ms."),
  maxMessageChars: z.coerce
    .number()
    .int()
    .min(100)
    .default(32_000)
    .describe("Most characters in one chat request, all messages together (400 `context_length_exceeded`)."),
  maxMessages: z.coerce
    .number()
    .int()
    .min(1)
    .default(100)
    .describe("Most messages in one chat request (400 `context_length_exceeded`)."),
  maxInFlightRequests: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(0)
    .describe(
      "Admission control: searches and pages (GET requests) answered at once; `0` picks max(4, 2 × CPU cores). Health, status, assets, sign-in, event streams and posts are never queued.",
    ),
  maxQueuedRequests: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(64)
    .describe("Searches and pages that may wait for a slot; one more gets 503 with `Retry-After: 1`."),
  maxQueueWaitMs: z.coerce
    .number()
    .int()
    .min(1)
    .max(60_000)
    .default(1_500)
    .describe("Longest a search or page waits for a slot before it gets 503, ms."),
  minFreeDiskMb: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(256)
    .describe(
      'Free space indexing keeps on the data folder\'s disk, MB: below it indexing pauses ("disk nearly full: indexing paused, search still serving") and resumes by itself once there is room; search and the reader keep serving. `0` pauses only when a write fails.',
    ),
  maxUploadMb: z.coerce
    .number()
    .min(1)
    .default(512)
    .describe("Largest upload request from the library page (all its files together), MB."),
  maxModelUploadMb: z.coerce
    .number()
    .min(1)
    .default(16_384)
    .describe("Largest GGUF model uploaded from the status page or `POST /api/models/upload`, MB."),
  landingPage: z
    .enum(["auto", "chat", "survival"])
    .default("auto")
    .describe(
      "What `/` opens: `survival`, `chat`, or `auto` (survival topics when no chat model is loaded, else Ask).",
    ),
  pdfOcr: bool
    .default(false)
    .describe(
      "Read scanned PDFs (no text layer) with OCR; needs Debian's `tesseract-ocr` and `poppler-utils`. Slow: about 2–5 s a page.",
    ),
  zimMaxArticles: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("Articles indexed per ZIM archive; `0` indexes them all."),
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
    .default({})
    .describe(
      'Per-archive limits by library-relative path, over `zimMaxArticles`: `{"wiki/wikipedia_en_all.zim": {"maxArticles": 50000, "pathPrefix": "A/"}}`.',
    ),
  zimBatchArticles: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(500)
    .describe(
      "ZIM articles per worker batch; the resume cursor advances once a batch is committed. After each start the first batch is 10 articles, doubling up to this, so a box that is restarted often still gets through an archive.",
    ),
  offline: bool
    .default(true)
    .describe(
      "No-network mode: Almanac opens no connection to another machine. `almanac models pull` is refused, and a remote generator is used only when its host is in `offlineAllowHosts`.",
    ),
  offlineAllowHosts: commaList(z.string().min(1))
    .default([])
    .describe("Hosts (`name` or `name:port`) that offline mode still lets Almanac reach: a generator on your LAN."),
  remoteChatUrl: z
    .string()
    .url()
    .optional()
    .describe(
      "Base URL (up to `/v1`) of a remote OpenAI-compatible generator (llama.cpp's `llama-server`, vLLM, Ollama) that answers instead of a local chat model; used only when `offline` is off or its host is allow-listed. See docs/models.md.",
    ),
  remoteChatModel: z.string().min(1).default("default").describe("The model name the remote generator serves."),
  remoteChatKey: z.string().min(1).optional().describe("An API key for the remote generator, if it needs one."),
  remoteChatConcurrency: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(4)
    .describe("Requests the remote generator takes at once."),
  shutdownTimeoutMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(10_000)
    .describe("Longest graceful shutdown after SIGTERM before the process exits anyway, ms."),
  logLevel: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info")
    .describe("pino log level (logs are JSON lines on stderr)."),
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
