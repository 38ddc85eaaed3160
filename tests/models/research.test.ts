import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ResearchStep } from "../../src/generate/research.js";
import { RESEARCH_STEPS } from "../../src/generate/research.js";
import { runAnswer } from "../../src/http/ui/answer-runner.js";
import { BOOKS, fixtureModels, makeLibrary, openTestApp, tempDir } from "../helpers.js";

describe("the research answer style on the fixture chat model", () => {
  it("searches on its own in bounded steps, reports each, and cites what it found", async () => {
    const tmp = tempDir();
    const lib = makeLibrary(tmp.dir, {
      "survival/Water.md": join(BOOKS, "Water.md"),
      "survival/Fire.md": join(BOOKS, "Fire.md"),
    });
    const app = await openTestApp(tmp.dir, lib, fixtureModels());
    try {
      await app.indexer.reconcile();
      const steps: ResearchStep[] = [];
      const question = [{ role: "user" as const, content: "How do I purify water?" }];
      const plain = await app.answerer.answer({ messages: question, maxTokens: 16 });
      const researched = await app.answerer.answer({
        messages: question,
        style: "research",
        maxTokens: 16,
        onStep: (s) => steps.push(s),
      });
      assert.equal(researched.mode, "rag");
      assert.ok(steps.length >= 1 && steps.length <= RESEARCH_STEPS, `${steps.length} steps`);
      for (const s of steps) assert.ok(s.query.length > 0 && s.found >= 0, JSON.stringify(s));
      // The answer is written from the question's own passages and everything the searches added.
      assert.ok(researched.sources.length >= plain.sources.length, `${researched.sources.length} sources`);

      // The web app's runner shows each step in the answer's status line as it happens.
      const lines: string[] = [];
      const conv = app.services.conversations.create("u:test", "Research");
      const user = app.services.conversations.add(conv.id, { role: "user", content: "How do I purify water?" });
      await runAnswer(
        app.services,
        {
          conversationId: conv.id,
          parentId: user.id,
          history: question,
          style: "research",
          controller: new AbortController(),
        } as Parameters<typeof runAnswer>[1],
        { onStatus: (line) => lines.push(line) },
      );
      assert.ok(
        lines.some((l) => /^Searched “.+”: /.test(l)),
        lines.join(" | "),
      );
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});
