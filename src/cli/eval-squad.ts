import { readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Config } from "../config.js";
import type { SquadSummary } from "../eval/squad.js";
import { withEvalApp } from "./eval-app.js";
import { formatRows, pct } from "./report-format.js";

/** The results table of a SQuAD-format run. */
export function formatSquadSummary(s: SquadSummary, mode: string): string {
  const rows: Array<[string, string]> = [
    ["answers", `${mode}, ${s.answerable} answerable + ${s.unanswerable} unanswerable questions`],
    ["answer (gold in the first 600 chars)", pct(s.answer)],
    ["hit@5", pct(s.hitAt5)],
    ["answerable questions refused", pct(s.answerableRefused)],
    ["unanswerable questions refused", pct(s.unanswerableRefused)],
    ["latency p50 / p95", `${s.latencyMs.p50.toFixed(1)} / ${s.latencyMs.p95.toFixed(1)} ms`],
  ];
  return formatRows(rows);
}

/**
 * `almanac eval-answers --squad <file>`: every other article of the SQuAD
 * file becomes one Markdown book of a temporary library; the questions of
 * those articles are answerable, those of the others (whose gold answers are
 * absent from the library) must be refused. Prints {@link formatSquadSummary}.
 * @param limit - ask at most this many questions of each kind.
 */
export async function runSquadCommand(
  file: string,
  limit: number | undefined,
  configFrom: (extra: Partial<Record<keyof Config, unknown>>) => Config,
  models: boolean,
): Promise<SquadSummary> {
  const squad = await import("../eval/squad.js");
  const { indexed, unanswerable } = squad.splitUnanswerable(squad.loadSquad(resolve(file)));
  const library = (dir: string) => squad.writeSquadLibrary(dir, indexed);
  return withEvalApp(configFrom, { models, library, prefix: "almanac-squad-" }, async (app) => {
    const answerable = indexed.flatMap((a) => a.questions).slice(0, limit);
    const summary = await squad.runSquadEval(app, answerable, unanswerable.slice(0, limit), (done, total) => {
      if (done % 50 === 0 || done === total) process.stderr.write(`  ${done} / ${total} questions\n`);
    });
    const mode = app.ask.mode === "rag" ? `generated (${app.models.runtime.chat?.entry.id})` : "extractive (no model)";
    process.stdout.write(`\n${formatSquadSummary(summary, mode)}\n`);
    return summary;
  });
}

/**
 * The per-language table of a folder run: one row per file (its name less
 * `xquad.` and `.json`, e.g. `es`), with answer, hit@5 and both refusal shares.
 */
export function formatSquadTable(rows: ReadonlyArray<[string, SquadSummary]>): string {
  const head = ["language", "answer", "hit@5", "answerable refused", "unanswerable refused", "p95 ms"];
  const body = rows.map(([name, s]) => [
    name,
    pct(s.answer),
    pct(s.hitAt5),
    pct(s.answerableRefused),
    pct(s.unanswerableRefused),
    s.latencyMs.p95.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  return [head, ...body]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] as number))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/**
 * `almanac eval-answers --squad <folder>`: {@link runSquadCommand} on every
 * `.json` file of the folder (XQuAD's 12 languages in
 * `../shared/corpus/eval/xquad/`), each in its own temporary library, then
 * {@link formatSquadTable}.
 * @returns each file's summary, by language name.
 * @throws Error when the folder holds no `.json` file.
 */
export async function runSquadFolder(
  dir: string,
  limit: number | undefined,
  configFrom: (extra: Partial<Record<keyof Config, unknown>>) => Config,
  models: boolean,
): Promise<Array<[string, SquadSummary]>> {
  const rows: Array<[string, SquadSummary]> = [];
  for (const f of squadFiles(dir)) {
    process.stderr.write(`${f}\n`);
    rows.push([squadName(f), await runSquadCommand(f, limit, configFrom, models)]);
  }
  process.stdout.write(`\n${formatSquadTable(rows)}\n`);
  return rows;
}

/**
 * The SQuAD-format files `path` names: itself, or a folder's `.json` files, sorted.
 * @throws Error for a folder that holds none.
 */
export function squadFiles(path: string): string[] {
  if (!isFolder(path)) return [path];
  const files = readdirSync(path)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => join(path, f));
  if (files.length === 0) throw new Error(`${path} holds no SQuAD-format .json file`);
  return files;
}

/** A SQuAD file's short name: its file name less `xquad.` and `.json` (`es`). */
export function squadName(file: string): string {
  return basename(file, ".json").replace(/^xquad\./, "");
}

/** Whether `path` names a folder (a `--squad` folder run) rather than one file. */
export function isFolder(path: string): boolean {
  return statSync(resolve(path)).isDirectory();
}
