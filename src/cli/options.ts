import { type Config, loadConfig } from "../config.js";

/** The options every command shares. */
export interface GlobalOpts {
  library?: string;
  data?: string;
  models?: string;
  threads?: string;
  logLevel?: string;
  reset?: boolean;
}

/** The configuration for a command: defaults, file, environment, then these options and `extra`. */
export function configFrom(opts: GlobalOpts, extra: Partial<Record<keyof Config, unknown>> = {}): Config {
  return loadConfig({
    libraryDir: opts.library,
    dataDir: opts.data,
    modelsDir: opts.models,
    threads: opts.threads,
    logLevel: opts.logLevel,
    ...extra,
  });
}
