// Over 300 lines: one zod schema, one file. Each setting's default, bounds and `.describe()` text (its documentation,
// rendered into docs/configuration.md) stand together, in the order the page lists them.
import { availableParallelism } from "node:os";
import { z } from "zod";
import { bool, commaList } from "./sources.js";

/** A whole-number setting from `min` to `max` with its default (environment values arrive as text). */
const whole = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * Almanac's configuration schema. Every key can come from an environment
 * variable (`ENV_KEYS` in src/config.ts) or from a JSON config file; environment wins.
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
  indexCacheMb: whole(0, 65_536, 0).describe(
    "LanceDB's cache of index pages, MiB. `0` (auto): a sixteenth of the machine's memory, 128 MiB to 1 GiB. It holds what searches read of the live index (it starts empty after each index maintenance), so it grows with the library; a large library searches faster with more.",
  ),
  searchCacheEntries: whole(0, 100_000, 256).describe(
    "Recent search results kept in memory, dropped whenever the index changes; the same search asked again is answered at once (`0` turns it off).",
  ),
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
      "What visitors who are not signed in may do: `none` (sign-in for everything), `reader` (read, search, survival topics), `user` (also ask, with conversations kept per browser) or `admin` (everything: a one-person box on a trusted network). First-run setup and the Settings page save a choice in the data folder, which wins over this.",
    ),
  mcpSimple: bool
    .default(false)
    .describe(
      "The MCP server (`/mcp`, `almanac mcp`) offers the one tool `ask_library` instead of `search`, `read`, `library` and `answer`: for local models of 13B and under, which choose better among fewer tools.",
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
