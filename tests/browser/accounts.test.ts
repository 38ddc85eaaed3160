import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { BOOKS } from "../helpers.js";
import {
  NO_BROWSER,
  phoneContext,
  SHOTS,
  seriousViolations,
  servedWithBrowser,
  watchForeignRequests,
} from "./harness.js";

const PASSWORD = "correct horse battery";

async function signIn(page: Page, base: string, name: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill("#name", name);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL((url) => url.pathname !== "/login"), page.tap("main form button[type=submit]")]);
}

describe("accounts in headless Chromium on a phone", { skip: NO_BROWSER }, () => {
  const t = servedWithBrowser({ "survival/Water.md": join(BOOKS, "Water.md") }, { extra: { anonymousRole: "reader" } });

  it("sets up the admin on the first visit, adds a reader, and the reader sees no Ask or upload", async () => {
    const ctx = await phoneContext(t.browser);
    const page = await ctx.newPage();
    const foreign = watchForeignRequests(page, t.served.base);
    await page.goto(t.served.base);
    assert.equal(new URL(page.url()).pathname, "/setup");
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: join(SHOTS, "phone-setup.png") });
    await page.fill("#name", "mum");
    await page.fill("#password", PASSWORD);
    await page.tap("form button[type=submit]");
    await page.waitForURL(/\/welcome$/);
    await page.goto(`${t.served.base}/library`);
    assert.equal(await page.locator('form[action="/library/upload"]').count(), 1, "the admin may upload");

    await page.goto(`${t.served.base}/admin/users`);
    await page.fill("#new-name", "kid");
    await page.fill("#new-password", PASSWORD);
    await page.selectOption("#new-role", "reader");
    await Promise.all([page.waitForLoadState(), page.tap('form[action="/admin/users"] button')]);
    await page.locator("[role=alert]").first().waitFor();
    assert.match((await page.locator("[role=alert]").first().textContent()) ?? "", /Added kid \(reader\)/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: join(SHOTS, "phone-users.png"), fullPage: true });
    await page.tap("header details.menu summary");
    await page.tap('.menu-panel form[action="/logout"] button');
    await page.waitForURL(/\/login$/);

    await signIn(page, t.served.base, "kid");
    assert.equal(new URL(page.url()).pathname, "/survival", "a reader lands on survival topics");
    const nav = (await page.locator("nav.main").textContent()) ?? "";
    assert.doesNotMatch(nav, /Ask|Users/);
    assert.match(nav, /Survival/);
    await page.goto(`${t.served.base}/library`);
    assert.equal(await page.locator('form[action="/library/upload"]').count(), 0);
    const chat = await page.goto(`${t.served.base}/chat`);
    assert.equal(chat?.status(), 403);
    assert.deepEqual(foreign, []);
    await ctx.close();
  });

  it("makes an API key shown once on the account page, and lists it without the key afterwards", async () => {
    const ctx = await phoneContext(t.browser);
    const page = await ctx.newPage();
    await signIn(page, t.served.base, "mum");
    await page.goto(`${t.served.base}/account`);
    await page.fill("#key-name", "laptop");
    await page.tap('form[action="/account/keys"] button');
    await page.locator("#new-key").waitFor();
    const key = (await page.locator("#new-key").textContent()) ?? "";
    assert.match(key, /^alm_[\w-]{43}$/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: join(SHOTS, "phone-account.png"), fullPage: true });
    const res = await page.request.get(`${t.served.base}/api/conversations`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(res.status(), 200);
    await page.goto(`${t.served.base}/account`);
    assert.equal(await page.locator("#new-key").count(), 0);
    assert.match((await page.locator("table").textContent()) ?? "", /laptop/);
    await ctx.close();
  });
});
