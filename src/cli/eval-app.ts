import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Almanac } from "../app/almanac.js";
import type { AppServices } from "../app/services.js";
import type { Config } from "../config.js";

/**
 * Runs `fn` on an Almanac opened over a temporary data folder, indexed
 * first, then closes it and deletes the folder. With `library`, the library
 * is `<work>/library`, which `library` fills before the app opens (an
 * evaluation's own books); otherwise the configured library is read.
 * Without `models`, the models folder is an empty one, so answers are extractive.
 * @throws whatever opening, indexing or `fn` throws; the folder is deleted either way.
 */
export async function withEvalApp<T>(
  configFrom: (extra: Partial<Record<keyof Config, unknown>>) => Config,
  opts: { models: boolean; library?: (dir: string) => void; prefix?: string },
  fn: (services: AppServices) => Promise<T>,
): Promise<T> {
  const [{ Almanac }, { createLogger }] = await Promise.all([import("../app/almanac.js"), import("../log.js")]);
  const work = mkdtempSync(join(tmpdir(), opts.prefix ?? "almanac-eval-"));
  let app: Almanac | undefined;
  try {
    if (opts.library) opts.library(join(work, "library"));
    const config = configFrom({
      dataDir: join(work, "data"),
      ...(opts.library ? { libraryDir: join(work, "library") } : {}),
      ...(opts.models ? {} : { modelsDir: join(work, "no-models") }),
    });
    app = await Almanac.open(config, createLogger("warn"));
    await app.services.library.indexer.reconcile();
    return await fn(app.services);
  } finally {
    await app?.close();
    rmSync(work, { recursive: true, force: true });
  }
}
