import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import lockfile from "proper-lockfile";

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
  /** Records where the holding server listens, for the message a second process shows. */
  setUrl(url: string): void;
  release(): Promise<void>;
}

const holderFile = (dataDir: string) => join(dataDir, "writer.json");

/** The current holder of `dataDir`'s writer lock, if it left its note. */
export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(holderFile(dataDir), "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

/**
 * Takes the one-writer lock on a data folder with proper-lockfile: an atomic
 * `mkdir` of `writer.lock`, refreshed every 10 s and considered stale after
 * 30 s, so a process killed with SIGKILL frees it without manual clean-up.
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
  mkdirSync(dataDir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: join(dataDir, "writer.lock"),
      stale: 30_000,
      update: 10_000,
      retries: 0,
      realpath: false,
      onCompromised: onLost,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOCKED")
      throw new DataFolderBusyError(dataDir, readLockHolder(dataDir));
    throw err;
  }
  const holder: LockHolder = { pid: process.pid, command, since: Date.now() };
  writeFileSync(holderFile(dataDir), JSON.stringify(holder));
  return {
    setUrl(url) {
      writeFileSync(holderFile(dataDir), JSON.stringify({ ...holder, url }));
    },
    async release() {
      rmSync(holderFile(dataDir), { force: true });
      await release().catch(() => {});
    },
  };
}
