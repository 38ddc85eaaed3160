import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  cleanTitle,
  promptHistory,
  SUMMARY_EVERY,
  SUMMARY_KEEP_RECENT,
  summaryDue,
  type Turn,
} from "../../src/generate/memory.js";
import { branchPositions, newestLeafUnder, threadOf } from "../../src/state/conversation-tree.js";

const turns = (n: number): Turn[] =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, role: i % 2 ? "assistant" : "user", content: `turn ${i + 1}` }));

describe("conversation trees and memory (pure)", () => {
  // 1 → 2 → 3 → 4, with 5 a second answer to 3, and 6 → 7 an edit of 1 with its answer.
  const rows = [
    { id: 1, parentId: null },
    { id: 2, parentId: 1 },
    { id: 3, parentId: 2 },
    { id: 4, parentId: 3 },
    { id: 5, parentId: 3 },
    { id: 6, parentId: null },
    { id: 7, parentId: 6 },
  ];

  it("walks a thread from its leaf, places siblings, and finds the newest leaf under a message", () => {
    assert.deepEqual(
      threadOf(rows, 4).map((r) => r.id),
      [1, 2, 3, 4],
    );
    assert.deepEqual(
      threadOf(rows, 7).map((r) => r.id),
      [6, 7],
    );
    assert.deepEqual(
      threadOf(rows, 99).map((r) => r.id),
      [6, 7],
      "an unknown leaf falls back to the newest message",
    );
    const pos = branchPositions(rows);
    assert.deepEqual(pos.get(5), { index: 2, count: 2, previous: 4, next: null });
    assert.deepEqual(pos.get(1), { index: 1, count: 2, previous: null, next: 6 });
    assert.equal(pos.get(2)?.count, 1);
    assert.equal(newestLeafUnder(rows, 1), 5);
    assert.equal(newestLeafUnder(rows, 6), 7);
    assert.equal(newestLeafUnder(rows, 4), 4);
  });

  it("sends the summary and the turns after it, and says when a new summary is due", () => {
    const t = turns(20);
    assert.deepEqual(
      promptHistory(t, null, 4).map((m) => m.content),
      ["turn 17", "turn 18", "turn 19", "turn 20"],
    );
    const withSummary = promptHistory(t, { text: "They asked about water.", upto: 16 });
    assert.equal(withSummary[0]?.role, "system");
    assert.match(withSummary[0]?.content ?? "", /They asked about water/);
    assert.deepEqual(
      withSummary.slice(1).map((m) => m.content),
      ["turn 17", "turn 18", "turn 19", "turn 20"],
    );
    // A summary of another branch (its last message is not in this thread) is not used.
    assert.equal(promptHistory(t, { text: "x", upto: 99 }).length, 20);

    assert.equal(summaryDue(turns(SUMMARY_EVERY + SUMMARY_KEEP_RECENT - 1), null), null);
    const due = summaryDue(turns(SUMMARY_EVERY + SUMMARY_KEEP_RECENT), null);
    assert.equal(due?.turns.length, SUMMARY_EVERY);
    assert.equal(due?.upto, SUMMARY_EVERY);
    assert.equal(summaryDue(t, { text: "x", upto: 12 }), null, "8 unsummarized but 4 of them recent");
    assert.equal(summaryDue(turns(24), { text: "x", upto: 12 })?.upto, 20);
  });

  it("cleans a generated title to one short line", () => {
    assert.equal(cleanTitle('Title: "Purifying water in the field."\nmore'), "Purifying water in the field");
    assert.equal(cleanTitle("  \n"), null);
    assert.equal(cleanTitle("x".repeat(80))?.length, 60);
  });
});
