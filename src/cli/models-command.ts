import { join } from "node:path";
import type { Command } from "commander";
import { formatParameters, type ModelEntry } from "../app/model-services.js";
import type { Config } from "../config.js";
import { formatBytes } from "../ingest/limits.js";
import { registerPullCommands } from "./pull-command.js";

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
  const services = () => import("../app/model-services.js");
  const skipped = (file: string, err: Error) =>
    process.stderr.write(`almanac: ${file} is not a readable GGUF file (${err.message}); skipped\n`);
  /** Runs a command that names a model, saying why and exiting 1 when the name does not fit. */
  const naming =
    <A extends unknown[]>(run: (c: Config, ...args: A) => Promise<void>) =>
    async (...args: A) => {
      const { ModelChoiceError } = await import("../errors.js");
      try {
        await run(config(), ...args);
      } catch (err) {
        if (!(err instanceof ModelChoiceError)) throw err;
        const hint = err.status === 404 ? "; `almanac models list` shows them" : "";
        process.stderr.write(`almanac: ${err.message}${hint}\n`);
        process.exitCode = 1;
      }
    };

  models
    .command("list")
    .description("every GGUF file: role, architecture, parameters, quantization, size, trained context")
    .option("--json", "print JSON instead of a table")
    .action(async (opts: { json?: boolean }) => {
      const c = config();
      const found = await (await services()).listModels(c, skipped);
      if (opts.json) process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      else if (found.length === 0)
        process.stdout.write(`No GGUF files in ${c.modelsDir}. Copy models there; see docs/models.md.\n`);
      else process.stdout.write(`${modelTable(found)}\n`);
    });

  models
    .command("use <role> <file>")
    .description("choose the chat model that loads at the next start (the status page switches a running server)")
    .action(
      naming(async (c, role: string, file: string) => {
        if (role !== "chat") {
          process.stderr.write(
            `almanac: only the chat model is chosen this way; the ${role} model is set with the configuration (ALMANAC_${role.toUpperCase()}_MODEL)\n`,
          );
          process.exitCode = 1;
          return;
        }
        const entry = await (await services()).chooseChatModel(c, file);
        process.stdout.write(
          `${entry.id}.gguf answers from the next start. A running server keeps its model until then; to switch it now, use "Use for chat" on the status page or POST /api/models/use.\n`,
        );
      }),
    );

  registerPullCommands(models, config);

  models
    .command("info <file>")
    .description("everything the header of one GGUF file in the models folder says")
    .action(
      naming(async (c, file: string) => {
        // A name in the models folder, never a path: `info ../../etc/passwd` must not read outside it.
        const entry = await (await services()).namedModel(c, file);
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
      }),
    );
}
