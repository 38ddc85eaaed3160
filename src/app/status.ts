import { freemem, totalmem } from "node:os";
import type { Answerer } from "../generate/answer.js";
import type { DiskState } from "../library/disk.js";
import type { Indexer, LibraryAvailability } from "../library/indexer.js";
import type { IndexRebuildProgress } from "../library/rebuild.js";
import type { EmbeddingSwitchProgress } from "../library/reembed.js";
import { type CpuFacts, readCpu } from "../models/hardware.js";
import type { ModelRuntime, RuntimeInfo } from "../models/runtime.js";
import { speechEngine } from "../models/speech.js";
import type { Retriever } from "../retrieve/search.js";
import { VERSION } from "../version.js";

/** What `/status` and `almanac status` report. */
export interface AppStatus {
  version: string;
  uptimeSeconds: number;
  mode: { retrieval: string; answers: string };
  runtime: RuntimeInfo;
  documents: ReturnType<Indexer["countsByStatus"]>;
  /** Indexed documents by format (`epub`, `pdf`, `html`, `zim`, `media`, `markdown`, `text`); a ZIM archive counts once. */
  formats: Record<string, number>;
  /** Failed and skipped files with the reason, and indexed files with a warning. */
  failures: ReturnType<Indexer["failures"]>;
  chunks: number;
  indexing: ReturnType<Indexer["getProgress"]> & { busy: boolean };
  library: { path: string } & LibraryAvailability;
  /** Whether indexing waits for disk space (`reason`: "disk full: indexing paused, search still serving …"); null when read-only. */
  disk: DiskState | null;
  /** Why a serving process is read-only (a full disk at start-up), or null. */
  readOnlyReason: string | null;
  /** The rebuild beside the old index after an upgrade (documents done of total), or null. */
  rebuild: IndexRebuildProgress | null;
  /** False for a process that reads the index beside the server that writes it. */
  writable: boolean;
  /**
   * This process's memory, bytes: resident, the V8 heap in use, memory outside it (Buffers, Arrow data),
   * and what LanceDB's caches hold (index pages, file metadata; bounded by `indexCacheMb`).
   */
  memory: { rssBytes: number; heapUsedBytes: number; externalBytes: number; indexCacheBytes: number };
  /** The CPU and memory (`almanac doctor` says more: the backend's memory and what each model needs). */
  hardware: { cpu: CpuFacts; ram: { totalBytes: number; freeBytes: number } };
  /** The embedding switch running or last finished since start-up, with its progress; null when none. */
  embeddingSwitch: EmbeddingSwitchProgress | null;
  /** What answers `POST /v1/audio/speech`: Debian's espeak-ng when installed, else null (the route says 501). */
  speech: { engine: "espeak-ng" | null };
}

/** What {@link readStatus} reads. */
export interface StatusParts {
  /** When the process started, ms since the epoch. */
  startedAt: number;
  search: Pick<Retriever, "defaultMode">;
  ask: Pick<Answerer, "mode">;
  runtime: Pick<ModelRuntime, "info">;
  indexer: Pick<
    Indexer,
    "countsByStatus" | "countsByFormat" | "failures" | "getProgress" | "busy" | "getAvailability" | "getDisk"
  >;
  chunkCount: () => Promise<number>;
  /** Bytes LanceDB's caches hold. */
  cacheBytes: () => number;
  libraryDir: string;
  readOnlyReason: string | null;
  writable: boolean;
  embeddingSwitch: EmbeddingSwitchProgress | null;
  /** The rebuild since start-up, or null; its counts are read from the indexer's. */
  rebuild: IndexRebuildProgress | null;
}

/**
 * The `/status` snapshot.
 * @throws StorageError when the chunks cannot be counted.
 */
export async function readStatus(p: StatusParts): Promise<AppStatus> {
  const counts = p.indexer.countsByStatus();
  return {
    version: VERSION,
    uptimeSeconds: Math.round((Date.now() - p.startedAt) / 1000),
    mode: { retrieval: p.search.defaultMode, answers: p.ask.mode },
    runtime: p.runtime.info(),
    documents: counts,
    formats: p.indexer.countsByFormat(),
    failures: p.indexer.failures(),
    chunks: await p.chunkCount(),
    indexing: { ...p.indexer.getProgress(), busy: p.indexer.busy },
    library: { path: p.libraryDir, ...p.indexer.getAvailability() },
    disk: p.indexer.getDisk(),
    readOnlyReason: p.readOnlyReason,
    writable: p.writable,
    memory: { ...processMemory(), indexCacheBytes: p.cacheBytes() },
    hardware: { cpu: readCpu(), ram: { totalBytes: totalmem(), freeBytes: freemem() } },
    embeddingSwitch: p.embeddingSwitch,
    speech: { engine: speechEngine() },
    rebuild: p.rebuild ? rebuildStatus(p.rebuild, counts) : null,
  };
}

function processMemory(): { rssBytes: number; heapUsedBytes: number; externalBytes: number } {
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, externalBytes: m.external };
}

/** A rebuild's progress with its counts: documents done of every document the indexer knows. */
export function rebuildStatus(rebuild: IndexRebuildProgress, c: Record<string, number>): IndexRebuildProgress {
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  const left = (c.pending ?? 0) + (c.indexing ?? 0);
  return { ...rebuild, total, done: rebuild.state === "done" ? total : total - left };
}
