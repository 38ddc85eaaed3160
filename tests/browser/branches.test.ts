import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BOOKS } from "../helpers.js";
import { NO_BROWSER, phoneContext, SHOTS, seriousViolations, servedWithBrowser, waitForExpression } from "./harness.js";

describe("conversation branches in headless Chromium on a phone", { skip: NO_BROWSER }, () => {
  const t = servedWithBrowser({
    "survival/Water.md": join(BOOKS, "Water.md"),
    "survival/Fire.md": join(BOOKS, "Fire.md"),
  });

  it("answers again and edits a question in place, streams the new answer, and switches between branches", async () => {
    const ctx = await phoneContext(t.browser);
    const page = await ctx.newPage();
    await page.goto(`${t.served.base}/chat`);
    await page.fill("#q", "How do I purify water?");
    await page.tap('#ask button[type="submit"]');
    await page.locator("#thread .msg.assistant .answer-text").waitFor({ timeout: 15_000 });

    // Answer again: htmx replaces the thread and streams a sibling answer.
    await page.tap('#thread .msg.assistant form[action$="/retry"] button');
    await waitForExpression(page, "document.querySelector('#thread .msg.assistant .branch') !== null");
    assert.match((await page.locator("#thread .msg.assistant .branch").textContent()) ?? "", /2\/2/);
    assert.equal(await page.locator("#thread .msg.assistant").count(), 1, "one answer on show");

    // Edit the question: a second version of it with its own answer.
    await page.tap("#thread .msg.user details.edit summary");
    await page.fill("#thread .msg.user details.edit input[name=q]", "How do I start a fire?");
    await page.tap("#thread .msg.user details.edit button[type=submit]");
    await waitForExpression(page, "document.querySelector('#thread .msg.user .branch') !== null");
    await page.locator("#thread .msg.assistant .answer-text").waitFor();
    assert.match((await page.locator("#thread .msg.user p").first().textContent()) ?? "", /start a fire/);
    assert.match((await page.locator("#thread .msg.user .branch").textContent()) ?? "", /2\/2/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: join(SHOTS, "phone-branches.png"), fullPage: true });

    // Back to the first version of the question, and its newest answer.
    await Promise.all([
      page.waitForEvent("load"),
      page.tap('#thread .msg.user .branch button[aria-label="Previous version of this question"]'),
    ]);
    assert.match((await page.locator("#thread .msg.user p").first().textContent()) ?? "", /purify water/);
    assert.match((await page.locator("#thread .msg.user .branch").textContent()) ?? "", /1\/2/);
    assert.match((await page.locator("#thread .msg.assistant .branch").textContent()) ?? "", /2\/2/);
    await ctx.close();
  });
});
