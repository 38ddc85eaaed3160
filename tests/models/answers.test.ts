import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import OpenAI from "openai";
import { loadAnswerSet, runAnswerEval, summarise } from "../../src/eval/answers.js";
import { startServer } from "../../src/http/server.js";
import { BOOKS, fixtureModels, makeLibrary, openTestApp, shippedLibraryApp, tempDir } from "../helpers.js";

/** The shipped library, indexed once with no model (about 3 s). */
describe("answers on the shipped library (no model)", () => {
  const shipped = shippedLibraryApp();
  const ask = async (...turns: string[]) =>
    shipped().answerer.answer({
      messages: turns.map((content, i) => ({ role: i % 2 ? "assistant" : "user", content })),
    });

  it("quotes the purification methods: a drop count and boiling, under their lead-in", async () => {
    const a = await ask("How do I purify water?");
    assert.match(a.text, /\d+ drops/);
    assert.match(a.text, /boil/i);
    assert.match(a.text, /Purify water by the following methods: \[1\]/);
    assert.ok(!a.text.includes("- - "), "no double bullets");
  });

  it("shows each purification step whole, with its waiting times", async () => {
    const a = await ask("How do I purify water?");
    assert.match(a.text, /Let the canteen of water stand for 30 minutes before drinking/);
    assert.match(a.text, /If the water is cold and clear, wait 60 minutes/);
    assert.doesNotMatch(a.text, / … \[\d+\]/, "no step is cut short");
  });

  it("leaves out whole steps from the end of a long list, and says how many", async () => {
    const a = await ask("How do I make a swamp bed?");
    const lines = a.text.split("\n");
    const note = lines.findIndex((l) => /^_…and \d+ more items? of this list in the book \(source \d+\)_$/.test(l));
    assert.ok(note > 0, a.text);
    assert.match(lines[note - 1] ?? "", /^- .+\[\d+\]$/, "the note follows the last step shown");
    assert.match(a.text, /Look for four trees clustered in a rectangle/);
    assert.doesNotMatch(a.text, / … \[\d+\]/);
  });

  it("answers a burn question from burn treatment, not heartburn medicine", async () => {
    const a = await ask("How do I treat a burn?");
    assert.doesNotMatch(a.text, /antacid/i);
    assert.doesNotMatch(a.text, /heartburn/i);
    assert.match(a.text, /burn/i);
  });

  it("honours 'without': no match-lighting steps for a fire without matches", async () => {
    const a = await ask("How can I start a fire without matches?");
    assert.doesNotMatch(a.text, /light the match/i);
    // The chapter's other ways, each under its heading, in book order: not its general steps ending "Light the tinder".
    assert.doesNotMatch(a.text, /Light the tinder/);
    assert.match(
      a.text,
      /\*\*Starting a fire › Fire steel\*\*[\s\S]*\*\*Starting a fire › Flint and steel\*\*[\s\S]*\*\*Starting a fire › Drills\*\*/,
    );
    assert.doesNotMatch(a.text, /› Matches\*\*/);
  });

  it("gives the hypothermia signs, not the heatstroke list", async () => {
    const a = await ask("What are the signs of hypothermia?");
    assert.match(a.text, /Shivering/);
    assert.match(a.text, /Slurred speech/);
    assert.doesNotMatch(a.text, /heatstroke/i);
  });

  it("treats hypothermia from its Treatment section, labelled, not from the Symptoms list", async () => {
    const a = await ask("How do I treat hypothermia?");
    assert.match(a.text, /^\*\*Hypothermia › Treatment\*\*\n- Change into dry clothes\. \[1\]$/m);
    assert.match(a.text, /warm/i);
    assert.doesNotMatch(a.text, /Shivering|Slurred speech/);
  });

  it("quotes a list titled by the topic, even when the list never repeats it", async () => {
    const a = await ask("What can I use as tinder?");
    assert.match(a.text, /^Tinder: \[1\]\n- /m);
    assert.match(a.text, /bark|lint|punk/i);
    assert.doesNotMatch(a.text, /Kindling:|Small twigs/);
  });

  it("keeps a sibling condition's list out: heat exhaustion steps without the heatstroke ones", async () => {
    const a = await ask("How do I treat heat exhaustion?");
    assert.match(a.text, /Move to a cool place/);
    assert.doesNotMatch(a.text, /Remove excess clothing|Call emergency services\. \[/);
    // The Symptoms section has a list under the same title, "Heat exhaustion:".
    assert.doesNotMatch(a.text, /Pale skin/);
  });

  it("carries the earlier topic into a follow-up, not the earlier question's 'signs'", async () => {
    const a = await ask("What are the signs of frostbite?", "…", "How do I treat it?");
    assert.equal(a.query.via, "rule");
    assert.doesNotMatch(a.query.query, /sign/);
    assert.match(a.text, /warm water|thaw/i);
    assert.doesNotMatch(a.text, /Numbness/);
  });

  it("numbers sources 1…N consecutively and cites every line", async () => {
    for (const q of ["How do I purify water?", "How do I treat a burn?", "How long should I boil water?"]) {
      const a = await ask(q);
      assert.deepEqual(
        a.sources.map((s) => s.index),
        a.sources.map((_, i) => i + 1),
      );
      const cited = [...a.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
      assert.deepEqual([...new Set(cited)].sort(), a.sources.map((s) => s.index).sort());
      for (const line of a.text.split("\n").slice(2))
        if (line.trim()) assert.match(line, /\[\d+\]$|^\*\*[^*]+\*\*$|^_…and \d+ more .+\(source \d+\)_$/, line);
    }
  });

  it("searches a follow-up together with the earlier question", async () => {
    const first = await ask("How do I purify water?");
    const a = await ask("How do I purify water?", first.text, "How long should I boil it?");
    assert.equal(a.query.via, "rule");
    assert.match(a.query.query, /purify water/);
    // The words typed in this turn ("boil", "how long") lead: the boiling time, not the iodine drops.
    assert.match(a.text, /boil for at least one minute/);
    assert.doesNotMatch(a.text, /drops/);
    assert.doesNotMatch(a.text, /whisky|green tea/i);
  });

  it("says plainly when the library has nothing on it", async () => {
    const a = await ask("How do I replace a timing belt?");
    assert.equal(a.mode, "none");
    assert.deepEqual(a.sources, []);
    assert.match(a.text, /nothing on this/);
  });

  it("passes the CI subset of the answer evaluation set", async () => {
    const questions = loadAnswerSet("tests/fixtures/qa/answers.json").filter((q) => q.ci);
    assert.ok(questions.length >= 8);
    const scores = await runAnswerEval(shipped().services.ask, questions);
    const failed = scores.filter((s) => !s.pass).map((s) => `${s.id}: ${s.text.slice(0, 200)}`);
    assert.deepEqual(failed, []);
    const summary = summarise(questions, scores);
    assert.equal(summary.bannedRate, 0);
    assert.equal(summary.citationPrecision, 1);
  });
});

describe("follow-ups and the evidence gate over HTTP", () => {
  const LIBRARY = { "survival/Water.md": join(BOOKS, "Water.md"), "survival/Fire.md": join(BOOKS, "Fire.md") };
  async function serve(models: string | null, extra: Record<string, unknown> = {}) {
    const tmp = tempDir();
    const app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, LIBRARY), models, extra);
    await app.indexer.reconcile();
    const server = await startServer(app.services, "127.0.0.1", 0);
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${server.port}/v1`, apiKey: "unused", maxRetries: 0 });
    return {
      app,
      client,
      close: async () => {
        await server.close();
        await app.close();
        tmp.cleanup();
      },
    };
  }

  it("a follow-up through the openai client cites the water chapter and reports the query searched", async () => {
    const s = await serve(null);
    try {
      const first = await s.client.chat.completions.create({
        model: "almanac",
        messages: [{ role: "user", content: "How do I purify water?" }],
      });
      const res = await s.client.chat.completions.create({
        model: "almanac",
        messages: [
          { role: "user", content: "How do I purify water?" },
          { role: "assistant", content: first.choices[0]?.message.content ?? "" },
          { role: "user", content: "How long should I boil it?" },
        ],
      });
      const wire = res as unknown as { sources: Array<{ path: string }>; almanac: { query: string } };
      assert.match(wire.almanac.query, /boil it\? purify water/);
      assert.equal(wire.sources[0]?.path, "survival/Water.md");
      assert.match(res.choices[0]?.message.content ?? "", /\d+ minutes/);
    } finally {
      await s.close();
    }
  });

  it("with a chat model, refuses without calling it when nothing is found, and fits a 512-token context", async () => {
    const s = await serve(fixtureModels(), { chatContextSize: 512, maxAnswerTokens: 64 });
    try {
      const chat = s.app.runtime.chat;
      assert.ok(chat, "the fixture chat model is loaded");
      const before = chat.generations;
      const res = await s.client.chat.completions.create({
        model: "almanac",
        messages: [{ role: "user", content: "How do I replace a timing belt?" }],
      });
      assert.equal(chat.generations, before, "the model was never called");
      assert.match(res.choices[0]?.message.content ?? "", /nothing on this/);
      assert.deepEqual((res as unknown as { sources: unknown[] }).sources, []);
      // An answerable question on a 512-token context answers instead of failing on context shift.
      const ok = await s.client.chat.completions.create({
        model: "almanac",
        messages: [{ role: "user", content: "How do I purify water?" }],
      });
      assert.equal(chat.generations, before + 1);
      const sources = (ok as unknown as { sources: Array<{ index: number }> }).sources;
      assert.ok(sources.length >= 1);
      assert.deepEqual(
        sources.map((x) => x.index),
        sources.map((_, i) => i + 1),
      );
    } finally {
      await s.close();
    }
  });
});
