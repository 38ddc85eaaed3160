// The one module of src/ that views/ may import: plain props the page templates render, and pure formatters.
// The routes in http/ui/ turn app state into these shapes; nothing here reaches the running app. Each type is
// structural, so the app's own records (a reader page, the status snapshot) are passed as they are when they fit.

export { PROMPT_STYLES, type PromptStyle, STYLE_NAMES } from "./generate/styles.js";
export { type I18n, LOCALE_NAMES, LOCALES, type Locale, type MessageKey } from "./i18n/index.js";
export { formatBytes } from "./ingest/limits.js";
export { formatTime } from "./ingest/time.js";
export { formatParameters } from "./models/gguf-facts.js";

/** A run of text, marked when it lies inside a highlight (a cited range, or a query's words). */
export interface TextPart {
  text: string;
  marked: boolean;
}

/** One block of a reader page: a heading or a paragraph (which may hold line breaks: lists, tables, verse). */
export interface ReaderBlockView {
  kind: "heading" | "paragraph";
  /** Heading level 2–6 (the page title is level 1); 0 for paragraphs. */
  level: number;
  /** Offsets [start, end) into the normalised text. */
  start: number;
  end: number;
  parts: TextPart[];
}

/** A chapter as the reader's navigation lists it. */
export interface ChapterLinkView {
  index: number;
  title: string;
}

/** Everything one reader page shows (the reader's `ReaderPage` fits it). */
export interface ReaderPageView {
  chapter: ChapterLinkView & { start: number; end: number };
  chapterCount: number;
  prev: ChapterLinkView | null;
  next: ChapterLinkView | null;
  /** Table of contents: heading, 1-based depth, start offset and chapter index. */
  toc: Array<{ title: string; depth: number; start: number; chapter: number }>;
  blocks: ReaderBlockView[];
  /** The highlighted range, offsets into the normalised text, when it was valid for this document. */
  highlight: { start: number; end: number } | null;
  /** PDF: the pages that start on this reader page, by the offset of their first block. */
  pageStarts: Array<{ start: number; label: string }>;
}

/** A ZIM archive's progress while it is indexed: articles done of its total, with its own rate and ETA. */
export interface ArticleProgressView {
  done: number;
  total: number;
  articlesPerSecond: number | null;
  etaSeconds: number | null;
}

/** Indexing progress as the library page shows it (the progress meter's snapshot fits it). */
export interface ProgressView {
  busy: boolean;
  /** Files finished in this run, and the run's total so far. */
  filesDone: number;
  filesTotal: number;
  /** The file being indexed now, library-relative. */
  current: string | null;
  /** How much of the current file is done, 0–1; null when unmeasured (the bar then moves without a value). */
  currentFraction: number | null;
  /** Chunks written in this run. */
  chunksDone: number;
  chunksPerSecond: number | null;
  /** Estimated seconds left; null when unknown. */
  etaSeconds: number | null;
  articles: ArticleProgressView | null;
}

/** One removed book in the trash, as the library page lists it. */
export interface TrashView {
  /** What the restore form posts. */
  id: string;
  /** Library-relative path it is restored to. */
  originalPath: string;
  title?: string;
  /** ISO 8601 time it was removed. */
  trashedAt: string;
  /** Whole days until it is deleted. */
  daysLeft: number;
}

/** Where an embedding switch stands, for the status page. */
export interface EmbeddingSwitchView {
  /** The embedding model being switched to (its id). */
  model: string;
  state: "running" | "done" | "failed";
  /** Chunks re-embedded so far, of `total`. */
  done: number;
  total: number;
  chunksPerS: number | null;
  etaSeconds: number | null;
  /** Why it failed (state `failed`). */
  error?: string;
}

/** One model as the status page lists it. */
export interface ModelView {
  id: string;
  role: string;
  architecture: string;
  /** Parameter count. */
  parameters: number;
  quantization: string;
  fileBytes: number;
  /** A remote generator's origin. */
  remote?: string;
  loaded: boolean;
  error?: string;
  /** The chat model's recent generations. */
  generation?: {
    requests: number;
    sequences: number;
    ttftMs: { p50: number; p95: number } | null;
    tokensPerS: { p50: number; p95: number } | null;
  };
}

/** What the status page shows of the `/status` snapshot (the app's status fits it). */
export interface StatusView {
  version: string;
  uptimeSeconds: number;
  mode: { retrieval: string; answers: string };
  runtime: {
    backend: string;
    gpu: boolean;
    gpuDevices: string[];
    threads: number;
    embeddingLayout: { contexts: number; threads: number } | null;
    models: ModelView[];
    remote: { url: string; used: boolean; reason?: string } | null;
  };
  documents: { indexed: number; pending: number; indexing: number; failed: number; skipped: number };
  /** Indexed documents by format. */
  formats: Record<string, number>;
  /** Failed and skipped files with the reason, and indexed files with a warning. */
  failures: Array<{ path: string; status: string; error: string }>;
  chunks: number;
  indexing: { busy: boolean; current: string | null; queued: number };
  library: { path: string; available: boolean; reason: string | null };
  disk: { paused: boolean; reason: string | null } | null;
  readOnlyReason: string | null;
  rebuild: { from: string; to: string; state: "running" | "done"; done: number; total: number } | null;
  hardware: {
    cpu: { model: string; cores: number; avx2: boolean | null };
    ram: { totalBytes: number; freeBytes: number };
  };
  embeddingSwitch: EmbeddingSwitchView | null;
  /** What answers `POST /v1/audio/speech` (espeak-ng), or null. */
  speech: { engine: string | null };
}
