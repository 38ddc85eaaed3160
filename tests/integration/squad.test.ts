import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { formatSquadTable, runSquadCommand, runSquadFolder } from "../../src/cli/eval-squad.js";
import { loadConfig } from "../../src/config.js";
import { holdsAnswer, loadSquad, normalizeAnswer, splitUnanswerable, writeSquadLibrary } from "../../src/eval/squad.js";
import { tempDir } from "../helpers.js";

const XQUAD_EN = resolve("../shared/corpus/eval/xquad/xquad.en.json");

/** A tiny SQuAD file: two articles, one question each. */
function tinySquad(path: string): void {
  const article = (title: string, context: string, question: string, answer: string) => ({
    title,
    paragraphs: [{ context, qas: [{ id: title, question, answers: [{ text: answer, answer_start: 0 }] }] }],
  });
  writeFileSync(
    path,
    JSON.stringify({
      data: [
        article(
          "Spray_(sloop)",
          "The Spray was an oyster sloop rebuilt by Joshua Slocum. He sailed the Spray alone around the world between 1895 and 1898.",
          "In which years did Slocum sail around the world?",
          "between 1895 and 1898",
        ),
        article(
          "Brasília",
          "Brasília is the federal capital of Brazil. It was founded by President Juscelino Kubitschek on 21 April 1960.",
          "Who founded Brasília?",
          "Juscelino Kubitschek",
        ),
      ],
    }),
  );
}

describe("SQuAD-format evaluation", () => {
  it("normalises answers as SQuAD's script does, and finds them as whole words", () => {
    assert.equal(normalizeAnswer("The  Spray!"), "spray");
    assert.equal(normalizeAnswer("«an» Oyster-sloop"), "oyster sloop");
    assert.equal(holdsAnswer("He sailed the Spray, alone.", ["spray"]), true);
    assert.equal(holdsAnswer("Sprayed paint", ["Spray"]), false);
    assert.equal(holdsAnswer("anything", [""]), false);
  });

  it("finds answers inside Chinese and Thai text, which has no spaces between words", () => {
    assert.equal(holdsAnswer("黑豹队的防守只丢了 308分，在联赛中排名第六", ["308"]), true);
    assert.equal(holdsAnswer("职业碗防守截锋卡万·肖特以 11 分领先", ["卡万·肖特"]), true);
    assert.equal(holdsAnswer("พันธุ์ไม้ประมาณ16,000 ชนิด", ["16,000"]), true);
    assert.equal(holdsAnswer("只丢了 3080 分", ["308"]), false);
    assert.equal(holdsAnswer("卡万·肖特以", ["肖特以外"]), false);
  });

  it("keeps every other article and only the held-out questions whose answers the library lacks", () => {
    const tmp = tempDir("almanac-squad-");
    try {
      const file = join(tmp.dir, "tiny.json");
      tinySquad(file);
      const articles = loadSquad(file);
      assert.deepEqual(
        articles.map((a) => a.questions.length),
        [1, 1],
      );
      const { indexed, unanswerable } = splitUnanswerable(articles);
      assert.deepEqual(
        indexed.map((a) => a.title),
        ["Spray_(sloop)"],
      );
      assert.deepEqual(
        unanswerable.map((q) => q.id),
        ["Brasília"],
      );
      writeSquadLibrary(join(tmp.dir, "lib"), indexed);
      const [book] = readdirSync(join(tmp.dir, "lib", "squad"));
      assert.match(
        readFileSync(join(tmp.dir, "lib", "squad", book ?? ""), "utf8"),
        /^# Spray \(sloop\)\n\nThe Spray was/,
      );
      // A held-out question whose answer happens to be in the library is not counted as unanswerable.
      const leaky = splitUnanswerable([
        articles[0]!,
        { title: "x", paragraphs: ["p"], questions: [{ id: "q", question: "?", answers: ["Joshua Slocum"] }] },
      ]);
      assert.deepEqual(leaky.unanswerable, []);
    } finally {
      tmp.cleanup();
    }
  });

  it("runs XQuAD English end to end with no model: answer, hit@5 and refusals", {
    skip: !existsSync(XQUAD_EN) && `${XQUAD_EN} is missing`,
  }, async () => {
    const summary = await runSquadCommand(XQUAD_EN, 20, (extra) => loadConfig(extra, {}), false);
    assert.equal(summary.answerable, 20);
    assert.ok(summary.unanswerable > 0 && summary.unanswerable <= 20);
    assert.ok(summary.hitAt5 > 0.5, `hit@5 ${summary.hitAt5}`);
    for (const x of [summary.answer, summary.answerableRefused, summary.unanswerableRefused])
      assert.ok(x >= 0 && x <= 1);
    assert.ok(summary.latencyMs.p95 > 0);
  });

  it("runs every file of a folder, one language per row", async () => {
    const tmp = tempDir();
    try {
      tinySquad(join(tmp.dir, "xquad.en.json"));
      tinySquad(join(tmp.dir, "xquad.es.json"));
      writeFileSync(join(tmp.dir, "README.md"), "not a question set");
      const rows = await runSquadFolder(tmp.dir, 5, (extra) => loadConfig(extra, {}), false);
      assert.deepEqual(
        rows.map(([name]) => name),
        ["en", "es"],
      );
      for (const [, s] of rows) assert.equal(s.answerable, 1);
      const table = formatSquadTable(rows).split("\n");
      assert.match(table[0] ?? "", /^language\s+answer\s+hit@5\s+answerable refused\s+unanswerable refused/);
      assert.match(table[2] ?? "", /^es\s+\d+\.\d%/);
    } finally {
      tmp.cleanup();
    }
  });
});
