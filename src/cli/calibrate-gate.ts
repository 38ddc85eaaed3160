import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { AskService } from "../app/services.js";
import type { Config } from "../config.js";
import type { GateSample } from "../eval/gate-calibration.js";
import { withEvalApp } from "./eval-app.js";
import { squadFiles, squadName } from "./eval-squad.js";
import { formatRows, pct } from "./report-format.js";

/** What `almanac calibrate-gate` reads by default: XQuAD's English dev half and the project's three sets. */
const DEFAULT_SQUAD = "../shared/corpus/eval/xquad/xquad.en.json";
const DEFAULT_SETS = [
  "tests/fixtures/qa/answers.json",
  "tests/fixtures/qa/heldout.json",
  "tests/fixtures/qa/factual.json",
];

async function samplesOf(
  ask: AskService,
  group: string,
  questions: ReadonlyArray<{ question: string; answerable: boolean }>,
): Promise<GateSample[]> {
  const { gateFeatures } = await import("../generate/gate.js");
  const out: GateSample[] = [];
  for (const q of questions) {
    const { question, results } = await ask.retrieve([{ role: "user", content: q.question }], null);
    out.push({
      group,
      question: q.question,
      answerable: q.answerable,
      language: question.language.code,
      features: gateFeatures(question, results),
    });
  }
  return out;
}

/**
 * Registers `almanac calibrate-gate [--squad file|folder] [--set file…] [--samples file]`: asks the
 * labelled questions (each SQuAD file split as `eval-answers --squad` splits it,
 * and answer sets, on the library each declares or the configured one;
 * follow-ups are left out), fits the evidence gate's logistic model
 * ({@link fitGateModel}), picks its threshold ({@link chooseThreshold}) and
 * prints the weights to put in `GATE_MODEL` with the refusals per group,
 * for the fitted model and for the one in use, then each language's
 * threshold for `GATE_MODEL.languageThresholds` ({@link chooseLanguageThresholds}).
 */
export function registerCalibrateGateCommand(
  program: Command,
  configFrom: (extra: Partial<Record<keyof Config, unknown>>) => Config,
): void {
  program
    .command("calibrate-gate")
    .description("fit the evidence gate on answerable and unanswerable questions, and print its refusals")
    .option("--squad <path>", "SQuAD-format file, or a folder of them (one group each)", DEFAULT_SQUAD)
    .option("--set <file...>", "answer sets", DEFAULT_SETS)
    .option("--samples <file>", "also write every question's gate features as JSON")
    .action(async (cmd: { squad: string; set: string[]; samples?: string }) => {
      const [squad, answers, answerLibrary, calib, gate] = await Promise.all([
        import("../eval/squad.js"),
        import("../eval/answers.js"),
        import("../eval/answer-library.js"),
        import("../eval/gate-calibration.js"),
        import("../generate/gate.js"),
      ]);
      const samples: GateSample[] = [];
      for (const file of squadFiles(cmd.squad)) {
        const { indexed, unanswerable } = squad.splitUnanswerable(squad.loadSquad(resolve(file)));
        const library = (dir: string) => squad.writeSquadLibrary(dir, indexed);
        await withEvalApp(configFrom, { models: false, library }, async (app) => {
          const asked = [
            ...indexed.flatMap((a) => a.questions).map((q) => ({ question: q.question, answerable: true })),
            ...unanswerable.map((q) => ({ question: q.question, answerable: false })),
          ];
          samples.push(...(await samplesOf(app.ask, `xquad ${squadName(file)}`, asked)));
        });
      }
      for (const file of cmd.set) {
        const set = answers.loadAnswerSetFile(resolve(file));
        const own = set.library;
        const fill = own ? (dir: string) => void answerLibrary.buildAnswerLibrary(own, dir) : undefined;
        await withEvalApp(configFrom, { models: false, ...(fill ? { library: fill } : {}) }, async (app) => {
          const asked = set.questions
            .filter((q) => q.context.length === 0)
            .map((q) => ({ question: q.question, answerable: q.expect !== "none" }));
          samples.push(...(await samplesOf(app.ask, file.replace(/^.*\//, "").replace(/\.json$/, ""), asked)));
        });
      }
      if (cmd.samples) writeFileSync(resolve(cmd.samples), `${JSON.stringify(samples)}\n`);
      const weights = calib.fitGateModel(samples);
      const fitted = { ...weights, threshold: calib.chooseThreshold(samples, weights) };
      const inUse = {
        ...gate.GATE_MODEL,
        languageThresholds: calib.chooseLanguageThresholds(samples, gate.GATE_MODEL),
      };
      const table = (model: typeof fitted) =>
        formatRows(
          calib
            .refusals(samples, model)
            .map(
              (g) =>
                [
                  g.group,
                  `${g.answerable} answerable, ${pct(g.answerableRefused)} refused; ${g.unanswerable} unanswerable, ${pct(g.unanswerableRefused)} refused; precision ${pct(g.precision)}`,
                ] as const,
            ),
        );
      process.stdout.write(
        `fitted: ${JSON.stringify(fitted)}\n${table(fitted)}\n\nin use: ${JSON.stringify(gate.GATE_MODEL)}\n${table(gate.GATE_MODEL)}\n\n` +
          `in use, each language's threshold chosen again: ${JSON.stringify(inUse.languageThresholds)}\n${table(inUse)}\n`,
      );
    });
}
