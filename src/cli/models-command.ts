import { join } from "node:path";
import type { Command } from "commander";
import type { Config } from "../config.js";
import { formatBytes } from "../ingest/limits.js";
import { formatParameters } from "../models/gguf-facts.js";
import type { ModelEntry } from "../models/registry.js";

/** The model list as a table: one row per GGUF file, columns padded to line up. */
export function modelTable(models: readonly ModelEntry[]): string {
  const rows = [
    ["file", "role", "architecture", "parameters", "quantization", "size", "context"],
    ...models.map((m) => [
      `${m.id}.gguf`,
      m.role,
      m.architecture,
      formatParameters(m.parameters),
      m.quantization,
      formatBytes(m.fileBytes),
      m.trainContextSize === null ? "?" : String(m.trainContextSize),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/**
 * `almanac models list [--json]` and `almanac models info <file>`: the GGUF
 * files in the models folder with what their headers say. Only the headers
 * are read: nothing is loaded, and it works beside a running server.
 * `almanac models use chat <file>` records the chat model for the next start.
 */
export function registerModelCommands(program: Command, config: () => Config): void {
  const models = program.command("models").description("the GGUF models in the models folder");
  const scan = async (c: Config) => {
    const { pinnedModels, scanModels } = await import("../models/registry.js");
    return scanModels(c.modelsDir, pinnedModels(c), (file, err) =>
      process.stderr.write(`almanac: ${file} is not a readable GGUF file (${err.message}); skipped\n`),
    );
  };
  const fail = (message: string) => {
    process.stderr.write(`almanac: ${message}\n`);
    process.exitCode = 1;
  };
  /** The model `file` names in the folder, or undefined after saying so. */
  const named = async (c: Config, file: string) => {
    const { findModel } = await import("../models/registry.js");
    const entry = findModel(await scan(c), file);
    if (!entry) fail(`no model "${file}" in ${c.modelsDir}; \`almanac models list\` shows them`);
    return entry;
  };

  models
    .command("list")
    .description("every GGUF file: role, architecture, parameters, quantization, size, trained context")
    .option("--json", "print JSON instead of a table")
    .action(async (opts: { json?: boolean }) => {
      const c = config();
      const found = await scan(c);
      if (opts.json) process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      else if (found.length === 0)
        process.stdout.write(`No GGUF files in ${c.modelsDir}. Copy models there; see the README, "Models".\n`);
      else process.stdout.write(`${modelTable(found)}\n`);
    });

  models
    .command("use <role> <file>")
    .description("choose the chat model that loads at the next start (the status page switches a running server)")
    .action(async (role: string, file: string) => {
      const c = config();
      if (role !== "chat")
        return fail(
          `only the chat model is chosen this way; the ${role} model is set with the configuration (ALMANAC_${role.toUpperCase()}_MODEL)`,
        );
      const entry = await named(c, file);
      if (!entry) return;
      if (entry.role !== "chat") return fail(`${entry.id}.gguf is the ${entry.role} kind of model, not a chat model`);
      const [{ openStateDb, STATE_FILE }, { saveSetting }] = await Promise.all([
        import("../state/db.js"),
        import("../state/settings.js"),
      ]);
      // The same record the status page's switch writes; SQLite's WAL lets this run beside a server.
      const db = openStateDb(join(c.dataDir, STATE_FILE));
      saveSetting(db, c, "chatModel", `${entry.id}.gguf`);
      db.$client.close();
      process.stdout.write(
        `${entry.id}.gguf answers from the next start. A running server keeps its model until then; to switch it now, use "Use for chat" on the status page or POST /api/models/use.\n`,
      );
    });

  models
    .command("info <file>")
    .description("everything the header of one GGUF file in the models folder says")
    .action(async (file: string) => {
      const c = config();
      // A name in the models folder, never a path: `info ../../etc/passwd` must not read outside it.
      const entry = await named(c, file);
      if (!entry) return;
      const lines: Array<[string, string]> = [
        ["file", join(c.modelsDir, `${entry.id}.gguf`)],
        ["name", entry.name],
        ["role", entry.role],
        ["architecture", entry.architecture],
        ["parameters", `${formatParameters(entry.parameters)} (${entry.parameters.toLocaleString("en")})`],
        ["quantization", entry.quantization],
        ["size", formatBytes(entry.fileBytes)],
        ["trained context", entry.trainContextSize === null ? "not stated" : `${entry.trainContextSize} tokens`],
        ["embedding size", entry.embeddingSize === null ? "not stated" : String(entry.embeddingSize)],
      ];
      const width = Math.max(...lines.map(([k]) => k.length));
      process.stdout.write(`${lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n")}\n`);
    });
}
