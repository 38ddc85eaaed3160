import { resolve } from "node:path";
import { type Config, ConfigSchema } from "./config/schema.js";
import { ENV_NAMES, environmentValues, readSettingsFile, unknownSettingsAmong } from "./config/sources.js";

// The configuration: the schema (config/schema.ts), where settings come from (config/sources.ts: the
// environment and the JSON file) and the parse limits they set (config/parse-limits.ts), put together here.

export { type ParseLimitSettings, parseLimitsOf } from "./config/parse-limits.js";
export { type Config, ConfigSchema } from "./config/schema.js";

/** Environment variable for each config key (every key has one; `ALMANAC_CONFIG` names the file). */
export const ENV_KEYS: Record<keyof Config, string> = ENV_NAMES;
/** Does not compile when {@link ENV_NAMES} names a key that is not a setting. */
const envNamesAreSettings: Record<Exclude<keyof typeof ENV_NAMES, keyof Config>, never> = {};
void envNamesAreSettings;

/**
 * Loads configuration: defaults, then the JSON file named by `ALMANAC_CONFIG`
 * (or `./almanac.config.json` when present), then environment variables, then
 * `overrides` (CLI flags). Paths are resolved against the working directory.
 *
 * @throws Error listing every invalid key when validation fails, or naming
 *   each key of the file that is not a setting ({@link unknownSettings}).
 */
export function loadConfig(overrides: Partial<Record<keyof Config, unknown>> = {}, env = process.env): Config {
  const fromFile = readSettingsFile(env, unknownSettings);
  const fromEnv = environmentValues(env);
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const parsed = ConfigSchema.safeParse({ ...fromFile, ...fromEnv, ...defined });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid configuration: ${issues}`);
  }
  const c = parsed.data;
  if (c.chunkOverlapTokens >= c.chunkTokens)
    throw new Error("invalid configuration: chunkOverlapTokens must be < chunkTokens");
  return { ...c, libraryDir: resolve(c.libraryDir), dataDir: resolve(c.dataDir), modelsDir: resolve(c.modelsDir) };
}

/**
 * Says which keys of a config file are not settings, each with the closest
 * setting's name when one is near (Levenshtein distance, case ignored, at
 * most 2 or a quarter of the key's length). A misspelt key must not pass in
 * silence: `{"anonymousrole": "none"}` would leave the box open without a word.
 * @param keys - the file's top-level keys.
 * @param file - the file's name, for the message.
 * @returns e.g. `unknown setting "libaryDir" in almanac.config.json; did you mean "libraryDir"?`
 *   (several joined by "; "), or null when every key is a setting.
 */
export function unknownSettings(keys: readonly string[], file: string): string | null {
  return unknownSettingsAmong(keys, Object.keys(ConfigSchema.shape), file);
}
