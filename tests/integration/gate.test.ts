import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { holdsAnswer, loadSquad, writeSquadLibrary } from "../../src/eval/squad.js";
import { analyseQuestion } from "../../src/generate/question.js";
import { libraryApp, makeLibrary, openTestApp, tempDir } from "../helpers.js";

const XQUAD_EN = resolve("../shared/corpus/eval/xquad/xquad.en.json");
const PHONETICS = resolve("../shared/corpus/markdown/emcomm-tools-offline-reference/nato-phonetics.md");

describe("evidence gate on a small collection (XQuAD articles, no model)", {
  skip: !existsSync(XQUAD_EN) && `${XQUAD_EN} is missing`,
}, () => {
  const tmp = tempDir("almanac-gate-");
  let app: Almanac;
  const articles = existsSync(XQUAD_EN) ? loadSquad(XQUAD_EN) : [];
  before(async () => {
    // Two articles in the library; a third one's questions have no answer in it.
    writeSquadLibrary(`${tmp.dir}/library`, articles.slice(0, 2));
    app = await openTestApp(tmp.dir, `${tmp.dir}/library`, null);
    await app.indexer.reconcile();
  });
  after(async () => {
    await app?.close();
    tmp.cleanup();
  });
  const ask = (q: string) => app.answerer.answer({ messages: [{ role: "user", content: q }] });

  it("answers the library's own questions, quoting their gold answers", async () => {
    const asked = articles[0]?.questions.slice(0, 10) ?? [];
    let answered = 0;
    for (const q of asked) {
      const a = await ask(q.question);
      if (a.mode !== "none" && holdsAnswer(a.text.slice(0, 600), q.answers)) answered++;
    }
    assert.ok(answered >= 7, `${answered} of ${asked.length} answered with the gold answer`);
  });

  it("refuses questions about an article the library lacks", async () => {
    const absent = articles[3]?.questions.slice(0, 6) ?? [];
    assert.ok(absent.length > 0);
    const library = articles
      .slice(0, 2)
      .flatMap((x) => x.paragraphs)
      .join(" ");
    let refused = 0;
    for (const q of absent)
      if (!q.answers.some((g) => library.includes(g)) && (await ask(q.question)).mode === "none") refused++;
    assert.ok(refused >= absent.length - 1, `${refused} of ${absent.length} refused`);
  });

  it("reads the question's own words: a long paraphrase passes, a short stray match does not", async () => {
    const long = await ask("How many times did the Broncos and Panthers face each other in the Super Bowl before?");
    assert.notEqual(long.mode, "none");
    assert.equal((await ask("What is the capital of Brazil?")).mode, "none");
  });

  it("analyses the answer type into the question", () => {
    assert.equal(analyseQuestion("When was Super Bowl 50 played?").answerType, "date");
  });
});

describe("a table row answers with its header", { skip: !existsSync(PHONETICS) && `${PHONETICS} is missing` }, () => {
  const app = libraryApp((root) => makeLibrary(root, { "nato-phonetics.md": PHONETICS }));

  it("finds the row the question names by its key, alone and with the header's names", async () => {
    const a = await app().answerer.answer({
      messages: [{ role: "user", content: "What is the phonetic word for the letter M?" }],
    });
    assert.match(a.text, /Letter M — Word: Mike — Pronunciation: MIKE \[1\]/);
    assert.doesNotMatch(a.text, /November|Lima/);
  });
});
