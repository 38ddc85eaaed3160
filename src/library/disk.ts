import { EventEmitter } from "node:events";
import { freeDiskBytes } from "../state/disk-usage.js";

/** The status line while indexing waits for disk space after a write found the disk full. */
export const DISK_FULL = "disk full: indexing paused, search still serving";
/** The status line while free space is below the floor (`minFreeDiskMb`) and nothing has failed yet. */
export const DISK_LOW = "disk nearly full: indexing paused, search still serving";

/**
 * Whether an error is the disk (or the user's quota) running out: Node's
 * `ENOSPC`/`EDQUOT` codes, SQLite's `SQLITE_FULL` ("database or disk is
 * full"), and LanceDB's, whose Rust I/O errors reach JavaScript as text only
 * ("No space left on device (os error 28)", "Disk quota exceeded (os error 122)").
 */
export function isDiskFull(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (code === "ENOSPC" || code === "EDQUOT" || code === "SQLITE_FULL") return true;
  return /no space left on device|disk quota exceeded|database or disk is full|os error (28|122)\b/i.test(err.message);
}

/**
 * A store error as people should read it: LanceDB's messages carry Rust
 * source locations (`…/lance-io/src/local.rs:123:45`), "Caused by" chains
 * and wrapper names that say nothing to a reader of the status page.
 * @returns the first line, without source paths and wrappers, at most 300 characters.
 */
export function readableStoreError(message: string): string {
  const first =
    message
      .split(/\n|Caused by:/)[0]
      ?.replace(/,?\s*\/?[\w./-]*\.rs:\d+(:\d+)?/g, "")
      .replace(/\b(LanceError|lance error|External error)\s*\(\w*\)\s*:?\s*/gi, "")
      .replace(/\s{2,}/g, " ")
      .trim() ?? "";
  return (first || "the index could not be written").slice(0, 300);
}

/** Why indexing waits for disk space, for `/status` and the library page. */
export interface DiskState {
  /** True while indexing is paused for space. */
  paused: boolean;
  /** {@link DISK_FULL} with the free space, or null when indexing runs. */
  reason: string | null;
  /** Free bytes on the data folder's disk at the last look; null before the first. */
  freeBytes: number | null;
  /** The floor indexing keeps free (config `minFreeDiskMb`), bytes. */
  floorBytes: number;
  /** Epoch ms of the last change. */
  since: number;
}

/** DiskGuard's events: `change` when it pauses or resumes, `resume` when indexing may go on. */
export type DiskGuardEvents = { change: [DiskState]; resume: [] };

const MB = 1024 * 1024;

/**
 * Pauses indexing before the data disk fills, and after a write found it full,
 * and says when it may go on. Below `floorBytes` free, or once {@link trip}
 * reports a failed write, the guard is paused; it then looks at the free
 * space every `retryMs` and resumes once there is the floor plus a margin
 * (10% of the floor, at least 1 MiB; after a failed write, that margin above
 * what was free then), so it does not flap around one value.
 * Searching never consults it: reads need no space.
 */
export class DiskGuard extends EventEmitter<DiskGuardEvents> {
  private state: DiskState;
  private lastLook = 0;
  /** {@link DISK_FULL} or {@link DISK_LOW}: what paused the guard last. */
  private cause = DISK_FULL;
  /** Free bytes wanted before a paused guard resumes. */
  private resumeAt = 0;
  private timer: NodeJS.Timeout | null = null;

  /**
   * @param dir - the data folder.
   * @param floorBytes - free space indexing keeps (0: pause only on a failed write).
   * @param retryMs - how often a paused guard looks again (default 5,000).
   * @param free - how free space is measured (default statfs; tests pass their own).
   */
  constructor(
    private readonly dir: string,
    floorBytes: number,
    private readonly retryMs = 5_000,
    private readonly free: (dir: string) => Promise<number> = freeDiskBytes,
  ) {
    super();
    this.state = { paused: false, reason: null, freeBytes: null, floorBytes, since: Date.now() };
  }

  /** The state now. */
  get(): DiskState {
    return { ...this.state };
  }

  /**
   * Whether indexing must wait: paused already, or below the floor now (the
   * free space is looked at no more than once a second).
   */
  async blocked(): Promise<boolean> {
    if (this.state.paused) return true;
    if (this.state.floorBytes <= 0 || Date.now() - this.lastLook < 1_000) return false;
    const free = await this.look();
    if (free !== null && free < this.state.floorBytes) this.pause(free, DISK_LOW);
    return this.state.paused;
  }

  /**
   * A write failed for want of space: pause now, whatever the floor says
   * (quotas and reserved blocks make statfs optimistic), and wait for more
   * room than there is now.
   */
  trip(): void {
    if (this.state.paused && this.cause === DISK_FULL) return;
    this.pause(null, DISK_FULL);
    void this.look().then((free) => {
      this.resumeAt = Math.max(this.resumeAt, (free ?? 0) + this.margin);
      if (this.state.paused) this.set({ paused: true, reason: this.reasonAt(free), freeBytes: free });
    });
  }

  /** Stops looking (the app is closing). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Room wanted above the floor before indexing resumes: 10% of the floor, at least 1 MiB. */
  private get margin(): number {
    return Math.max(MB, this.state.floorBytes / 10);
  }

  private async look(): Promise<number | null> {
    this.lastLook = Date.now();
    const free = await this.free(this.dir).catch(() => null);
    this.state.freeBytes = free;
    return free;
  }

  private reasonAt(free: number | null): string {
    if (free === null) return this.cause;
    const floor = this.state.floorBytes > 0 ? `, ${Math.round(this.state.floorBytes / MB)} MB kept free` : "";
    return `${this.cause} (${Math.floor(free / MB)} MB left${floor})`;
  }

  private pause(free: number | null, cause: string): void {
    this.cause = cause;
    this.resumeAt = this.state.floorBytes + this.margin;
    this.set({ paused: true, reason: this.reasonAt(free), freeBytes: free });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(async () => {
      this.timer = null;
      const free = await this.look();
      if (free !== null && free >= this.resumeAt) {
        this.set({ paused: false, reason: null, freeBytes: free });
        this.emit("resume");
      } else {
        if (this.state.paused) this.set({ paused: true, reason: this.reasonAt(free), freeBytes: free });
        this.schedule();
      }
    }, this.retryMs);
    this.timer.unref();
  }

  private set(values: Pick<DiskState, "paused" | "reason" | "freeBytes">): void {
    const changed = values.paused !== this.state.paused;
    this.state = { ...this.state, ...values, since: changed ? Date.now() : this.state.since };
    if (changed) this.emit("change", this.get());
  }
}
