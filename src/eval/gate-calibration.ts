/**
 * Calibration of the evidence gate ({@link GATE_MODEL}): a logistic
 * regression over {@link GateFeatures} fitted on labelled questions, and the
 * threshold that keeps answerable questions answered. Pure; the questions
 * are collected by `almanac calibrate-gate` (src/cli/calibrate-gate.ts).
 */
import { evidenceScore, type GateFeatures, type GateModel, gateThreshold } from "../generate/gate.js";

/** One labelled question and what the gate read for it. */
export interface GateSample {
  /** The collection it was asked of: groups weigh equally in the fit, and refusals are reported per group. */
  group: string;
  question: string;
  /** Whether the library holds its answer. */
  answerable: boolean;
  /** The language the question was detected in (ISO 639-1 code, "" when none): the threshold it is held to. */
  language: string;
  features: GateFeatures;
}

/** The model's inputs, in {@link GateModel} order (bias first). */
function inputs(f: GateFeatures): number[] {
  const ln = Math.log(f.topicTerms);
  return [
    1,
    f.window,
    f.passage,
    ln,
    f.window * ln,
    f.passage * ln,
    f.whole,
    (1 - f.whole) / f.topicTerms,
    f.namesApart,
  ];
}

/**
 * Fits the gate's weights by gradient descent on the L2-regularised,
 * weighted logistic loss. Every (group, answerable) class weighs the same in
 * total, so 7 off-library questions of one set count as much as 232
 * unanswerable XQuAD questions.
 * @param l2 - ridge penalty on the weights (not the bias), default 0.01.
 * @param iterations - full-batch steps at rate 0.5, default 3,000.
 * @throws Error when there are no samples.
 */
export function fitGateModel(
  samples: readonly GateSample[],
  l2 = 0.01,
  iterations = 3000,
): Omit<GateModel, "threshold"> {
  if (samples.length === 0) throw new Error("no samples to calibrate the gate on");
  const classOf = (s: GateSample) => `${s.group}/${s.answerable}`;
  const sizes = new Map<string, number>();
  for (const s of samples) sizes.set(classOf(s), (sizes.get(classOf(s)) ?? 0) + 1);
  const rows = samples.map((s) => ({
    x: inputs(s.features),
    y: s.answerable ? 1 : 0,
    weight: 1 / (sizes.get(classOf(s)) as number),
  }));
  const total = rows.reduce((a, r) => a + r.weight, 0);
  const w = new Array<number>(9).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(9).fill(0);
    for (const r of rows) {
      const z = r.x.reduce((a, x, i) => a + x * (w[i] as number), 0);
      const err = (1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z)))) - r.y) * r.weight;
      for (let i = 0; i < 9; i++) grad[i] = (grad[i] as number) + err * (r.x[i] as number);
    }
    for (let i = 0; i < 9; i++)
      w[i] = (w[i] as number) - 0.5 * ((grad[i] as number) / total + (i > 0 ? l2 * (w[i] as number) : 0));
  }
  const [bias, window, passage, lnTerms, windowLnTerms, passageLnTerms, whole, partialShort, namesApart] = w.map(
    (v) => Math.round(v * 1000) / 1000,
  ) as [number, number, number, number, number, number, number, number, number];
  return { bias, window, passage, lnTerms, windowLnTerms, passageLnTerms, whole, partialShort, namesApart };
}

/** Refusals of one group at a model's threshold: shares of its answerable and unanswerable questions. */
export interface GroupRefusals {
  group: string;
  answerable: number;
  unanswerable: number;
  /** Answerable questions refused (0–1; 0 when there are none). */
  answerableRefused: number;
  /** Unanswerable questions refused (0–1; 1 when there are none). */
  unanswerableRefused: number;
  /** Of the questions the gate let through, the share that were answerable (1 when none passed). */
  precision: number;
}

/** Refusals per group, in first-seen group order. */
export function refusals(samples: readonly GateSample[], model: GateModel): GroupRefusals[] {
  const groups = [...new Set(samples.map((s) => s.group))];
  return groups.map((group) => {
    const of = samples.filter((s) => s.group === group);
    const passes = (s: GateSample) => evidenceScore(s.features, model) >= gateThreshold(model, s.language);
    const a = of.filter((s) => s.answerable);
    const u = of.filter((s) => !s.answerable);
    const passed = of.filter(passes);
    return {
      group,
      answerable: a.length,
      unanswerable: u.length,
      answerableRefused: a.length ? a.filter((s) => !passes(s)).length / a.length : 0,
      unanswerableRefused: u.length ? u.filter((s) => !passes(s)).length / u.length : 1,
      precision: passed.length ? passed.filter((s) => s.answerable).length / passed.length : 1,
    };
  });
}

/**
 * The threshold that refuses the most unanswerable questions (mean over
 * groups) while refusing at most `maxAnswerableRefused` of the answerable
 * ones of every group: refusing a question the library answers costs a
 * person more than an answer that says little.
 * @param maxAnswerableRefused - default 0.03, the target of issue 24.
 */
export function chooseThreshold(
  samples: readonly GateSample[],
  weights: Omit<GateModel, "threshold">,
  maxAnswerableRefused = 0.03,
): number {
  let best = { threshold: -Infinity, refused: -1 };
  for (let t = -4; t <= 2; t += 0.05) {
    const threshold = Math.round(t * 100) / 100;
    const r = refusals(samples, { ...weights, threshold });
    if (r.some((g) => g.answerableRefused > maxAnswerableRefused)) continue;
    const refused = r.reduce((a, g) => a + g.unanswerableRefused, 0) / r.length;
    if (refused > best.refused) best = { threshold, refused };
  }
  return Number.isFinite(best.threshold) ? best.threshold : -4;
}

/**
 * A threshold for each language with at least `minAnswerable` answerable
 * questions among the samples, but `keep` ({@link GateModel.languageThresholds}):
 * {@link chooseThreshold} on that language's questions alone, as one group.
 * @param maxAnswerableRefused - default 0.04: XQuAD's ~350 questions a language
 * leave about one point of noise under the 5% that issue 26 allows.
 * @param keep - languages left on the model's own threshold, default English, which the project's answer sets fix.
 * @returns thresholds by language code, sorted by code.
 */
export function chooseLanguageThresholds(
  samples: readonly GateSample[],
  weights: Omit<GateModel, "threshold">,
  { maxAnswerableRefused = 0.04, minAnswerable = 100, keep = ["en"] } = {},
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const language of [...new Set(samples.map((s) => s.language))].sort()) {
    const of = samples.filter((s) => s.language === language).map((s) => ({ ...s, group: language }));
    if (keep.includes(language) || of.filter((s) => s.answerable).length < minAnswerable) continue;
    out[language] = chooseThreshold(of, { ...weights, languageThresholds: {} }, maxAnswerableRefused);
  }
  return out;
}
