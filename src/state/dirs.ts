import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * A folder Almanac needs could not be made. The message is one line for
 * people: `cannot create the data folder /proc/nope/data: /proc does not
 * accept new folders`.
 */
export class FolderError extends Error {
  constructor(
    message: string,
    /** The folder that was asked for, absolute. */
    readonly path: string,
  ) {
    super(message);
    this.name = "FolderError";
  }
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  ENAMETOOLONG: "a name in the path is too long",
  ELOOP: "too many symbolic links in the path",
  EIO: "an I/O error",
};

function reason(err: unknown, where: string): string {
  const e = err as NodeJS.ErrnoException;
  const known = e.code ? REASONS[e.code] : undefined;
  return known ? `${known} (${e.code}) in ${where}` : `${where}: ${e.message}`;
}

/**
 * Makes a folder and whichever of its parents are missing, like
 * `mkdir -p`, but stops at the first one that cannot be made with an error
 * that says which and why, instead of a raw errno stack.
 *
 * Node 20's `mkdirSync(path, { recursive: true })` never returns when a
 * parent exists but refuses new entries with ENOENT (`/proc/nope/data`): it
 * spins at 100% CPU, deaf to SIGTERM. So the parents are walked here, one
 * plain `mkdir` each.
 *
 * @param path - the folder, absolute or relative to the working directory.
 * @param what - what it is, for the message: `data folder`, `models folder`.
 * @throws FolderError when a part of the path is a file, cannot be read, or
 *   cannot be made (`cannot create the <what> <path>: <reason>`). A folder
 *   that appears meanwhile (another process) is not an error.
 */
export function makeDirs(path: string, what: string): void {
  const target = resolve(path);
  const fail = (why: string) => new FolderError(`cannot create the ${what} ${target}: ${why}`, target);
  const missing: string[] = [];
  for (let at = target; ; ) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTDIR: some parent is a file; walking up finds and names it.
      if (code !== "ENOENT" && code !== "ENOTDIR") throw fail(reason(err, dirname(at)));
      missing.unshift(at);
      const up = dirname(at);
      if (up === at) throw fail("no part of the path exists");
      at = up;
      continue;
    }
    if (isDir) break;
    throw fail(at === target ? "it is a file, not a folder" : `${at} is a file, not a folder`);
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST" && isFolder(dir)) continue;
      // The parent is there (it was just found or made), so ENOENT means its file system takes no new folders.
      throw fail(code === "ENOENT" ? `${dirname(dir)} does not accept new folders` : reason(err, dirname(dir)));
    }
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
