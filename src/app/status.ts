import type { DiskState } from "../library/disk.js";
import type { Indexer, LibraryAvailability } from "../library/indexer.js";
import type { IndexRebuildProgress } from "../library/rebuild.js";
import type { EmbeddingSwitchProgress } from "../library/reembed.js";
import type { CpuFacts } from "../models/hardware.js";
import type { RuntimeInfo } from "../models/runtime.js";

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
  /** The CPU and memory (`almanac doctor` says more: the backend's memory and what each model needs). */
  hardware: { cpu: CpuFacts; ram: { totalBytes: number; freeBytes: number } };
  /** The embedding switch running or last finished since start-up, with its progress; null when none. */
  embeddingSwitch: EmbeddingSwitchProgress | null;
}
