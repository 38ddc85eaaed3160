import assert from "node:assert/strict";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { render } from "ink-testing-library";
import { createElement } from "react";
import type { Almanac } from "../../src/app/almanac.js";
import { TuiApp } from "../../src/tui/app.js";
import { AlmanacClient } from "../../src/tui/client.js";
import { BOOKS, fixtureModels, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

/** Waits until the last frame passes `test`, or fails with that frame. */
async function frameWhere(lastFrame: () => string | undefined, test: (f: string) => boolean, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const frame = lastFrame() ?? "";
    if (test(frame)) return frame;
    if (Date.now() > until) assert.fail(`frame never matched:\n${frame}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("almanac tui on the fixture models", () => {
  const tmp = tempDir();
  let app: Almanac;
  let base: string;
  let close: () => Promise<void>;
  before(async () => {
    const models = join(tmp.dir, "models");
    mkdirSync(models);
    for (const f of ["tiny-chat.gguf", "tiny-embed.gguf"]) copyFileSync(join(fixtureModels(), f), join(models, f));
    const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
    app = await openTestApp(tmp.dir, lib, models, { maxAnswerTokens: 24 });
    await app.indexer.reconcile();
    ({ base, close } = await serveApp(app));
  });
  after(async () => {
    await close?.();
    tmp.cleanup();
  });

  it("renders the panes, streams an answer with its sources, searches, and shows library and models", async () => {
    const ui = render(createElement(TuiApp, { client: new AlmanacClient(base), refreshMs: 200 }));
    try {
      const first = await frameWhere(ui.lastFrame, (f) => f.includes("Ask:"));
      for (const pane of ["1 Chat", "2 Search", "3 Library", "4 Models", "5 History"])
        assert.ok(first.includes(pane), pane);

      for (const ch of "How do I purify water?") ui.stdin.write(ch);
      await frameWhere(ui.lastFrame, (f) => f.includes("Ask: How do I purify water?"));
      const generations = (app.runtime.chat as { generations: number }).generations;
      ui.stdin.write("\r");
      const answered = await frameWhere(ui.lastFrame, (f) => /^Sources$/m.test(f) && f.includes("Ask:"));
      assert.match(answered, /› How do I purify water\?/);
      assert.match(answered, /^Sources\n\[1\] Water › [A-Z ]+\n\[2\] Water › /m, "sources cite book › chapter");
      assert.ok((app.runtime.chat as { generations: number }).generations > generations, "the chat model wrote it");
      const answer =
        answered
          .split("› How do I purify water?")[1]
          ?.split(/^Sources$/m)[0]
          ?.trim() ?? "";
      assert.ok(answer.length > 0 && answer !== "…", `an answer was streamed: ${answer}`);

      ui.stdin.write("\t");
      await frameWhere(ui.lastFrame, (f) => f.includes("Search:"));
      // Keys and Enter as fast as a paste, with no render between them: the first Enter in the pane counts.
      for (const ch of "boil") ui.stdin.write(ch);
      ui.stdin.write("\r");
      const found = await frameWhere(ui.lastFrame, (f) => /1\. Water › /.test(f));
      assert.match(found, /\(\d+\.\d\d\)/, "with its score");

      ui.stdin.write("\t");
      const library = await frameWhere(ui.lastFrame, (f) => f.includes("Documents:"));
      assert.match(library, /Documents: 1 indexed/);
      assert.match(library, /Passages: \d+/);

      ui.stdin.write("\t");
      // The pane's first frame may come before the refresh that carries the answer's speed.
      const models = await frameWhere(ui.lastFrame, (f) => f.includes("tiny-chat (chat") && f.includes("first token"));
      assert.match(models, /● tiny-chat \(chat, F32\) · first token p50 [\d.]+ ms/, "its speed from the answer above");
      assert.match(models, /● tiny-embed \(embedding/);

      ui.stdin.write("\t");
      await frameWhere(ui.lastFrame, (f) => f.includes("No saved conversations yet."));
      ui.stdin.write("\u001B[Z"); // Shift-Tab goes back
      await frameWhere(ui.lastFrame, (f) => f.includes("tiny-chat (chat"));
    } finally {
      ui.unmount();
    }
  });

  it("says why when the server refuses a question", async () => {
    const ui = render(createElement(TuiApp, { client: new AlmanacClient(`${base}/nowhere`), refreshMs: 60_000 }));
    try {
      await frameWhere(ui.lastFrame, (f) => f.includes("Ask:"));
      for (const ch of "hi") ui.stdin.write(ch);
      await frameWhere(ui.lastFrame, (f) => f.includes("Ask: hi"));
      ui.stdin.write("\r");
      await frameWhere(ui.lastFrame, (f) => /ask: 40\d/.test(f));
    } finally {
      ui.unmount();
    }
  });
});
