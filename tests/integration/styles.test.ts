import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHttpApp } from "../../src/http/server.js";
import { shippedLibraryApp } from "../helpers.js";

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
    const http = createHttpApp(app.services);
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
