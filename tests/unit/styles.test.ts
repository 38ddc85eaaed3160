import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildRagMessages, RAG_INSTRUCTIONS } from "../../src/generate/prompt.js";
import { styleInstruction, styleLines, styleOf } from "../../src/generate/styles.js";

const LINES = [
  { source: 1, text: "Water", kind: "section" as const, score: 0 },
  { source: 1, text: "Purify it as follows:", kind: "lead-in" as const, score: 3 },
  { source: 1, text: "- Bring water to a rolling boil.", kind: "item" as const, score: 3 },
  { source: 1, text: "2) Let it cool covered.", kind: "item" as const, score: 2 },
  { source: 2, text: "Store it in clean containers.", kind: "sentence" as const, score: 1 },
  { source: 2, text: "Label the date.", kind: "sentence" as const, score: 1 },
];

describe("prompt styles (pure)", () => {
  it("lays out extractive lines per style", () => {
    assert.deepEqual(
      styleLines(LINES, "step-by-step").lines.map((l) => l.text),
      [
        "Water",
        "Purify it as follows:",
        "1. Bring water to a rolling boil.",
        "2. Let it cool covered.",
        "3. Store it in clean containers.",
        "4. Label the date.",
      ],
    );
    assert.deepEqual(
      styleLines(LINES, "concise").lines.map((l) => l.text),
      ["Purify it as follows:", "- Bring water to a rolling boil.", "2) Let it cool covered."],
    );
    assert.match(styleLines(LINES, "socratic").closing ?? "", /\?$/);
    assert.equal(styleLines(LINES, "default").closing, null);
    assert.equal(styleOf("haiku"), "default");
    assert.equal(styleOf("socratic"), "socratic");
  });

  it("puts a style's instruction after the fixed instructions, so their cached prefix stays the same", () => {
    const count = (t: string) => Math.ceil(t.length / 4);
    const source = {
      index: 1,
      docId: "d",
      url: "/read/d",
      title: "Water",
      author: null,
      chapter: "Boiling",
      path: "w.md",
      collection: "c",
      start: 0,
      end: 5,
      page: null,
      time: null,
      snippet: "Boil.",
      score: 1,
      tags: [],
      text: "Boil it.",
      leadIn: null,
    };
    const messages = [{ role: "user" as const, content: "How?" }];
    const budget = { contextSize: 2048, answerTokens: 128, maxSourceTokens: 800 };
    const plain = buildRagMessages(messages, [source], budget, count).messages[0]?.content ?? "";
    const styled =
      buildRagMessages(messages, [source], budget, count, styleInstruction("step-by-step")).messages[0]?.content ?? "";
    assert.ok(plain.startsWith(`${RAG_INSTRUCTIONS}\n\nSources:`));
    assert.ok(styled.startsWith(`${RAG_INSTRUCTIONS}\n\nAnswer as numbered steps`));
  });
});
