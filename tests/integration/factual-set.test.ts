import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { buildAnswerLibrary, listLibraryFiles } from "../../src/eval/answer-library.js";
import { loadAnswerSet, loadAnswerSetFile, runAnswerEval } from "../../src/eval/answers.js";
import { openTestApp, tempDir } from "../helpers.js";

const FACTUAL = "tests/fixtures/qa/factual.json";
const CORPUS = resolve("../shared/corpus");
const noCorpus = !existsSync(CORPUS) && `${CORPUS} is missing`;

describe("answer sets that declare their own library", () => {
  it("reads `library` when a set has one, and none from the sets that use the configured library", () => {
    const tmp = tempDir("almanac-factual-");
    try {
      const file = join(tmp.dir, "set.json");
      const question = { id: "q", question: "Who?", required: [["x"]], banned: [], source: "a.md" };
      writeFileSync(file, JSON.stringify({ library: { root: "books", include: ["*.md"] }, questions: [question] }));
      assert.deepEqual(loadAnswerSetFile(file).library, { root: "books", include: ["*.md"] });
      assert.equal(loadAnswerSet(file).length, 1);
      writeFileSync(file, JSON.stringify({ library: { root: "books", include: [] }, questions: [question] }));
      assert.throws(() => loadAnswerSetFile(file), /library\.include/);
      assert.equal(loadAnswerSetFile("tests/fixtures/qa/answers.json").library, undefined);
    } finally {
      tmp.cleanup();
    }
  });

  it("selects files by glob: `*` within one folder, `**` at any depth, symbolic links never", () => {
    const tmp = tempDir("almanac-factual-");
    try {
      const root = join(tmp.dir, "corpus");
      const put = (rel: string) => {
        mkdirSync(join(root, rel, ".."), { recursive: true });
        writeFileSync(join(root, rel), rel);
      };
      for (const rel of ["epub/a.epub", "epub/old/b.epub", "epub/notes.txt", "markdown/x/y/c.md", "pdf/d.pdf"])
        put(rel);
      symlinkSync(join(root, "epub", "a.epub"), join(root, "epub", "link.epub"));
      const library = { root, include: ["epub/*.epub", "markdown/**"] };
      assert.deepEqual(listLibraryFiles(library), ["epub/a.epub", "markdown/x/y/c.md"]);
      const dest = join(tmp.dir, "library");
      buildAnswerLibrary(library, dest);
      // A real file, not a link: the library scan skips symbolic links.
      assert.ok(lstatSync(join(dest, "markdown", "x", "y", "c.md")).isFile());
      assert.throws(() => buildAnswerLibrary({ root, include: ["zim/*.zim"] }, dest), /no file matches/);
    } finally {
      tmp.cleanup();
    }
  });

  it("the factual set is valid: 40+ questions, 8+ outside the library, every source file in the corpus", {
    skip: noCorpus,
  }, () => {
    const { questions, library } = loadAnswerSetFile(FACTUAL);
    assert.ok(library, "the factual set declares its library");
    assert.ok(questions.length >= 40, `${questions.length} questions`);
    assert.equal(new Set(questions.map((q) => q.id)).size, questions.length, "ids are unique");
    const none = questions.filter((q) => q.expect === "none");
    assert.ok(none.length >= 8, `${none.length} questions outside the library`);
    const files = new Set(listLibraryFiles(library));
    for (const q of questions) {
      if (q.expect === "none") continue;
      assert.ok(q.required.length > 0, `${q.id} requires a fact`);
      const file = q.source.split(" › ")[0] ?? "";
      assert.ok(files.has(file), `${q.id}: ${file} is not in the set's library`);
    }
  });

  it("answers a table-row question end to end from a temporary library of a few corpus files", {
    skip: noCorpus,
  }, async () => {
    const tmp = tempDir("almanac-factual-");
    try {
      const library = join(tmp.dir, "library");
      const placed = buildAnswerLibrary(
        { root: CORPUS, include: ["markdown/emcomm-tools-offline-reference/*.md"] },
        library,
      );
      assert.equal(placed.length, 5);
      const app = await openTestApp(tmp.dir, library, null);
      try {
        await app.indexer.reconcile();
        const question = loadAnswerSet(FACTUAL).find((q) => q.id === "table-noaa-wx3");
        assert.ok(question);
        const [score] = await runAnswerEval(app.services.ask, [question]);
        assert.ok(score?.pass, score?.text);
        assert.match(score.text, /162\.450/);
      } finally {
        await app.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});
