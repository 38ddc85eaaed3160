import { readdir, stat, statfs } from "node:fs/promises";
import { join } from "node:path";

/**
 * Bytes used by the files under `dir` (recursively; symbolic links are not
 * followed). Unreadable entries count as 0.
 */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += await folderBytes(p);
    else if (e.isFile())
      total += await stat(p).then(
        (s) => s.size,
        () => 0,
      );
  }
  return total;
}

/** Free bytes for an unprivileged user on the file system holding `dir`. */
export async function freeDiskBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}
