import type { Indexer } from "./indexer.js";
import type { ZimProgress } from "./zim-ingest.js";

/** Indexing progress as a person reads it. */
export interface ProgressSnapshot {
  busy: boolean;
  /** Files finished in this run, and the run's total so far (finished + current + queued). */
  filesDone: number;
  filesTotal: number;
  /** The file being indexed now, library-relative. */
  current: string | null;
  /**
   * How much of the current file is done, 0–1: its chunks embedded, or a ZIM archive's articles; null when
   * it cannot be measured (no embedding model: the file is parsed and written in one go).
   */
  currentFraction: number | null;
  /** Chunks written in this run. */
  chunksDone: number;
  /** Chunks per second over the last {@link WINDOW_MS}; null until there is a measurement. */
  chunksPerSecond: number | null;
  /** Estimated seconds left, from the recent file rate; null when unknown. */
  etaSeconds: number | null;
  /** The ZIM archive being indexed now: articles done of its total, with its own rate and ETA; null otherwise. */
  articles: ZimProgress | null;
}

/** Idle for longer than this, ms, and the next file starts a new run (its count starts at 0 again). */
const RUN_GAP_MS = 3_000;

/** Rates are measured over this sliding window, ms. */
const WINDOW_MS = 20_000;

/**
 * Turns the indexer's events into what the library page shows: files done of
 * total in the current run, chunks per second, and an ETA from the recent rate
 * of files. A run starts when the indexer leaves an idle of more than 3 s.
 */
export class ProgressMeter {
  private runBase = 0;
  private chunks = 0;
  private samples: Array<{ t: number; files: number; chunks: number }> = [];
  private idle = true;
  /** When the indexer last went idle (epoch ms); 0 before the first run. */
  private idleSince = 0;

  constructor(private readonly indexer: Pick<Indexer, "on" | "busy" | "getProgress">) {
    indexer.on("progress", (p) => {
      if (this.idle) {
        this.idle = false;
        // Files of one upload or copy arrive one by one, and the queue may empty between them: that is still one run.
        if (Date.now() - this.idleSince > RUN_GAP_MS) {
          this.runBase = p.processed - (p.current ? 0 : 1);
          this.chunks = 0;
          this.samples = [];
        }
      }
      this.sample();
    });
    indexer.on("document", (e) => {
      if (e.chunks) this.chunks += e.chunks;
      this.sample();
    });
    indexer.on("chunks", (n) => {
      this.chunks += n;
      this.sample();
    });
    indexer.on("idle", () => {
      this.idle = true;
      this.idleSince = Date.now();
    });
  }

  private sample(): void {
    const now = Date.now();
    this.samples.push({ t: now, files: this.indexer.getProgress().processed, chunks: this.chunks });
    while (this.samples.length > 2 && now - (this.samples[0] as { t: number }).t > WINDOW_MS) this.samples.shift();
  }

  /** The current snapshot. */
  snapshot(): ProgressSnapshot {
    const p = this.indexer.getProgress();
    const busy = this.indexer.busy;
    const filesDone = Math.max(0, p.processed - this.runBase);
    const filesTotal = filesDone + p.queued + (p.current ? 1 : 0);
    const first = this.samples[0];
    const last = this.samples.at(-1);
    const seconds = first && last ? (last.t - first.t) / 1000 : 0;
    const chunkRate = seconds >= 1 && first && last ? (last.chunks - first.chunks) / seconds : null;
    const fileRate = seconds >= 1 && first && last ? (last.files - first.files) / seconds : 0;
    const left = filesTotal - filesDone;
    return {
      busy,
      filesDone,
      filesTotal,
      current: p.current,
      currentFraction: currentFraction(p),
      chunksDone: this.chunks,
      chunksPerSecond: chunkRate === null ? null : Number(chunkRate.toFixed(1)),
      etaSeconds: busy && fileRate > 0 ? Math.round(left / fileRate) : null,
      articles: p.currentArticles,
    };
  }
}

/** The part of the current file done, 0–1, or null when nothing measures it. */
function currentFraction(p: ReturnType<Indexer["getProgress"]>): number | null {
  if (!p.current) return null;
  const a = p.currentArticles;
  if (a && a.total > 0) return Math.min(1, a.done / a.total);
  const c = p.currentChunks;
  return c.total > 0 ? Math.min(1, c.done / c.total) : null;
}
