import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import type { Config } from "../config.js";
import type { AnswerScore, AnswerSummary } from "../eval/answers.js";
import { withEvalApp } from "./eval-app.js";
import { positiveInt } from "./options.js";
import { formatRows, pct } from "./report-format.js";

/** The shipped answer-evaluation set. */
export const DEFAULT_ANSWER_SET = "tests/fixtures/qa/answers.json";

/** The results table of an answer evaluation. */
export function formatAnswerSummary(s: AnswerSummary, mode: string): string {
  const rows: Array<[string, string]> = [
    ["answers", `${mode}, ${s.questions} questions`],
    ["fact recall (all required facts)", pct(s.factRecall)],
    ["required facts found", pct(s.factsFoundShare)],
    ["banned-fact rate", pct(s.bannedRate)],
    ["citation precision", pct(s.citationPrecision)],
    ["off-library questions refused", `${s.refusals.correct} / ${s.refusals.expected}`],
    ["answerable questions refused", String(s.refusals.wrong)],
    ["answer length (mean words)", s.meanWords.toFixed(0)],
    ["latency p50 / p95", `${s.latencyMs.p50.toFixed(1)} / ${s.latencyMs.p95.toFixed(1)} ms`],
  ];
  return formatRows(rows);
}

/**
 * Registers `almanac eval-answers [--set file | --squad file] [--models dir] [--limit N] [--ci] [--report file]`
 * (`npm run eval:answers -- …`): indexes the library (the set's own `library`
 * when it declares one, else the configured one) into a temp folder, asks
 * every question, and prints fact recall, banned-fact rate, citation
 * precision, answer length and latency, plus a JSON report.
 */
export function registerEvalAnswersCommand(
  program: Command,
  configFrom: (extra: Partial<Record<keyof Config, unknown>>) => Config,
): void {
  program
    .command("eval-answers")
    .description("measure answer quality on a question set (fact recall, banned facts, citation precision, latency)")
    .option(
      "--set <file>",
      "question set (its own `library`, if it declares one, replaces the configured library)",
      DEFAULT_ANSWER_SET,
    )
    .option("--limit <n>", "ask only the first N questions", positiveInt("--limit"))
    .option("--ci", "ask only the questions marked for CI")
    .option("--report <file>", "JSON report path (default eval-results/answers-<mode>.json)")
    .option(
      "--squad <path>",
      "a SQuAD-format file instead (e.g. XQuAD): answer, hit@5 and refusals; a folder runs each of its files, one table row per language",
    )
    .action(async (cmd: { set: string; limit?: number; ci?: boolean; report?: string; squad?: string }) => {
      if (cmd.squad) {
        const squad = await import("./eval-squad.js");
        const models = Boolean(program.opts<{ models?: string }>().models);
        if (squad.isFolder(cmd.squad)) await squad.runSquadFolder(cmd.squad, cmd.limit, configFrom, models);
        else await squad.runSquadCommand(cmd.squad, cmd.limit, configFrom, models);
        return;
      }
      const [{ loadAnswerSetFile, runAnswerEval, summarise }, { buildAnswerLibrary }] = await Promise.all([
        import("../eval/answers.js"),
        import("../eval/answer-library.js"),
      ]);
      const set = loadAnswerSetFile(resolve(cmd.set));
      let questions = set.questions;
      if (cmd.ci) questions = questions.filter((q) => q.ci);
      if (cmd.limit) questions = questions.slice(0, cmd.limit);
      const models = Boolean(program.opts<{ models?: string }>().models);
      const t0 = Date.now();
      // A set that names its own books gets a library of exactly those, so
      // its figures do not depend on what the configured library holds.
      const library = set.library;
      const fill = library
        ? (dir: string) => {
            const files = buildAnswerLibrary(library, dir);
            process.stderr.write(`library: ${files.length} files of ${resolve(library.root)}\n`);
          }
        : undefined;
      await withEvalApp(
        configFrom,
        { models, ...(fill ? { library: fill } : {}), prefix: "almanac-answers-" },
        async (app) => {
          const status = await app.status();
          process.stderr.write(
            `indexed ${status.documents.indexed} documents (${status.chunks} chunks) in ${((Date.now() - t0) / 1000).toFixed(1)} s; asking ${questions.length} questions\n`,
          );
          const scores = await runAnswerEval(app.ask, questions, (s: AnswerScore) => {
            if (!s.pass)
              process.stderr.write(
                `  miss ${s.id}: ${s.factsFound}/${s.factsRequired} facts${s.banned.length ? `, banned: ${s.banned.join(", ")}` : ""}, mode ${s.mode}\n`,
              );
          });
          const summary = summarise(questions, scores);
          const mode =
            app.ask.mode === "rag" ? `generated (${app.models.runtime.chat?.entry.id})` : "extractive (no model)";
          const out = resolve(cmd.report ?? `eval-results/answers-${app.ask.mode}.json`);
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, `${JSON.stringify({ mode, summary, scores }, null, 2)}\n`);
          process.stdout.write(`\n${formatAnswerSummary(summary, mode)}\n\nreport: ${out}\n`);
        },
      );
    });
}
