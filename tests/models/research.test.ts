import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ResearchStep } from "../../src/generate/research.js";
import { RESEARCH_STEPS, researchPassages } from "../../src/generate/research.js";
import { messageView, runAnswer } from "../../src/http/ui/answer-runner.js";
import { createI18n } from "../../src/i18n/index.js";
import type { ChatMessage, GenerateOptions, GenerateResult } from "../../src/models/chat-model.js";
import { BOOKS, fixtureModels, makeLibrary, openTestApp, tempDir } from "../helpers.js";

const ENGLISH_I18N = createI18n("en");

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
      for (const s of steps)
        assert.ok((s.tool === "search" ? s.query : s.passage).length > 0 && s.found >= 0, JSON.stringify(s));
      // The answer is written from the question's own passages and everything the searches added.
      assert.ok(researched.sources.length >= plain.sources.length, `${researched.sources.length} sources`);

      // The web app's runner shows each step in the answer's status line as it happens.
      const lines: string[] = [];
      const conv = app.services.conversations.create("u:test", "Research");
      const user = app.services.conversations.add(conv.id, { role: "user", content: "How do I purify water?" });
      const saved = await runAnswer(
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
        lines.some((l) => /^(Searched “.+”|Read on from .+): /.test(l)),
        lines.join(" | "),
      );
      // And the saved answer keeps them: the page shows them under it after a reload.
      const shown = messageView(saved, ENGLISH_I18N);
      assert.match(shown.meta, /^(Searched “.+”|Read on from .+): .* · Generated from \d+ passages/, shown.meta);
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });

  it("reads on from a numbered passage within its section, and tells the model what went wrong", async () => {
    const tmp = tempDir();
    const app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, { "s/Water.md": join(BOOKS, "Water.md") }), null);
    try {
      await app.indexer.reconcile();
      const question = "How do I purify water?";
      const found = await app.retriever.search(question, { k: 4 });
      const first = found[0];
      assert.ok(first);
      // A scripted model, so that every path runs: read on from [1], a read of a passage that is not there, stop.
      const script = [
        { name: "read", arguments: { passage: 1 } },
        { name: "read", arguments: { passage: 99 } },
      ];
      const seen: ChatMessage[][] = [];
      const chat = {
        contextSize: 4096,
        countTokens: (text: string) => Math.ceil(text.length / 4),
        generate: async (messages: ChatMessage[], _o: GenerateOptions): Promise<GenerateResult> => {
          seen.push(messages);
          const call = script.shift();
          return {
            text: "",
            toolCalls: call ? [call] : [],
            finishReason: call ? "tool_calls" : "stop",
          } as GenerateResult;
        },
      };
      const steps: ResearchStep[] = [];
      const gathered = await researchPassages(chat, app.retriever, question, found, { onStep: (s) => steps.push(s) });

      const next = await app.store.chunksAt(first.chunk.doc_id, [
        first.chunk.chunk_index + 1,
        first.chunk.chunk_index + 2,
      ]);
      const run = next.filter(
        (c, n) => c.chunk_index === first.chunk.chunk_index + 1 + n && c.heading_path === first.chunk.heading_path,
      );
      assert.ok(run.length > 0, "the first passage has text after it in its section (else this test proves nothing)");
      const added = gathered.slice(found.length).map((r) => r.chunk.id);
      const had = new Set(found.map((r) => r.chunk.id));
      assert.deepEqual(
        added,
        run.map((c) => c.id).filter((id) => !had.has(id)),
        "what follows [1] in its section, less what was found already",
      );
      assert.ok(added.length > 0, "reading added a passage");
      assert.equal(steps.length, 1, "the failed read is not a step the page shows");
      assert.equal(steps[0]?.tool, "read");
      assert.match(steps[0]?.tool === "read" ? steps[0].passage : "", /^Water › /);
      assert.equal(steps[0]?.found, added.length);

      // The model saw the question's own passages as a first search, numbered, and then each tool's result.
      const firstCall = seen[0]?.at(-1)?.toolCalls?.[0];
      assert.equal(firstCall?.name, "search");
      assert.match(firstCall?.result ?? "", /^\[1\] Water › /);
      const afterBad = seen[2]?.at(-1)?.toolCalls?.at(-1);
      assert.match(afterBad?.result ?? "", /There is no passage 99: they are numbered 1–\d+/);
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});
