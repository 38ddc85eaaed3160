import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Browser, chromium } from "playwright-core";
import type { Almanac } from "../src/app.js";
import { startServer } from "../src/http/server.js";
import { BOOKS, makeLibrary, openTestApp, tempDir } from "./helpers.js";

/** Debian's Chromium; CI installs it with apt (`.ci/run`). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

describe("web UI in headless Chromium", {
  skip: !existsSync(CHROMIUM) && !process.env.CI ? `no browser at ${CHROMIUM}` : false,
}, () => {
  const tmp = tempDir();
  let app: Almanac;
  let browser: Browser;
  let base: string;
  let closeServer: () => Promise<void>;

  before(async () => {
    const lib = makeLibrary(tmp.dir, {
      "survival/Water.md": join(BOOKS, "Water.md"),
      "survival/Fire.md": join(BOOKS, "Fire.md"),
      "<script>alert(1)</script>.md": join(BOOKS, "nwr.md"),
    });
    app = await openTestApp(tmp.dir, lib, null);
    await app.indexer.reconcile();
    const server = await startServer(app, "127.0.0.1", 0);
    base = `http://127.0.0.1:${server.port}`;
    closeServer = server.close;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await closeServer?.();
    await app?.close();
    tmp.cleanup();
  });

  it("asks a question and shows an answer whose citations jump to the cited passage", async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(base)) foreign.push(r.url());
    });
    await page.goto(base);
    assert.match((await page.locator("header small").textContent()) ?? "", /3 books/);
    await page.fill('input[name="q"]', "How do I purify water?");
    await page.click('form.ask button[type="submit"]');
    const cite = page.locator("#answer a.cite").first();
    await cite.waitFor({ timeout: 10_000 });
    assert.match((await page.locator("#answer .text").textContent()) ?? "", /purif/i);
    await cite.click();
    assert.equal(new URL(page.url()).hash, "#source-1");
    const target = page.locator("#source-1 .where");
    assert.match((await target.textContent()) ?? "", /Water › .*WATER PURIFICATION/);
    assert.deepEqual(foreign, [], "the page loads nothing from other hosts");
    await page.close();
  });

  it("filters by a survival category button and escapes book-supplied text", async () => {
    const page = await browser.newPage();
    let alerted = false;
    page.on("dialog", async (d) => {
      alerted = true;
      await d.dismiss();
    });
    await page.goto(base);
    await page.click('fieldset.categories button:has-text("fire")');
    await page.locator("#answer .sources li").first().waitFor({ timeout: 10_000 });
    const where = await page.locator("#answer .sources .where").allTextContents();
    assert.ok(where.length > 0 && where.every((w) => /Fire/.test(w)), where.join(" | "));
    await page.fill('input[name="q"]', "weather radio frequency");
    await page.click('form.ask button[type="submit"]');
    // Wait for the new answer (the category answer is still on screen until htmx swaps it).
    const scriptPath = page.locator("#answer .path", { hasText: "<script>alert(1)</script>.md" }).first();
    await scriptPath.waitFor({ timeout: 10_000 });
    assert.match(
      (await scriptPath.textContent()) ?? "",
      /<script>alert\(1\)<\/script>\.md/,
      "the file name is shown as text",
    );
    assert.equal(await page.locator("#answer script").count(), 0, "no script element was injected");
    assert.equal(alerted, false);
    await page.close();
  });
});
