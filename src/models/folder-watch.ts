import { mkdirSync } from "node:fs";
import { watch } from "chokidar";
import type { Logger } from "../log.js";

/**
 * Watches the models folder (its top level) and calls `onChange` once a burst
 * of `.gguf` adds, changes or removals has settled: a file being copied in is
 * reported when its size has stopped growing (chokidar's `awaitWriteFinish`),
 * so a half-copied GGUF is never read. Nothing is loaded here; the caller
 * rescans the folder's headers.
 * @param debounceMs - how long a burst may be quiet before `onChange` (default 500).
 * @returns a handle whose `close()` stops watching; `ready` resolves after the first scan.
 */
export function watchModelsFolder(
  dir: string,
  onChange: () => Promise<void>,
  log: Logger,
  debounceMs = 500,
): { ready: Promise<void>; close: () => Promise<void> } {
  // A folder made now is watched from the start, so the first model copied in is seen.
  mkdirSync(dir, { recursive: true });
  let timer: NodeJS.Timeout | null = null;
  const schedule = (path: string) => {
    if (!path.toLowerCase().endsWith(".gguf")) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange().then(
        () => log.info({ dir }, "models folder changed"),
        (err: Error) => log.warn({ err: err.message }, "models folder could not be read again"),
      );
    }, debounceMs);
  };
  const watcher = watch(dir, {
    ignoreInitial: true,
    depth: 0,
    followSymlinks: true,
    awaitWriteFinish: { stabilityThreshold: 1000, pollInterval: 100 },
  });
  for (const event of ["add", "change", "unlink"] as const) watcher.on(event, schedule);
  watcher.on("error", (err) => log.warn({ err: String(err) }, "models folder watcher error"));
  const ready = new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    ready,
    close: async () => {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
