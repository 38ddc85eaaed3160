import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { categoryPassages } from "../../src/generate/survival.js";
import { getDocumentText } from "../../src/state/document-texts.js";
import { scriptedEpub } from "../faults/hostile-corpus.js";
import { BOOKS, tempDir } from "../helpers.js";

/** The DOM element members these tests read inside the page. */
interface DomBox {
  getBoundingClientRect(): { height: number };
  getAttribute(name: string): string | null;
}

import {
  launchBrowser,
  NO_BROWSER,
  PHONE,
  phoneContext,
  type Served,
  SHOTS,
  serveLibrary,
  watchForeignRequests,
} from "./harness.js";

/** Whether the element's box is inside the viewport (the reader scrolled the passage into view). */
async function inView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(
    `(() => { const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0; })()`,
  );
}

describe("web app in headless Chromium (no models)", { skip: NO_BROWSER }, () => {
  let s: Served;
  let browser: Browser;
  const hostile = tempDir("almanac-hostile-");
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const epubPath = join(hostile.dir, "hostile.epub");
    writeFileSync(epubPath, scriptedEpub());
    s = await serveLibrary({
      "survival/Water.md": join(BOOKS, "Water.md"),
      "survival/Fire.md": join(BOOKS, "Fire.md"),
      "<script>alert(1)</script>.md": join(BOOKS, "nwr.md"),
      "hostile/hostile.epub": epubPath,
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
    hostile.cleanup();
  });

  it("reaches a highlighted cited passage from the home page in 3 taps on a phone", async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const foreign = watchForeignRequests(page, s.base);
    await page.goto(s.base);
    assert.equal(new URL(page.url()).pathname, "/survival", "with no chat model the landing page is survival");
    await page.tap('.tiles a:has-text("water")'); // 1
    await page.waitForURL(/\/survival\/water$/);
    await page.tap(".sources li .where a"); // 2
    await page.waitForURL(/\/read\//);
    const mark = page.locator("mark#passage");
    assert.ok((await mark.count()) === 1, "the cited passage is highlighted");
    assert.ok(await inView(page, "mark#passage"), "and scrolled into view");
    await page.screenshot({ path: join(SHOTS, "phone-reader-from-survival.png") });
    assert.deepEqual(foreign, []);
    await ctx.close();
  });

  it("asks on a phone: the answer appears, [1] opens the reader at the passage, and the conversation is saved", async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const foreign = watchForeignRequests(page, s.base);
    await page.goto(`${s.base}/chat`);
    await page.fill("#q", "How do I purify water?");
    await page.tap('#ask button[type="submit"]');
    const answer = page.locator("#thread .msg.assistant .answer-text");
    await answer.waitFor({ timeout: 15_000 });
    assert.match((await answer.textContent()) ?? "", /purif/i);
    assert.match(new URL(page.url()).pathname, /^\/chat\/[\w-]{22}$/, "the URL names the saved conversation");
    await page.screenshot({ path: join(SHOTS, "phone-answer.png"), fullPage: true });
    const cite = page.locator("#thread a.cite").first();
    const href = (await cite.getAttribute("href")) ?? "";
    assert.match(href, /^\/read\/[0-9a-f]{16}\?start=\d+&end=\d+#passage$/);
    const chatUrl = page.url();
    await cite.tap();
    await page.waitForURL(/\/read\//);
    assert.ok(await inView(page, "mark#passage"));
    const [start, end] = [...href.matchAll(/=(\d+)/g)].map((m) => Number(m[1]));
    const docId = /\/read\/([0-9a-f]{16})/.exec(href)?.[1] as string;
    const stored = getDocumentText(s.app.db, docId);
    assert.ok(stored && end! > start!);
    const marked = (await page.locator("mark").allTextContents()).join("\n\n");
    assert.equal(marked, stored.text.slice(start, end), "exactly the cited text is highlighted");
    // Reload the conversation: it is saved, with its sources.
    await page.goto(chatUrl);
    assert.equal(await page.locator("#thread .msg.user").count(), 1);
    assert.equal((await page.locator("#thread .msg.assistant .sources li").count()) > 0, true);
    assert.deepEqual(foreign, []);
    await ctx.close();
  });

  it("keeps conversations across reloads, follows up in context, renames, exports and deletes", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${s.base}/chat`);
    await page.fill("#q", "How do I purify water?");
    await page.click('#ask button[type="submit"]');
    await page.locator("#thread .msg.assistant .answer-text").first().waitFor({ timeout: 15_000 });
    await page.fill("#q", "how long should I boil it?");
    await page.click('#ask button[type="submit"]');
    await page.locator("#thread .msg.assistant .answer-text").nth(1).waitFor({ timeout: 15_000 });
    assert.match((await page.locator("#thread .msg.assistant").nth(1).textContent()) ?? "", /boil/i);
    const id = /\/chat\/([\w-]{22})/.exec(page.url())?.[1] as string;
    await page.selectOption("#style", "concise");
    await page.reload();
    assert.equal(await page.locator("#thread .msg").count(), 4, "two questions and two answers after a reload");
    assert.equal(await page.inputValue("#style"), "concise", "the answer style chosen stays chosen after a reload");
    assert.equal(await page.locator(`#conversations a[href="/chat/${id}"]`).count(), 1, "listed in the sidebar");
    await page.screenshot({ path: join(SHOTS, "desktop-chat.png"), fullPage: true });
    const shown = await page.locator("#thread .msg").allTextContents();
    const md = await (await page.request.get(`${s.base}/chat/${id}/export.md`)).text();
    const jsonl = (await (await page.request.get(`${s.base}/chat/${id}/export.jsonl`)).text()).trim().split("\n");
    assert.equal(jsonl.length, 4);
    const rows = jsonl.map(
      (l) => JSON.parse(l) as { role: string; content: string; sources: unknown[]; latency_ms: number },
    );
    assert.deepEqual(
      rows.map((r) => r.role),
      ["user", "assistant", "user", "assistant"],
    );
    assert.equal(rows[0]?.content, "How do I purify water?");
    assert.equal(rows[2]?.content, "how long should I boil it?");
    assert.ok(rows[1]!.sources.length > 0 && rows[1]!.latency_ms >= 0);
    for (const r of rows) assert.ok(md.includes(r.role === "user" ? `## ${r.content}` : r.content.split("\n")[0]!));
    assert.ok(shown[0]?.includes("How do I purify water?"));
    // Another browser cannot see it.
    const other = await browser.newContext();
    assert.equal((await (await other.newPage()).goto(`${s.base}/chat/${id}`))?.status(), 404);
    await other.close();
    // Rename, search and delete.
    await page.locator("details summary:has-text('Rename or delete')").click();
    await page.fill("#title", "Water questions");
    await page.click("button:has-text('Rename')");
    assert.equal((await page.locator("h1").textContent())?.trim(), "Water questions");
    await page.goto(`${s.base}/chat?find=boil`);
    assert.equal(await page.locator(`#conversations a[href="/chat/${id}"]`).count(), 1, "found by a word in a message");
    await page.goto(`${s.base}/chat?find=zebra`);
    assert.equal(await page.locator(`#conversations a[href="/chat/${id}"]`).count(), 0);
    await page.goto(`${s.base}/chat/${id}`);
    await page.locator("details summary:has-text('Rename or delete')").click();
    await page.click("button:has-text('Delete conversation')");
    // It asks first, on a page of its own (no script dialog), and Cancel keeps the conversation.
    await page.waitForURL(new RegExp(`/chat/${id}/delete$`));
    assert.equal((await page.locator("h1").textContent())?.trim(), "Delete “Water questions”?");
    await page.click("a:has-text('Cancel')");
    await page.waitForURL(new RegExp(`/chat/${id}$`));
    await page.locator("details summary:has-text('Rename or delete')").click();
    await page.click("button:has-text('Delete conversation')");
    await page.waitForURL(new RegExp(`/chat/${id}/delete$`));
    await page.click("main button:has-text('Delete conversation')");
    await page.waitForURL(/\/chat$/);
    assert.equal((await page.request.get(`${s.base}/chat/${id}`)).status(), 404);
    await ctx.close();
  });

  it("opens a survival topic's tagged passages and remembers large type across reloads", async () => {
    const passages = await categoryPassages(s.app.retriever, "fire");
    assert.ok(passages.length > 0);
    for (const p of passages) assert.ok(p.source.tags.includes("fire"), `${p.source.chapter} is tagged fire`);
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${s.base}/survival/fire`);
    const links = await page.locator(".sources li .where a").allTextContents();
    assert.equal(links.length, passages.length);
    assert.ok(
      links.every((l) => /Fire/.test(l)),
      links.join(" | "),
    );
    const bodyPx = () => page.evaluate<number>("Number.parseFloat(getComputedStyle(document.body).fontSize)");
    assert.equal(await bodyPx(), 16);
    await page.tap("button:has-text('Large type: off')");
    await page.locator("button:has-text('Large type: on')").waitFor();
    await page.reload();
    assert.ok((await bodyPx()) >= 18, "large type after a reload");
    const heights = await page
      .locator("button:visible, .tiles a:visible, header.top a:visible")
      // @types/react (the terminal UI) declares DOM element types as empty interfaces, so name what is used.
      .evaluateAll((els) => els.map((e) => (e as unknown as DomBox).getBoundingClientRect().height));
    assert.ok(Math.min(...heights) >= 48, `touch targets ${Math.min(...heights)} px`);
    await page.screenshot({ path: join(SHOTS, "phone-survival-large.png"), fullPage: true });
    await ctx.close();
  });

  it("shows hostile book HTML as inert text in the reader", async () => {
    const ctx = await browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    const foreign = watchForeignRequests(page, s.base);
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const results = (await (await page.request.get(`${s.base}/api/search?q=hostile+chapter+javascript`)).json()) as {
      results: Array<{ citation: { url: string; path: string } }>;
    };
    const hit = results.results.find((r) => r.citation.path === "hostile/hostile.epub");
    assert.ok(hit, "the hostile book was indexed");
    await page.goto(hit.citation.url);
    const article = page.locator("article.reader");
    assert.match((await article.textContent()) ?? "", /this javascript link/);
    assert.equal(await article.locator("script, img, iframe, style, [onclick], [onerror]").count(), 0);
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
    await page.locator("mark#passage").click();
    // The book's own layout: sanitized, its one honest picture served from inside the book, nothing else.
    await page.click("a:has-text('Original layout')");
    const original = page.locator(".book-html");
    assert.match((await original.textContent()) ?? "", /Boil water for one minute/);
    assert.equal(await original.locator("script, iframe, style, [onclick], [onerror]").count(), 0);
    const images = await original
      .locator("img")
      .evaluateAll((els) => els.map((e) => (e as unknown as DomBox).getAttribute("src") ?? ""));
    assert.equal(images.length, 1, images.join(" "));
    assert.match(images[0] ?? "", /^\/read\/[0-9a-f]{16}\/image\?path=OEBPS%2Fimages%2Fok\.png$/);
    assert.ok(
      await original.locator("img").evaluate((e) => (e as unknown as { naturalWidth: number }).naturalWidth === 1),
    );
    assert.match(
      (await original.locator("a", { hasText: "Next chapter" }).getAttribute("href")) ?? "",
      /original\?spine=1$/,
    );
    assert.equal(await original.locator('a[href^="javascript:"], a[href*="evil"]').count(), 0);
    const docId = /\/read\/([0-9a-f]{16})/.exec(page.url())?.[1];
    for (const path of ["OEBPS/images/evil.svg", "../../../../etc/passwd", "OEBPS/c1.xhtml", "META-INF/container.xml"])
      assert.equal(
        (await page.request.get(`${s.base}/read/${docId}/image?path=${encodeURIComponent(path)}`)).status(),
        404,
        `${path} is not served`,
      );
    await page.goto(`${s.base}/search?q=${encodeURIComponent("<script>alert(1)</script>")}`);
    assert.equal(await page.locator("main script").count(), 0);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(foreign, []);
    await ctx.close();
  });

  it("searches with the terms marked, filters and pages", async () => {
    const ctx = await browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    await page.goto(`${s.base}/search?q=boiling+water`);
    const marks = await page.locator(".sources mark").allTextContents();
    assert.ok(marks.length > 0);
    assert.ok(
      marks.every((m) => /^(boil\w*|water\w*)$/i.test(m)),
      marks.join(","),
    );
    assert.equal(await page.locator(".sources > li").count(), 10);
    await page.click("a:has-text('Next')");
    assert.match(page.url(), /page=2/);
    assert.ok((await page.locator(".sources > li").count()) > 0);
    await page.goto(`${s.base}/search?q=water&collection=hostile`);
    const paths = await page.locator(".sources .meta").allTextContents();
    assert.ok(paths.length > 0 && paths.every((p) => p.startsWith("hostile/")), paths.join(","));
    await page.goto(`${s.base}/search?q=fire&tag=fire`);
    assert.ok((await page.locator(".sources > li").count()) > 0);
    await ctx.close();
  });
});
