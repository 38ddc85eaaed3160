import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseLanguageThresholds, type GateSample, refusals } from "../../src/eval/gate-calibration.js";
import { evidenceScore, GATE_MODEL, type GateFeatures, gateThreshold } from "../../src/generate/gate.js";

/** Features whose evidence score is `z` under GATE_MODEL's weights: the window share is solved for, the rest fixed. */
function scoring(z: number): GateFeatures {
  const base: GateFeatures = { window: 0, passage: 0, whole: 0, namesApart: 0, topicTerms: 1 };
  // With one topic term ln(n) = 0, so the score is linear in the window share.
  const window = (z - evidenceScore(base)) / GATE_MODEL.window;
  return { ...base, window };
}

function samples(language: string, answerable: number[], unanswerable: number[]): GateSample[] {
  const of = (z: number, a: boolean): GateSample => ({
    group: language,
    question: `${language} ${z}`,
    answerable: a,
    language,
    features: scoring(z),
  });
  return [...answerable.map((z) => of(z, true)), ...unanswerable.map((z) => of(z, false))];
}

const range = (from: number, n: number, step: number) => Array.from({ length: n }, (_, i) => from + i * step);

describe("evidence gate: a threshold for each language", () => {
  it("holds a language without its own threshold to the model's", () => {
    assert.equal(gateThreshold(GATE_MODEL, "xx"), GATE_MODEL.threshold);
    assert.equal(gateThreshold(GATE_MODEL, "en"), GATE_MODEL.threshold);
    assert.equal(gateThreshold({ ...GATE_MODEL, languageThresholds: { ru: -2.4 } }, "ru"), -2.4);
  });

  it("lowers the threshold of a language whose answerable questions score low, and keeps English on the model's", () => {
    // Russian answerable questions score 1.5 lower than English ones; unanswerable ones alike.
    const all = [
      ...samples("en", range(-1.3, 120, 0.02), range(-3.9, 60, 0.02)),
      ...samples("ru", range(-2.8, 120, 0.02), range(-3.9, 60, 0.02)),
      ...samples("fr", range(-2.8, 20, 0.02), []),
    ];
    const chosen = chooseLanguageThresholds(all, GATE_MODEL);
    assert.deepEqual(Object.keys(chosen), ["ru"], "English kept, French has too few questions");
    const ru = chosen.ru as number;
    assert.ok(ru <= -2.7 && ru > -2.9, `ru threshold ${ru}`);
    const [en, rus] = refusals(all, { ...GATE_MODEL, languageThresholds: chosen });
    assert.ok((rus?.answerableRefused ?? 1) <= 0.04, "at most 4% of Russian answerable questions refused");
    assert.ok((rus?.unanswerableRefused ?? 0) > 0.9);
    // Without it, the model's threshold refuses most Russian answerable questions.
    const [, before] = refusals(all, { ...GATE_MODEL, languageThresholds: {} });
    assert.ok((before?.answerableRefused ?? 0) > 0.5);
    assert.equal(en?.answerableRefused, 0);
  });
});
