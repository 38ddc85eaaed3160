import { resolve } from "node:path";
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
