import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import { formatOf } from "../ingest/parse.js";
import { firstZimPartOf } from "../ingest/zim/parts.js";
import type { Logger } from "../log.js";
import type { Indexer } from "./indexer.js";
import { mediaPathsOfSidecar } from "./media.js";
import { toLibraryPath } from "./paths.js";
import { isIgnoredName } from "./scan.js";

/**
 * Watches the library recursively with chokidar and feeds changes to the
 * indexer. Events are debounced per batch: a burst (a copy of a whole folder,
 * an editor's save-rename dance) becomes one queue pass. A rename arrives as
 * unlink + add and is handled as a removal plus a new file; the content hash
 * then skips re-embedding nothing but the path changed.
 *
 * @returns a handle whose `close()` stops watching.
 */
export function watchLibrary(
  root: string,
  indexer: Indexer,
  debounceMs: number,
  log: Logger,
): { ready: Promise<void>; close: () => Promise<void> } {
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    const batch = [...changed];
    changed.clear();
    for (const p of batch) indexer.enqueue(p);
    if (batch.length > 0) log.info({ files: batch.length }, "library changed");
  };
  const schedule = (absPath: string, isDir = false) => {
    let rel: string;
    try {
      rel = toLibraryPath(root, absPath);
    } catch {
      return;
    }
    if (isDir) for (const p of indexer.pathsUnder(rel)) changed.add(p);
    else if (formatOf(absPath)) changed.add(rel);
    // A later part of a split ZIM belongs to its first part, the document.
    else if (firstZimPartOf(rel) && existsSync(join(root, firstZimPartOf(rel) as string)))
      changed.add(firstZimPartOf(rel) as string);
    // A subtitle file belongs to the video or audio file of the same name.
    else for (const media of mediaPathsOfSidecar(rel)) if (existsSync(join(root, media))) changed.add(media);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (path: string) => path !== root && isIgnoredName(basename(path)),
    awaitWriteFinish: { stabilityThreshold: Math.max(100, debounceMs), pollInterval: 50 },
  });
  watcher.on("add", (p) => schedule(p));
  watcher.on("change", (p) => schedule(p));
  watcher.on("unlink", (p) => schedule(p));
  watcher.on("unlinkDir", (p) => schedule(p, true));
  watcher.on("error", (err) => log.error({ err: String(err) }, "library watcher error"));
  const ready = new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    ready,
    close: async () => {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
