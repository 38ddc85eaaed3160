import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildRagMessages, RAG_INSTRUCTIONS } from "../src/generate/prompt.js";
import { styleInstruction, styleLines, styleOf } from "../src/generate/styles.js";
import { createHttpApp } from "../src/http/server.js";
import { shippedLibraryApp } from "./helpers.js";

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

describe("prompt styles in answers (no model)", () => {
  const shipped = shippedLibraryApp();

  it("step by step numbers the quoted lines; concise keeps three; the API takes the style too", async () => {
    const app = shipped();
    const q = [{ role: "user" as const, content: "How do I purify water?" }];
    const steps = await app.answerer.answer({ messages: q, style: "step-by-step" });
    // The list's lead-in ("… the following methods:") is not a step.
    const cited = steps.text.split("\n").filter((l) => /\[\d+\]$/.test(l) && !/:\s*\[\d+\]$/.test(l));
    assert.ok(cited.length >= 2);
    assert.match(steps.text, /\n[^\d\n][^\n]*:\s*\[\d+\]\n1\. /, "the lead-in stays unnumbered above step 1");
    for (const [i, l] of cited.entries()) assert.ok(l.startsWith(`${i + 1}. `), l);
    const concise = await app.answerer.answer({ messages: q, style: "concise" });
    assert.ok(concise.text.split("\n").filter((l) => /\[\d+\]$/.test(l)).length <= 3);
    const http = createHttpApp(app);
    const res = await http.request("/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "almanac", messages: q, style: "step-by-step" }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
    assert.match(body.choices[0]?.message.content ?? "", /\n1\. .*\[\d+\]/);
    const bad = await http.request("/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "almanac", messages: q, style: "limerick" }),
    });
    assert.equal(bad.status, 400);
  });
});
