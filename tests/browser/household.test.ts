import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import jsQRModule from "jsqr";
import type { Browser, Page } from "playwright-core";
import { lanUrls } from "../../src/http/lan-urls.js";
import { BOOKS } from "../helpers.js";
import { NO_BROWSER, phoneContext, SHOTS, seriousViolations, servedWithBrowser } from "./harness.js";

// jsqr's CommonJS default export, as Node's ESM loader hands it over.
const jsQR = jsQRModule.default;
const PASSWORD = "correct horse battery";

/** Draws an SVG on a canvas in a blank page (no CSP there) and reads its QR code with jsQR. */
async function decodeSvgQr(browser: Browser, svg: string): Promise<string | null> {
  const page = await browser.newPage();
  try {
    // A string, not a function: the tests are compiled without the DOM's types.
    const { width, height, data } = (await page.evaluate(`(async () => {
      const img = new Image();
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(${JSON.stringify(svg)});
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = 400;
      canvas.height = 400;
      const g = canvas.getContext("2d");
      g.fillStyle = "#fff";
      g.fillRect(0, 0, 400, 400);
      g.drawImage(img, 0, 0, 400, 400);
      return { width: 400, height: 400, data: Array.from(g.getImageData(0, 0, 400, 400).data) };
    })()`)) as { width: number; height: number; data: number[] };
    return jsQR(Uint8ClampedArray.from(data), width, height)?.data ?? null;
  } finally {
    await page.close();
  }
}

/** Stands in for the browser's voices: records what `speechSynthesis.speak` was given. */
const FAKE_SPEECH = `
  window.__spoken = [];
  class FakeUtterance { constructor(text) { this.text = text; this.lang = ""; } }
  window.SpeechSynthesisUtterance = FakeUtterance;
  Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
    paused: false,
    getVoices: () => [{ lang: "en-US", name: "Test voice" }],
    speak(u) { window.__spoken.push({ text: u.text, lang: u.lang }); },
    cancel() {}, pause() { this.paused = true; }, resume() { this.paused = false; },
    addEventListener() {},
  } });
`;

/** Taps a form's button and waits for the page it posts to. */
async function tapAndLoad(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.tap(selector)]);
}

