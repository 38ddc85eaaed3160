import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { formatOf } from "../ingest/parse.js";
import { toLibraryPath } from "./paths.js";

/** True for names Almanac never indexes: dot-files and editor/OS droppings. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith(".") || name.startsWith("~$") || name.endsWith("~") || name === "ATTRIBUTION.md";
}

/**
 * Lists supported book files under `root`, recursively, as library-relative
 * POSIX paths in sorted order. Symbolic links are not followed, so nothing
 * outside the root is ever read.
 */
export async function scanLibrary(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue;
      const abs = join(dir, e.name);
      if (e.isDirectory()) await walk(abs);
      else if (e.isFile() && formatOf(e.name)) out.push(toLibraryPath(root, abs));
    }
  };
  await walk(root);
  return out.sort();
}
