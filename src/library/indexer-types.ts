import type { ParseLimits } from "../ingest/limits.js";
import type { DocumentStatus } from "../state/schema.js";
import type { ChunkSettings } from "./records.js";
import type { ZimProgress } from "./zim-ingest.js";

// The indexer's shapes, shared by its parts (queue, per-file step, reconcile, availability).

/** Live indexing progress, as shown by `/status` and the CLI bar. */
export interface IndexProgress {
  /** Files waiting in the queue. */
  queued: number;
  /** File being processed now, library-relative. */
  current: string | null;
  /** Chunks of the current file embedded so far / total (0/0 without an embedding model). */
  currentChunks: { done: number; total: number };
  /** Files finished (indexed, unchanged, failed, skipped or removed) since start. */
  processed: number;
  /** Articles of the ZIM archive being indexed now; null for other files. */
  currentArticles: ZimProgress | null;
}

/** Whether the library folder can be read; when not, nothing is deleted and indexing waits. */
export interface LibraryAvailability {
  available: boolean;
  /** Why not, e.g. "does not exist", "permission denied", "the folder is empty …". */
  reason: string | null;
  /** Epoch ms of the last change. */
  since: number;
  /** Collections whose folder vanished or is empty; their documents are kept (see `almanac index --prune`). */
  missingCollections: string[];
}

/** Indexer settings taken from the config. */
export interface IndexerOptions extends ChunkSettings {
  /** The library folder, absolute (config `libraryDir`). */
  libraryDir: string;
  /** What one file may cost to parse (config `maxFileMb`, `maxTextChars`, …). */
  limits: ParseLimits;
  /** Wait before the second listing that confirms a mass deletion, ms. Default 5,000. */
  confirmDeleteMs: number;
  /** How often an unavailable library is looked at again, ms. Default 10,000. */
  libraryRetryMs: number;
  /** Articles indexed per ZIM archive, 0 for all (config `zimMaxArticles`). */
  zimMaxArticles: number;
  /** Per-archive limits by library-relative path (config `zimFilters`), over `zimMaxArticles`. */
  zimFilters: Record<string, { maxArticles?: number | undefined; pathPrefix?: string | undefined }>;
  /** ZIM articles per worker batch (config `zimBatchArticles`). */
  zimBatchArticles: number;
}

/** Events: `progress`, `document` (one file's result), `chunks` (a ZIM batch committed), `library` (availability changed), `idle`. */
export type IndexerEvents = {
  progress: [IndexProgress];
  document: [{ path: string; status: DocumentStatus | "removed" | "unchanged"; error?: string; chunks?: number }];
  /** Chunks committed mid-file (a ZIM batch); a ZIM's final `document` event carries no count. */
  chunks: [number];
  library: [LibraryAvailability];
  idle: [];
};

/** What the queue does with a path: index it, or remove it (only once a listing proved it gone). */
export type IndexAction = "index" | "remove";

/** The progress the indexer's parts update; {@link snapshotProgress} adds the queue length. */
export type ProgressState = Omit<IndexProgress, "queued">;

/** A fresh progress: nothing current, nothing processed. */
export function emptyProgress(): ProgressState {
  return { current: null, currentChunks: { done: 0, total: 0 }, processed: 0, currentArticles: null };
}

/** A copy of `state` with `queued` files waiting, safe to hand out (nothing shared with `state`). */
export function snapshotProgress(state: ProgressState, queued: number): IndexProgress {
  const articles = state.currentArticles;
  return {
    ...state,
    queued,
    currentChunks: { ...state.currentChunks },
    currentArticles: articles && { ...articles },
  };
}
