import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderAnswerHtml, separateLines } from "../../views/markdown.js";

describe("answer Markdown", () => {
  const links = new Map([
    [1, "/read/0123456789abcdef?start=0&end=10#passage"],
    [2, "/read/fedcba9876543210?start=5&end=9#passage"],
  ]);

  it("links each known [n] to its source in the reader and leaves unknown numbers as text", () => {
    const html = renderAnswerHtml("Boil it [1]. Filter it [2]. See [7].", links);
    assert.match(html, /<a href="\/read\/0123456789abcdef\?start=0&#x26;end=10#passage" class="cite"[^>]*>\[1\]<\/a>/);
    assert.match(html, /<a href="\/read\/fedcba9876543210[^"]*" class="cite"[^>]*>\[2\]<\/a>/);
    assert.match(html, /See \[7\]\./);
  });

  it("drops scripts, event handlers, images, javascript: and remote links", () => {
    const html = renderAnswerHtml(
      [
        "Steps:",
        "<script>alert(1)</script>",
        'Text <img src=x onerror=alert(2)> and <b onclick="x()">b</b> inline.',
        "A [click](javascript:alert(3)), a [far](http://evil.example/x), a [host](//evil.example/y), ![i](http://evil.example/i.png).",
        "And [the reader](/read/0123456789abcdef) stays. [1]",
      ].join("\n"),
      links,
    );
    assert.match(html, /href="\/read\/0123456789abcdef"/);
    assert.match(html, /click/);
    assert.doesNotMatch(html, /<script|onerror|onclick|<img|javascript:|evil\.example/i);
  });

  it("keeps one statement per line and lists together, and leaves code fences alone", () => {
    assert.equal(
      separateLines("**A › B**\nDo this. [1]\n1. one\n2. two\nAfter."),
      "**A › B**\n\nDo this. [1]\n\n1. one\n2. two\n\nAfter.",
    );
    assert.equal(separateLines("```\nx\ny\n```"), "```\nx\ny\n```");
    const html = renderAnswerHtml("**Frostbite › Treatment**\nDo not rub the area. [1]", links);
    assert.match(html, /<p><strong>Frostbite › Treatment<\/strong><\/p>\s*<p>Do not rub the area\./);
  });
});
