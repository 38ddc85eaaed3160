import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { BOOKS, fixtureModels } from "../helpers.js";
import { launchBrowser, NO_BROWSER, phoneContext, type Served, serveLibrary, waitForExpression } from "./harness.js";

describe("streaming answers with the fixture chat model", { skip: NO_BROWSER }, () => {
  let s: Served;
  let browser: Browser;
  before(async () => {
    s = await serveLibrary(
      { "survival/Water.md": join(BOOKS, "Water.md"), "survival/Fire.md": join(BOOKS, "Fire.md") },
      fixtureModels(),
    );
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  it("shows text as it streams, before the answer is finished, then the saved answer with its figures", async () => {
    s.app.config.maxAnswerTokens = 48;
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(s.base);
    assert.equal(new URL(page.url()).pathname, "/chat", "with a chat model the landing page is Ask");
    // Note, in the page, when streamed text first shows and when the finished answer replaces it.
    await page.evaluate(`window.timeline = [];
      new MutationObserver(() => {
        const stream = document.querySelector("#thread .stream");
        if (stream && stream.textContent.length > 0 && !timeline.some((t) => t.what === "partial"))
          timeline.push({ what: "partial", at: performance.now(), text: stream.textContent });
        if (document.querySelector("#thread .answer-text") && !timeline.some((t) => t.what === "done"))
          timeline.push({ what: "done", at: performance.now() });
      }).observe(document.body, { subtree: true, childList: true, characterData: true })`);
    await page.fill("#q", "How do I purify water?");
    await page.tap('#ask button[type="submit"]');
    await page.locator("#thread .answer-text").waitFor({ timeout: 60_000 });
    const timeline = await page.evaluate<Array<{ what: string; at: number; text?: string }>>("window.timeline");
    const partial = timeline.find((t) => t.what === "partial");
    const done = timeline.find((t) => t.what === "done");
    assert.ok(partial && done, JSON.stringify(timeline));
    assert.ok(partial.at < done.at, "partial text appeared before the answer was complete");
    const meta = (await page.locator("#thread .msg.assistant > p.meta").last().textContent()) ?? "";
    assert.match(meta, /Generated from \d+ passages? in \d+ ms · first text \d+ ms · [\d.]+ tokens\/s/);
    const id = /\/chat\/([\w-]{22})/.exec(page.url())?.[1] as string;
    const saved = s.app.conversations.messages(id).at(-1);
    assert.equal(saved?.mode, "rag");
    assert.ok(saved?.ttftMs !== null && saved?.tokensPerS !== null && (saved?.latencyMs ?? 0) >= (saved?.ttftMs ?? 0));
    await ctx.close();
  });

  it("Stop ends the generation on the server and saves the partial answer as stopped", async () => {
    s.app.config.maxAnswerTokens = 4000;
    const chat = s.app.runtime.chat;
    assert.ok(chat);
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${s.base}/chat`);
    await page.fill("#q", "Tell me everything about fire.");
    await page.tap('#ask button[type="submit"]');
    await waitForExpression(page, `(document.querySelector("#thread .stream")?.textContent ?? "").length > 20`, 60_000);
    await page.tap("#thread button:has-text('Stop')");
    await page.locator("#thread .answer-text").waitFor({ timeout: 20_000 });
    // The title is generated right after the stopped answer, so the aborted generation need not be the last.
    const aborted = chat.endings.find((e) => e.aborted);
    assert.ok(aborted, "the server-side generation was aborted");
    assert.ok(aborted.completionTokens < 4000);
    assert.match((await page.locator("#thread .msg.assistant > p.meta").last().textContent()) ?? "", /stopped/);
    const id = /\/chat\/([\w-]{22})/.exec(page.url())?.[1] as string;
    const saved = s.app.conversations.messages(id).at(-1);
    assert.equal(saved?.stopped, 1);
    assert.ok((saved?.content.length ?? 0) > 0);
    await ctx.close();
  });
});
