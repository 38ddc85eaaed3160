// The web app in other languages, in Chromium on a phone: Arabic lays out right to left, the browser script's
// own lines come in the page's language, and axe-core finds no serious or critical violation in Arabic
// (right to left) or Japanese on any page.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BOOKS } from "../helpers.js";
import { type AxeViolation, NO_BROWSER, PHONE, SHOTS, seriousViolations, servedWithBrowser } from "./harness.js";

describe("the web app in Arabic, Japanese, Chinese and Spanish", { skip: NO_BROWSER }, () => {
  const t = servedWithBrowser({ "survival/Water.md": join(BOOKS, "Water.md") });

  /** A phone context whose browser asks for `locale` (Accept-Language), with an answered conversation. */
  async function phoneIn(locale: string) {
    const ctx = await t.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale });
    const page = await ctx.newPage();
    await page.goto(`${t.served.base}/chat`);
    await page.fill("#q", "How do I purify water?");
    await page.click("form.ask button[type=submit]");
    await page.locator(".msg.assistant .answer-text").first().waitFor();
    return { ctx, page };
  }

  it("lays Arabic out right to left: the brand at the right, the text in Arabic", async () => {
    const { ctx, page } = await phoneIn("ar");
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    assert.equal(await page.getAttribute("html", "lang"), "ar");
    const brand = await page.locator("header.top .brand").boundingBox();
    assert.ok(
      brand && brand.x + brand.width > PHONE.width / 2,
      `the brand sits at the right: ${JSON.stringify(brand)}`,
    );
    assert.match((await page.textContent("#ask button[type=submit]")) ?? "", /اسأل/);
    await page.screenshot({ path: join(SHOTS, "phone-chat-ar.png"), fullPage: false });
    await ctx.close();
  });

  for (const [locale, word] of [
    ["zh-CN", "提问"],
    ["es", "Preguntar"],
  ] as const)
    it(`shows the chat page in ${locale}`, async () => {
      const { ctx, page } = await phoneIn(locale);
      assert.equal(await page.getAttribute("html", "dir"), "ltr");
      assert.match((await page.textContent("#ask button[type=submit]")) ?? "", new RegExp(word));
      await page.screenshot({ path: join(SHOTS, `phone-chat-${locale}.png`), fullPage: false });
      await ctx.close();
    });

  it("says in the page's language when a request cannot reach Almanac or fails", async () => {
    const ctx = await t.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: "es" });
    const page = await ctx.newPage();
    await page.goto(`${t.served.base}/chat`);
    const problem = page.locator("#client-problem[role=alert]");
    await page.route("**/chat/ask", (r) => r.abort("internetdisconnected"));
    await page.fill("#q", "¿Cómo potabilizo el agua?");
    await page.click("form.ask button[type=submit]");
    await problem.waitFor();
    assert.match((await problem.textContent()) ?? "", /No se puede conectar con Almanac/);
    await page.unroute("**/chat/ask");
    await page.route("**/chat/ask", (r) => r.fulfill({ status: 500, body: "boom" }));
    await page.click("form.ask button[type=submit]");
    await page.locator("#client-problem", { hasText: "500" }).waitFor();
    assert.match((await problem.textContent()) ?? "", /No ha funcionado \(error 500\)/);
    await ctx.close();
  });

  it("has no serious or critical axe violations in Arabic or Japanese", async () => {
    const found: Array<AxeViolation & { page: string; locale: string }> = [];
    for (const locale of ["ar", "ja"]) {
      const { ctx, page } = await phoneIn(locale);
      const conversation = new URL(page.url()).pathname;
      for (const path of [
        "/survival",
        "/survival/water",
        "/chat",
        conversation,
        "/search?q=boil+water",
        "/library",
        "/status",
        "/settings",
        "/login",
        "/offline",
      ]) {
        await page.goto(`${t.served.base}${path}`);
        assert.equal(await page.getAttribute("html", "lang"), locale, path);
        for (const v of await seriousViolations(page)) found.push({ ...v, page: path, locale });
      }
      await ctx.close();
    }
    assert.deepEqual(found, [], JSON.stringify(found, null, 1));
  });
});
