import { mkdtemp, open, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { isAlive } from "../state/writer-lock.js";

/**
 * Stage folders: where a backup or a restore builds its result before one
 * rename puts it in place, so a killed run leaves the old result or the new
 * one, never half of one. A stage sits in the folder of what it replaces
 * (same file system, so the rename is atomic) and carries its writer's pid,
 * so the next run can tell a stage left by a killed process from one in use.
 */

/** What follows a stage's prefix: its pid (absent in old releases) and `mkdtemp`'s six random characters. */
const REST = /^(?:(\d+)-)?[A-Za-z0-9]{6}$/;

/**
 * Makes a fresh stage folder `<dir>/<prefix><pid>-XXXXXX`.
 * @param prefix - the name's start, e.g. `.almanac-backup-`.
 * @returns its absolute path.
 * @throws the `mkdtemp` error (ENOENT when `dir` is missing, EACCES …).
 */
export function makeStage(dir: string, prefix: string): Promise<string> {
  return mkdtemp(join(dir, `${prefix}${process.pid}-`));
}

/**
 * Removes the stage folders in `dir` left by processes that no longer run:
 * `<prefix><pid>-XXXXXX` whose pid is gone, and `<prefix>XXXXXX`, the
 * pid-less name of releases before stages carried one (nothing can still be
 * writing those). Stages of live processes, this one included, are kept.
 * A pid reused by an unrelated process keeps its stage until that one exits.
 *
 * @returns the names removed.
 * @throws nothing for a missing or unreadable `dir` (nothing is removed); an `rm` error otherwise.
 */
export async function removeStaleStages(dir: string, prefix: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((name) => {
    const m = name.startsWith(prefix) ? REST.exec(name.slice(prefix.length)) : null;
    if (!m) return false;
    const pid = m[1] === undefined ? null : Number(m[1]);
    return pid === null || (pid !== process.pid && !isAlive(pid));
  });
  for (const name of stale) await rm(join(dir, name), { recursive: true, force: true });
  return stale;
}

/**
 * Flushes a file or folder to the disk (`fsync`), so a rename that follows
 * cannot reach the disk before the data it names.
 * @param what - `file` throws on failure; `folder` is best effort, as some
 *   file systems refuse `fsync` on a directory.
 */
export async function flushToDisk(path: string, what: "file" | "folder"): Promise<void> {
  try {
    const handle = await open(path, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (what === "file") throw err;
  }
}
