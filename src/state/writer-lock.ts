import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { makeDirs } from "./dirs.js";

/** Who holds a data folder's writer lock (`writer.json` beside the lock). */
export interface LockHolder {
  pid: number;
  /** The command that holds it: `serve`, `index`, `ask` … */
  command: string;
  /** Where a holding server answers, once it listens. */
  url?: string;
  /** Epoch ms. */
  since: number;
}

/** Thrown when another process writes to the data folder. */
export class DataFolderBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    const who = holder
      ? `almanac ${holder.command} (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ""})`
      : "another almanac process";
    super(`the index in ${dataDir} is in use by ${who}`);
    this.name = "DataFolderBusyError";
  }
}

/** A held writer lock. */
export interface WriterLock {
  /**
   * Records where the holding server listens, for the message a second process shows and for the CLI,
   * and writes {@link WriterLock.localKey} to `local.key` (owner-only), so a CLI on this machine can ask it.
   */
  setUrl(url: string): void;
  /**
   * A random admin key for this run, valid only while the lock is held: whoever may read the data folder
   * (and so its whole index and accounts) may also ask its server. `alm_local_` and 32 base64url characters.
   */
  readonly localKey: string;
  release(): Promise<void>;
}

const holderFile = (dataDir: string) => join(dataDir, "writer.json");
const localKeyFile = (dataDir: string) => join(dataDir, "local.key");

/** The running server's {@link WriterLock.localKey}, or null when no server has written one. */
export function readLocalKey(dataDir: string): string | null {
  try {
    return readFileSync(localKeyFile(dataDir), "utf8").trim() || null;
  } catch {
    return null;
  }
}

/**
 * True when a process with this pid exists on this machine (EPERM: it exists
 * but belongs to another user). Signal 0 only checks; nothing is sent.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The current holder of `dataDir`'s writer lock, if it left its note. */
export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(holderFile(dataDir), "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

/** How long a lock with no holder's note is given for its note to appear before it counts as stale, ms. */
const NOTE_WAIT_MS = 2_000;

/**
 * Takes the one-writer lock on a data folder with proper-lockfile: an atomic
 * `mkdir` of `writer.lock`, refreshed every 10 s and considered stale after
 * 30 s. The holder's pid is noted in `writer.json`; a lock whose holder no
 * longer runs (killed with SIGKILL) is taken over at once. Pids are compared on
 * this machine only: the data folder must not be shared over a network.
 * LanceDB tables and the SQLite ingest state must have one writer: two
 * indexers on one table made every query fail until restart.
 *
 * @throws DataFolderBusyError naming the holder when the lock is taken.
 */
export async function acquireWriterLock(
  dataDir: string,
  command: string,
  onLost: (err: Error) => void,
): Promise<WriterLock> {
  makeDirs(dataDir, "data folder");
  const lockPath = join(dataDir, "writer.lock");
  const take = () =>
    lockfile.lock(dataDir, {
      lockfilePath: lockPath,
      stale: 30_000,
      update: 10_000,
      retries: 0,
      realpath: false,
      onCompromised: onLost,
    });
  let release: () => Promise<void>;
  try {
    release = await take();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ELOCKED") throw err;
    let holder = readLockHolder(dataDir);
    if (!holder) {
      // The note is written right after the lock is taken; without one after a moment, its taker was
      // killed in between (a power cut, kill -9 early in start-up), and the lock is as stale as a dead pid's.
      await new Promise((r) => setTimeout(r, NOTE_WAIT_MS));
      holder = readLockHolder(dataDir) ?? { pid: 0, command: "unknown", since: 0 };
    }
    // A holder killed with SIGKILL (or a power cut) leaves its lock for up to 30 s; when its process is
    // gone, the lock is taken over at once, so a restart after a crash is not refused.
    if (holder.pid !== 0 && isAlive(holder.pid)) throw new DataFolderBusyError(dataDir, holder);
    rmSync(lockPath, { recursive: true, force: true });
    try {
      release = await take();
    } catch {
      throw new DataFolderBusyError(dataDir, readLockHolder(dataDir));
    }
  }
  const holder: LockHolder = { pid: process.pid, command, since: Date.now() };
  try {
    writeFileSync(holderFile(dataDir), JSON.stringify(holder));
  } catch (err) {
    // A full disk: give the lock back, or the next start finds it taken by nobody it can name.
    rmSync(holderFile(dataDir), { force: true });
    await release().catch(() => {});
    throw err;
  }
  const localKey = `alm_local_${randomBytes(24).toString("base64url")}`;
  return {
    localKey,
    setUrl(url) {
      // Only notes for the CLI; a full disk must not stop the server over them.
      try {
        writeFileSync(holderFile(dataDir), JSON.stringify({ ...holder, url }));
        rmSync(localKeyFile(dataDir), { force: true });
        writeFileSync(localKeyFile(dataDir), localKey, { mode: 0o600 });
      } catch {}
    },
    async release() {
      rmSync(holderFile(dataDir), { force: true });
      rmSync(localKeyFile(dataDir), { force: true });
      await release().catch(() => {});
    },
  };
}
