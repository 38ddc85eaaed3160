import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { SingleBar } from "cli-progress";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { LexicalProfile } from "../app/almanac.js";
import type { Config } from "../config.js";
import type { EvalReport } from "../eval/harness.js";
import { EVAL_MODES, type EvalMode } from "../eval/modes.js";
import { positiveInt } from "./options.js";

function parseModes(value: string): EvalMode[] {
  const modes = value.split(",").map((m) => m.trim());
  for (const m of modes)
    if (!(EVAL_MODES as readonly string[]).includes(m))
      throw new InvalidArgumentError(`unknown mode "${m}" (choose from ${EVAL_MODES.join(", ")})`);
  return [...new Set(modes)] as EvalMode[];
}

/** The results table printed at the end of a run. */
export function formatReport(report: EvalReport): string {
  const k = report.k;
  const head = [
    `${report.dataset} (${report.format}): ${report.documents} documents → ${report.chunks} chunks, ` +
      `indexed in ${report.index.seconds.toFixed(1)} s${report.index.failed ? ` (${report.index.failed} failed)` : ""}; ` +
      `${report.queries} queries`,
    `models: embedding ${report.models.embedding ?? "none"}, reranker ${report.models.reranker ?? "none"}; ` +
      `${report.machine.cpus} CPUs, Node ${report.machine.node}`,
    "",
  ];
  const cols = ["mode", `nDCG@${k}`, `recall@${k}`, "recall@100", `MRR@${k}`, "p50 ms", "p95 ms"];
  const rows = report.modes.map((m) => [
    m.mode,
    m.metrics.ndcg.toFixed(4),
    m.metrics.recall.toFixed(4),
    m.metrics.recall100.toFixed(4),
    m.metrics.mrr.toFixed(4),
    m.latencyMs.p50.toFixed(1),
    m.latencyMs.p95.toFixed(1),
  ]);
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join("  ");
  return [...head, line(cols), ...rows.map(line)].join("\n");
}

/**
 * Registers `almanac eval`: `--dataset <dir> [--mode bm25|vector|hybrid|rerank[,…]] [--k 10]
 * [--limit-queries N] [--report file.json] [--keep]`. `npm run eval -- …` runs it.
 */
export function registerEvalCommand(
  program: Command,
  configFrom: (extra: Partial<Record<keyof Config, unknown>>) => Config,
): void {
  program
    .command("eval")
    .description("measure retrieval quality on a BEIR or Cranfield test collection (nDCG, recall, MRR, latency)")
    .requiredOption("--dataset <dir>", "BEIR folder (corpus.jsonl, queries.jsonl, qrels/test.tsv) or Cranfield folder")
    .option("--mode <modes>", `comma-separated: ${EVAL_MODES.join(", ")}`, parseModes, ["bm25"] as EvalMode[])
    .option("--k <n>", "metric cutoff for nDCG, recall and MRR", positiveInt("--k"), 10)
    .option("--limit-queries <n>", "evaluate only the first N judged queries", positiveInt("--limit-queries"))
    .option("--split <name>", "BEIR qrels split", "test")
    .option("--report <file>", "JSON report path (default eval-results/<dataset>-<modes>.json)")
    .option("--keep", "keep the temp library and index")
    .addOption(
      new Option("--lexical <profile>", "full-text setup: Almanac's tuned one, or LanceDB's defaults for comparison")
        .choices(["tuned", "baseline"])
        .default("tuned"),
    )
    .action(
      async (cmd: {
        dataset: string;
        mode: EvalMode[];
        k: number;
        limitQueries?: number;
        split: string;
        report?: string;
        keep?: boolean;
        lexical: LexicalProfile;
      }) => {
        const config = configFrom({});
        const [{ createLogger }, { loadDataset }, { runEvaluation }, { MultiBar }] = await Promise.all([
          import("../log.js"),
          import("../eval/datasets.js"),
          import("../eval/harness.js"),
          import("cli-progress"),
        ]);
        const log = createLogger("warn");
        const dataset = await loadDataset(resolve(cmd.dataset), cmd.split);
        const total = Math.min(dataset.queries.length, cmd.limitQueries ?? Number.POSITIVE_INFINITY);
        process.stderr.write(
          `${dataset.name}: ${dataset.docs.length} documents, ${total} of ${dataset.queries.length} judged queries\n`,
        );
        const bars = new MultiBar({
          format: "{phase} [{bar}] {value}/{total} {unit}",
          hideCursor: true,
          clearOnComplete: false,
          stream: process.stderr,
          // Piped or in CI: print a progress line every 10 s instead of redrawing.
          noTTYOutput: true,
          notTTYSchedule: 10_000,
        });
        const indexBar = bars.create(dataset.docs.length, 0, { phase: "indexing ", unit: "documents" });
        const queryBars = new Map<EvalMode, SingleBar>();
        const report = await runEvaluation(dataset, {
          modes: cmd.mode,
          k: cmd.k,
          ...(cmd.limitQueries ? { limitQueries: cmd.limitQueries } : {}),
          config,
          log,
          keep: Boolean(cmd.keep),
          lexical: cmd.lexical,
          onIndexProgress: (done) => indexBar.update(done),
          onQueryProgress: (mode, done, n) => {
            let bar = queryBars.get(mode);
            if (!bar) {
              bar = bars.create(n, 0, { phase: mode.padEnd(9), unit: "queries" });
              queryBars.set(mode, bar);
            }
            bar.update(done);
          },
        }).finally(() => bars.stop());
        const suffix = cmd.lexical === "baseline" ? "-baseline" : "";
        const out = resolve(cmd.report ?? `eval-results/${dataset.name}-${cmd.mode.join("-")}${suffix}.json`);
        await mkdir(dirname(out), { recursive: true });
        await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
        process.stdout.write(`\n${formatReport(report)}\n\nreport: ${out}\n`);
        if (report.workDir) process.stdout.write(`index kept in ${report.workDir}\n`);
      },
    );
}
