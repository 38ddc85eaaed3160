import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { bearerToken, keyMatches } from "../../src/http/guard.js";
import { LoginThrottle } from "../../src/http/login-throttle.js";
import { NotTextError } from "../../src/ingest/limits.js";
import { FAST_TABLE_ROWS, markdownDepth, segmentMarkdown } from "../../src/ingest/markdown-segments.js";
import { assertText } from "../../src/ingest/sniff.js";
import { planDeletions, stillGone } from "../../src/library/deletion-guard.js";
import { confirmsGone, type LibraryListing } from "../../src/library/scan.js";
import { BOOKS } from "../helpers.js";

const listing = (files: string[], listed: string[], unreadable: string[] = []): LibraryListing => ({
  files: new Set(files),
  listed: new Set(listed),
  unreadable: new Map(unreadable.map((d) => [d, "permission denied"])),
});

describe("deletions need positive evidence", () => {
  const indexed = ["survival/Water.md", "survival/Fire.md", "radio/nwr.md", "radio/sw.md", "notes.md"];

  it("deletes a file its listed folder no longer holds", () => {
    const l = listing(["survival/Fire.md", "radio/nwr.md", "radio/sw.md", "notes.md"], ["", "survival", "radio"]);
    assert.deepEqual(planDeletions(indexed, l).gone, ["survival/Water.md"]);
  });

  it("an unreadable folder proves nothing", () => {
    const l = listing(["radio/nwr.md", "radio/sw.md", "notes.md"], ["", "radio"], ["survival"]);
    assert.equal(confirmsGone(l, "survival/Water.md"), false);
    assert.deepEqual(planDeletions(indexed, l).gone, []);
  });

  it("an empty root deletes nothing and says so", () => {
    const plan = planDeletions(indexed, listing([], [""]));
    assert.equal(plan.emptyRoot, true);
    assert.deepEqual(plan.gone, []);
  });

  it("keeps a vanished collection unless pruning, and asks for a second look at mass deletions", () => {
    const l = listing(["notes.md"], ["", "survival"]);
    const kept = planDeletions(indexed, l);
    assert.deepEqual(kept.missingCollections.sort(), ["radio", "survival"]);
    assert.deepEqual(kept.gone, []);
    const pruned = planDeletions(indexed, l, true);
    assert.equal(pruned.gone.length, 4);
    assert.equal(pruned.needsSecondLook, true);
    // The second listing finds radio back: only survival's books go.
    const again = listing(["notes.md", "radio/nwr.md", "radio/sw.md"], ["", "survival", "radio"]);
    assert.deepEqual(stillGone(pruned.gone, again).sort(), ["survival/Fire.md", "survival/Water.md"]);
  });
});

describe("text sniffing", () => {
  it("accepts real text in Windows-1252 and in Cyrillic UTF-8", () => {
    assertText(readFileSync(join(BOOKS, "walton-complete-angler-latin1-crlf.txt")));
    assertText(Buffer.from("Вода: кипятите не менее одной минуты. ".repeat(200)));
    // Over the 64 KB sample, cut inside a three-byte character at every offset the sample can end on.
    for (const pad of [0, 1, 2]) assertText(Buffer.from(`${"x".repeat(pad)}${"การต้มน้ำฆ่าเชื้อโรค ".repeat(4000)}`));
  });

  it("refuses NUL bytes, binary control bytes and mostly invalid UTF-8", () => {
    assert.throws(() => assertText(Buffer.from("text\0more")), NotTextError);
    assert.throws(() => assertText(Buffer.from(Array.from({ length: 4000 }, (_, i) => ((i * 7) % 31) + 1))), /control/);
    assert.throws(
      () => assertText(Buffer.from(Array.from({ length: 4000 }, (_, i) => 0x80 + (i % 0x20)))),
      /mostly invalid UTF-8/,
    );
  });
});

describe("Markdown guards", () => {
  it("measures nesting from markers and indentation, outside fenced code", () => {
    assert.ok(markdownDepth(readFileSync(join(BOOKS, "Water.md"), "utf8")) < 8);
    assert.equal(markdownDepth(`${"> ".repeat(100)}x`), 100);
    assert.equal(markdownDepth(`${"- ".repeat(70)}x`), 70);
    assert.equal(markdownDepth(`\`\`\`\n${" ".repeat(400)}code\n\`\`\`\n`), 0);
  });

  it("leaves an ordinary book whole and reads a very long pipe table apart", () => {
    const book = readFileSync(join(BOOKS, "Fire.md"), "utf8");
    assert.deepEqual(segmentMarkdown(book), [{ kind: "markdown", text: book }]);
    const rows = Array.from({ length: FAST_TABLE_ROWS + 5 }, (_, i) => `| a${i} | b\\|${i} |`);
    const segments = segmentMarkdown(`# T\n\n| x | y |\n|---|---|\n${rows.join("\n")}\n\nAfter.`);
    assert.deepEqual(
      segments.map((s) => s.kind),
      ["markdown", "table", "markdown"],
    );
    const table = segments[1];
    assert.ok(table?.kind === "table");
    assert.deepEqual(table.rows[0], ["x", "y"]);
    assert.deepEqual(table.rows[1], ["a0", "b|0"]);
    assert.equal(table.rows.length, FAST_TABLE_ROWS + 6);
  });
});

describe("sign-in primitives", () => {
  it("reads the bearer token whatever the scheme's case", () => {
    assert.equal(bearerToken("Bearer k1"), "k1");
    assert.equal(bearerToken("bearer k1"), "k1");
    assert.equal(bearerToken("BEARER   k1 "), "k1");
    assert.equal(bearerToken("Basic k1"), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });

  it("compares keys of any length", () => {
    assert.equal(keyMatches("s3cret", "s3cret"), true);
    assert.equal(keyMatches("s3cre", "s3cret"), false);
    assert.equal(keyMatches("", "s3cret"), false);
  });

  it("backs off after five failures, doubling, and forgets on success", () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 5; i++) t.fail("a", 0);
    assert.equal(t.retryAfter("a", 0), 0);
    t.fail("a", 0);
    assert.equal(t.retryAfter("a", 0), 1);
    t.fail("a", 0);
    assert.equal(t.retryAfter("a", 0), 2);
    t.fail("a", 0);
    assert.equal(t.retryAfter("a", 0), 4);
    assert.equal(t.retryAfter("b", 0), 0);
    t.succeed("a");
    assert.equal(t.retryAfter("a", 0), 0);
  });
});
