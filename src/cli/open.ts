import { SingleBar } from "cli-progress";
import { Almanac, DataFolderBusyError } from "../app/almanac.js";
import type { LibraryService } from "../app/services.js";
import type { Config } from "../config.js";
import { createLogger } from "../log.js";
import { configFrom, type GlobalOpts } from "./options.js";

/** Opens the appliance for a CLI command (the writer lock, the index, the models). */
export async function openApp(
  opts: GlobalOpts,
  command: string,
  extra: Partial<Record<keyof Config, unknown>> = {},
): Promise<Almanac> {
  const config = configFrom(opts, extra);
  const log = createLogger(opts.logLevel ? config.logLevel : "warn");
  return Almanac.open(config, log, { command, reset: opts.reset === true });
}

/**
 * Opens the index to answer from. When a server already writes this data
 * folder, its index is opened read-only (the server keeps it up to date);
 * otherwise the library is reconciled first. Says so on stderr when the
 * library folder is unavailable.
 */
export async function openForQuestions(opts: GlobalOpts, command: string, reconcile = true): Promise<Almanac> {
  let app: Almanac;
  try {
    app = await openApp(opts, command);
  } catch (err) {
    if (!(err instanceof DataFolderBusyError)) throw err;
    process.stderr.write(`almanac: ${err.message}; answering from its index (it keeps the index up to date)\n`);
    const config = configFrom(opts);
    return Almanac.open(config, createLogger(opts.logLevel ? config.logLevel : "warn"), { access: "read", command });
  }
  const { indexer } = app.services.library;
  if (reconcile) await indexer.reconcile();
  const lib = reconcile ? indexer.getAvailability() : await indexer.checkAvailability();
  if (!lib.available)
    process.stderr.write(
      `almanac: library folder ${app.config.libraryDir} is unavailable: ${lib.reason}; using the existing index\n`,
    );
  return app;
}

/** Runs the indexer to completion with a progress bar on stderr (files, then chunks of the current file). */
export async function indexWithProgress(library: LibraryService, pruneCollections = false): Promise<void> {
  const bar = new SingleBar({
    format: "indexing [{bar}] {value}/{total} files | {file}",
    hideCursor: true,
    clearOnComplete: false,
    stream: process.stderr,
  });
  let started = false;
  library.indexer.on("progress", (p) => {
    const total = p.processed + p.queued + (p.current ? 1 : 0);
    const a = p.currentArticles;
    const chunks = a
      ? ` (${a.done}/${a.total} articles${a.etaSeconds !== null ? `, ~${Math.ceil(a.etaSeconds / 60)} min left` : ""})`
      : p.currentChunks.total
        ? ` (${p.currentChunks.done}/${p.currentChunks.total} chunks)`
        : "";
    const file = `${(p.current ?? "").slice(-40)}${chunks}`.slice(0, 80);
    if (!started) {
      bar.start(Math.max(total, 1), p.processed, { file });
      started = true;
    } else {
      bar.setTotal(Math.max(total, 1));
      bar.update(p.processed, { file });
    }
  });
  await library.indexer.reconcile({ pruneCollections });
  if (started) bar.stop();
}
