import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config.js";
import { ConfigSchema } from "../config.js";
import { getMeta, type StateDb, setMeta } from "./db.js";

/**
 * Config keys changed while the server runs (the settings page and first-run setup; `chatModel`
 * `embeddingModel` and `rerankerModel` by switching models); the file and environment set the rest.
 */
export const RUNTIME_SETTINGS = [
  "topK",
  "maxAnswerTokens",
  "anonymousRole",
  "chatModel",
  "embeddingModel",
  "rerankerModel",
] as const;
/** The {@link RUNTIME_SETTINGS} the settings page's form sets. */
export const PAGE_SETTINGS = ["topK", "maxAnswerTokens", "anonymousRole"] as const satisfies readonly RuntimeSetting[];
/** One of {@link RUNTIME_SETTINGS}. */
export type RuntimeSetting = (typeof RUNTIME_SETTINGS)[number];

const metaKey = (k: RuntimeSetting) => `settings.${k}`;

/**
 * Applies settings saved from the settings page over the loaded config (they
 * win over the file and environment for these keys only). A saved value the
 * schema no longer accepts is ignored.
 */
export function applySavedSettings(db: StateDb, config: Config): void {
  for (const key of RUNTIME_SETTINGS) {
    const saved = getMeta(db, metaKey(key));
    if (saved === null) continue;
    // A chat model chosen at runtime and removed from the folder since: the usual choice applies.
    if (key.endsWith("Model") && !existsSync(join(config.modelsDir, saved))) continue;
    const parsed = ConfigSchema.shape[key].safeParse(saved);
    if (parsed.success) Object.assign(config, { [key]: parsed.data });
  }
}

/**
 * Validates, saves and applies one runtime setting (the next answer uses it).
 * @returns an error message for an invalid value, or null when saved.
 */
export function saveSetting(db: StateDb, config: Config, key: RuntimeSetting, value: string): string | null {
  const parsed = ConfigSchema.shape[key].safeParse(value);
  if (!parsed.success) return `${key}: ${parsed.error.issues[0]?.message ?? "invalid value"}`;
  Object.assign(config, { [key]: parsed.data });
  setMeta(db, metaKey(key), String(parsed.data));
  return null;
}