describe("the household's first hour in headless Chromium on a phone", { skip: NO_BROWSER }, () => {
  const t = servedWithBrowser(
    { "survival/Water.md": join(BOOKS, "Water.md") },
    { extra: { host: "0.0.0.0", anonymousRole: "none" } },
  );

  it("setup asks who may ask and ends on a welcome page whose QR code decodes to the LAN address", async () => {
    const ctx = await phoneContext(t.browser);
    const page = await ctx.newPage();
    await page.goto(t.served.base);
    assert.equal(new URL(page.url()).pathname, "/setup");
    assert.equal(
      await page.locator("input[name=anonymousRole][value=reader]").isChecked(),
      true,
      "accounts by default",
    );
    await page.fill("#password", PASSWORD);
    await page.check("input[name=anonymousRole][value=reader]");
    await Promise.all([page.waitForURL(/\/welcome$/), page.tap("main form button[type=submit]")]);
    assert.match((await page.locator("h1").textContent()) ?? "", /Almanac is ready/);
    const header = await page.locator("header.top").boundingBox();
    assert.ok(header && header.height <= 64, `the header is ${header?.height} px high`);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: join(SHOTS, "phone-welcome.png"), fullPage: true });

    const urls = lanUrls("0.0.0.0", Number(new URL(t.served.base).port));
    if (urls.length > 0) {
      const svg = await page.locator(".address .qr").innerHTML();
      assert.equal(await decodeSvgQr(t.browser, svg), urls[0], "the code a phone scans opens the LAN address");
      assert.equal(await page.locator(`.lan-url a[href="${urls[0]}"]`).count(), 1);
    }

    await page.fill("#person", "kid");
    await page.fill("#person-password", PASSWORD);
    await tapAndLoad(page, 'form[action="/welcome/people"] button');
    assert.match((await page.locator("[role=status]").textContent()) ?? "", /kid can now sign in/);
    assert.match((await page.locator("main").textContent()) ?? "", /Accounts: admin, kid/);
    await ctx.close();
  });

  it("a question typed before signing in survives the sign-in: four taps from the topic page to the answer", async () => {
    const ctx = await phoneContext(t.browser);
    const page = await ctx.newPage();
    // Anonymous visitors may read (the first test chose "people with an account"), not ask.
    await page.goto(`${t.served.base}/survival/water`);
    await page.fill("form.ask input[name=q]", "How long should water boil?");
    await Promise.all([page.waitForURL(/\/login/), page.tap("form.ask button[type=submit]")]); // 1
    assert.equal(new URL(page.url()).pathname, "/login", page.url());
    assert.equal(
      await page.evaluate("document.activeElement && document.activeElement.id"),
      "name",
      "focus is on the name",
    );
    await page.keyboard.type("kid");
    await page.tap("#password"); // 2
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(/\/chat\?/), page.tap("main form button[type=submit]")]); // 3
    assert.equal(await page.inputValue("#q"), "How long should water boil?", "the question is still in the box");
    await page.tap('#ask button[type="submit"]'); // 4
    await page.locator("#thread .answer-text").waitFor({ timeout: 60_000 });
    assert.match((await page.locator("#thread").textContent()) ?? "", /boil/i);
    await ctx.close();
  });

  it("Read aloud speaks a topic's passage and an answer without their [n] markers, in the page's language", async () => {
    const ctx = await phoneContext(t.browser);
    await ctx.addInitScript(FAKE_SPEECH);
    const page = await ctx.newPage();
    await page.goto(`${t.served.base}/login`);
    await page.fill("#name", "kid");
    await page.fill("#password", PASSWORD);
    await tapAndLoad(page, "main form button[type=submit]");
    await page.goto(`${t.served.base}/chat`);
    await page.fill("#q", "How do I purify water?");
    await page.tap('#ask button[type="submit"]');
    await page.locator("#thread .answer-text").waitFor({ timeout: 60_000 });
    const answer = (await page.locator("#thread .answer-text").last().textContent()) ?? "";
    assert.match(answer, /\[\d+\]/, "the answer cites its sources");
    await page.locator("#thread .speak [data-speak=play]").last().tap();
    const spoken = (await page.evaluate("window.__spoken")) as Array<{ text: string; lang: string }>;
    assert.ok(spoken.length > 0, "speechSynthesis.speak was called");
    const said = spoken.map((s) => s.text).join(" ");
    assert.doesNotMatch(said, /\[\d+\]/);
    assert.ok(
      said.includes(
        answer
          .replace(/\[\d+\]/g, "")
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, 30),
      ),
      said,
    );
    assert.equal(spoken[0]?.lang, "en");
    assert.equal(await page.locator("#thread .speak [data-speak=stop]").last().isVisible(), true);

    await page.goto(`${t.served.base}/survival/water`);
    await page.locator(".sources .speak [data-speak=play]").first().tap();
    const topic = (await page.evaluate("window.__spoken")) as Array<{ text: string }>;
    assert.match(topic.map((s) => s.text).join(" "), /water/i);
    await ctx.close();
  });

  it("Read aloud is hidden where the browser has no voice", async () => {
    const ctx = await phoneContext(t.browser);
    await ctx.addInitScript(
      "Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: undefined });",
    );
    const page = await ctx.newPage();
    await page.goto(`${t.served.base}/login`);
    await page.fill("#name", "kid");
    await page.fill("#password", PASSWORD);
    await tapAndLoad(page, "main form button[type=submit]");
    await page.goto(`${t.served.base}/survival/water`);
    assert.ok((await page.locator(".speak").count()) > 0);
    assert.equal(await page.locator(".speak").first().isVisible(), false);
    // Large type keeps the one-row header.
    await tapAndLoad(page, "button:has-text('Large type: off')");
    const header = await page.locator("header.top").boundingBox();
    assert.ok(header && header.height <= 96, `the large-type header is ${header?.height} px high`);
    await ctx.close();
  });
});
