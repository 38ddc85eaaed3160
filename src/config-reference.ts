/**
 * The configuration reference, rendered from {@link ConfigSchema}: every key
 * with its type, default, description and where it is read from. `npm run
 * docs` writes it to docs/configuration.md, and tests/unit/reference-docs.test.ts
 * fails when that file differs, so the page cannot drift from the schema.
 * Pure: no file or environment is read.
 */
import type { z } from "zod";
import { type Config, ConfigSchema, ENV_KEYS } from "./config.js";

/**
 * The command-line flag that sets each key, where one does. The global flags
 * work on every command; `serve`'s only on `almanac serve`. The reference test
 * checks each one against `almanac --help` and `almanac serve --help`.
 */
export const CLI_FLAGS: Partial<Record<keyof Config, string>> = {
  libraryDir: "--library <dir>",
  dataDir: "--data <dir>",
  modelsDir: "--models <dir>",
  threads: "--threads <n>",
  logLevel: "--log-level <level>",
  host: "serve --host <host>",
  port: "serve --port <port>",
  watch: "serve --no-watch",
};

/** One row of the reference: a setting and where it comes from. */
export interface ConfigKeyReference {
  /** The key, as written in the JSON config file. */
  key: keyof Config;
  /** The environment variable that sets it. */
  env: string;
  /** How the environment variable's text is read, when not as the plain value: `comma-separated` or `JSON`. */
  envFormat: "comma-separated" | "JSON" | null;
  /** The command-line flag that sets it, or null. */
  flag: string | null;
  /** The value's type in words (`integer 0–65535`, `` `auto` \| `cuda` ``…). */
  type: string;
  /** The default in Markdown (`` `8080` ``), or `—` when the key is unset by default. */
  default: string;
  /** The schema's description. */
  description: string;
}

type AnySchema = z.ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  out?: AnySchema;
  options?: AnySchema[];
  entries?: Record<string, string>;
  element?: AnySchema;
  defaultValue?: unknown;
}
const defOf = (s: AnySchema): Def => (s as unknown as { def: Def }).def;

/** The schema under `.default()`, `.optional()` and preprocessing. */
function core(s: AnySchema): AnySchema {
  const d = defOf(s);
  if (d.type === "default" || d.type === "optional") return core(d.innerType as AnySchema);
  if (d.type === "pipe") return core(d.out as AnySchema);
  return s;
}

/** The type of a (core) schema in words. */
function typeOf(s: AnySchema): string {
  const d = defOf(s);
  switch (d.type) {
    case "string":
      return (s as unknown as { format?: string }).format === "url" ? "URL" : "string";
    case "number": {
      const n = s as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
      const kind = n.isInt ? "integer" : "number";
      const min = n.minValue !== null && Number.isFinite(n.minValue) && n.minValue > Number.MIN_SAFE_INTEGER;
      const max = n.maxValue !== null && Number.isFinite(n.maxValue) && n.maxValue < Number.MAX_SAFE_INTEGER;
      if (min && max) return `${kind} ${n.minValue}–${n.maxValue}`;
      if (min) return `${kind} ≥ ${n.minValue}`;
      if (max) return `${kind} ≤ ${n.maxValue}`;
      return kind;
    }
    case "boolean":
      return "boolean";
    case "union":
      // `bool` in config/sources.ts: true/false, or from text true|false|1|0|yes|no.
      if ((d.options ?? []).some((o) => defOf(o).type === "boolean")) return "boolean";
      return (d.options ?? []).map((o) => typeOf(core(o))).join(" or ");
    case "enum":
      return Object.values(d.entries ?? {})
        .map((v) => `\`${v}\``)
        .join(" \\| ");
    case "array":
      return `list of ${typeOf(core(d.element as AnySchema))}s`;
    case "record":
      return "JSON object";
    default:
      return d.type;
  }
}

/** A value as Markdown code. */
function code(v: unknown): string {
  return `\`${typeof v === "string" ? v : JSON.stringify(v)}\``;
}

/** The default of a key in Markdown: the schema's, or the text its metadata shows instead (`shownDefault`). */
function defaultOf(s: AnySchema): string {
  const shown = (s.meta() as { shownDefault?: unknown } | undefined)?.shownDefault;
  if (typeof shown === "string") return shown;
  const d = defOf(s);
  if (d.type !== "default") return "—";
  const v = d.defaultValue;
  if (Array.isArray(v) && v.length === 0) return "none";
  return code(v);
}

/** Every setting, in the schema's order, with its type, default, description and sources. */
export function configKeys(): ConfigKeyReference[] {
  return (Object.entries(ConfigSchema.shape) as [keyof Config, AnySchema][]).map(([key, schema]) => {
    const inner = core(schema);
    const kind = defOf(inner).type;
    return {
      key,
      env: ENV_KEYS[key],
      envFormat: kind === "array" ? "comma-separated" : kind === "record" ? "JSON" : null,
      flag: CLI_FLAGS[key] ?? null,
      type: typeOf(inner),
      default: defaultOf(schema),
      description: schema.description ?? "",
    };
  });
}

/** Escapes a table cell: a `|` would end it. Already escaped pipes (`\|`) are kept. */
function cell(text: string): string {
  return text.replace(/(?<!\\)\|/g, "\\|").replace(/\n/g, " ");
}

/**
 * The Markdown of docs/configuration.md: how settings are layered, then one
 * table row per key of {@link ConfigSchema}.
 * @returns the whole page, ending with a newline.
 */
export function configReference(): string {
  const rows = configKeys().map((k) => {
    const env = `\`${k.env}\`${k.envFormat ? ` (${k.envFormat})` : ""}`;
    const flag = k.flag ? `\`${k.flag}\`` : "";
    return `| \`${k.key}\` | ${env} | ${flag} | ${cell(k.type)} | ${cell(k.default)} | ${cell(k.description)} |`;
  });
  return [
    "# Configuration",
    "",
    "<!-- Generated by `npm run docs` from ConfigSchema in src/config/schema.ts (src/config-reference.ts). Do not edit by hand: change the schema's descriptions and run `npm run docs`. -->",
    "",
    'Settings come from the defaults, then a JSON file (`./almanac.config.json`, or the file named by `ALMANAC_CONFIG`), then environment variables, then command-line flags; each later source wins. The file holds one object whose keys are the keys below (`{"port": 8081, "anonymousRole": "none"}`).',
    "",
    'Everything is validated with zod at start-up. An invalid value stops Almanac with a message naming the key. So does a key in the file that is not a setting, with the nearest one\'s name: `unknown setting "libaryDir" in almanac.config.json; did you mean "libraryDir"?`. Paths are resolved against the working directory.',
    "",
    "From the environment, a boolean is `true`, `false`, `1`, `0`, `yes` or `no`; a list is comma-separated; `zimFilters` is JSON. An empty variable counts as unset.",
    "",
    "Two settings can also be changed while Almanac runs, on the **Settings** page (admins): passages per answer (`topK`) and answer length (`maxAnswerTokens`). They are saved in the data folder, apply to the next answer, and override the file and the environment for those two keys.",
    "",
    "The global flags (`--library`, `--data`, `--models`, `--threads`, `--log-level`) work with every command; `--host`, `--port` and `--no-watch` with `almanac serve`. See [cli.md](cli.md).",
    "",
    "| key (JSON file) | environment | flag | type | default | meaning |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
