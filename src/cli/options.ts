import { InvalidArgumentError } from "commander";
import type { Config } from "../config.js";

// The configuration module brings zod and every setting's schema: half of `almanac --help`'s CPU. It loads in
// the program's preAction hook, so help and usage errors never pay for it.
let configModule: typeof import("../config.js") | undefined;

/**
 * Loads the configuration module; {@link configFrom} needs it. Called from the program's `preAction` hook.
 * @returns once loaded (again at once on later calls).
 */
export async function loadConfigModule(): Promise<void> {
  configModule ??= await import("../config.js");
}

/** The options every command shares. */
export interface GlobalOpts {
  library?: string;
  data?: string;
  models?: string;
  threads?: number;
  logLevel?: string;
  reset?: boolean;
}

/**
 * The configuration for a command: defaults, file, environment, then these options and `extra`.
 * @throws Error when {@link loadConfigModule} has not run (a programming error); ConfigError for a bad setting.
 */
export function configFrom(opts: GlobalOpts, extra: Partial<Record<keyof Config, unknown>> = {}): Config {
  if (!configModule) throw new Error("configFrom before loadConfigModule: register the preAction hook");
  return configModule.loadConfig({
    libraryDir: opts.library,
    dataDir: opts.data,
    modelsDir: opts.models,
    threads: opts.threads,
    logLevel: opts.logLevel,
    ...extra,
  });
}

/**
 * A commander argument parser for a whole number of 1 or more, written in
 * decimal digits: `.option("-k <n>", "…", positiveInt("-k"), 10)`.
 * Commander turns the refusal into `error: option '-k <n>' argument 'abc' is
 * invalid. -k must be …` and exit status 1.
 * @param name - the option as the message names it, e.g. `-k` or `--max-tokens`.
 * @returns a parser giving the number.
 * @throws InvalidArgumentError (from the parser) for anything else: `abc`, `0`, `-3`, `2.5`, `1e3`, or past 2^53.
 */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    // Digits only: Number() alone would take "", "0x10", "1e3" and " 5 ", and `-k abc` used to run with NaN results.
    const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1)
      throw new InvalidArgumentError(`${name} must be a whole number of 1 or more (got "${value}")`);
    return n;
  };
}

/**
 * A commander argument parser that refuses text with no word in it:
 * `.argument("<query>", "…", nonEmpty("query"))`. Commander prints
 * `error: command-argument value '' is invalid for argument 'query'. the query is empty` and exits 1.
 * @param name - the argument as the message names it.
 * @returns a parser giving the text as typed.
 * @throws InvalidArgumentError (from the parser) for empty or blank text.
 */
export function nonEmpty(name: string): (value: string) => string {
  return (value) => {
    if (!/[\p{L}\p{N}]/u.test(value)) throw new InvalidArgumentError(`the ${name} is empty: give it some words`);
    return value;
  };
}
