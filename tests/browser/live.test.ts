import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { getMeta } from "../../src/state/db.js";
import { BOOKS } from "../helpers.js";
import {
  type AxeViolation,
  NO_BROWSER,
  PHONE,
  phoneContext,
  type Served,
  SHOTS,
  seriousViolations,
  servedWithBrowser,
  serveLibrary,
  waitForExpression,
} from "./harness.js";

const SHARED_TEXT = join("..", "shared", "corpus", "text");

describe("library page, offline app and accessibility", { skip: NO_BROWSER }, () => {
  const t = servedWithBrowser(
    {
      "survival/Water.md": join(BOOKS, "Water.md"),
      "survival/Fire.md": join(BOOKS, "Fire.md"),
    },
    {
      ready: async (s: Served) => {
        await s.app.startIndexing(true);
        await s.app.initialIndex;
      },
    },
  );

  it("uploads books: the library page shows them go from queued to indexed with rising progress, then search finds them", async () => {
    const ctx = await phoneContext(t.browser);
    const page = await ctx.newPage();
    const seen: string[] = [];
    await page.exposeFunction("recordProgress", (t: string) => seen.push(t));
    // On every page load (the upload answers with a new page): record each change of the progress panel.
    await page.addInitScript(`addEventListener("DOMContentLoaded", () => {
      const note = () => recordProgress(document.getElementById("progress")?.textContent ?? "");
      note();
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    })`);
    await page.goto(`${t.served.base}/library`);
    const books = [
      join(BOOKS, "walton-complete-angler-latin1-crlf.txt"),
      join(SHARED_TEXT, "pg34607_nessmuk_woodcraft-and-camping.txt"),
      join(SHARED_TEXT, "pg28255_beard_shelters-shacks-and-shanties.txt"),
      join(BOOKS, "nwr.md"),
    ];
    await page.setInputFiles("#files", books);
    await page.fill("#collection", "camp craft");
    await page.click("form[action='/library/upload'] button[type=submit]");
    await page.waitForURL(/\/library\/upload$/);
    assert.equal(await page.locator("#uploads p").count(), 4, "a notice for each book");
    const row = page.locator("tr", { hasText: "camp craft/pg34607_nessmuk_woodcraft-and-camping.txt" });
    await row.waitFor({ timeout: 10_000 });
    await page
      .locator("#documents tr", { hasText: "nwr.md" })
      .filter({ hasText: "indexed" })
      .waitFor({ timeout: 60_000 });
    await waitForExpression(
      page,
      `[...document.querySelectorAll("#documents td[data-label=State]")].every((td) => td.textContent.startsWith("indexed"))`,
      60_000,
    );
    await page.locator("#progress", { hasText: "Up to date" }).waitFor({ timeout: 30_000 });
    // The "queued" notices follow the books: once indexed, each says so and links to it.
    await waitForExpression(page, `document.querySelectorAll("#uploads a[href^='/read/']").length === 4`, 30_000);
    assert.doesNotMatch((await page.locator("#uploads").textContent()) ?? "", /queued/);
    const figures = seen
      .map((t) => /Indexing: (\d+) of (\d+) files/.exec(t))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]));
    assert.ok(figures.length > 0, `progress was shown live: ${seen.slice(0, 5).join(" / ")}`);
    assert.ok(Math.max(...figures) > Math.min(...figures), `progress rose: ${figures}`);
    assert.match(seen.at(-1) ?? "", /Up to date/);
    await page.screenshot({ path: join(SHOTS, "phone-library.png"), fullPage: true });
    await page.goto(`${t.served.base}/search?q=Nessmuk+canoe&collection=camp+craft`);
    assert.ok((await page.locator(".sources li").count()) > 0, "the uploaded book is searchable");
    await ctx.close();
  });

  it("refuses unsafe uploads and keeps every name inside the library", async () => {
    const form = (name: string, body: string, collection = "") => {
      const f = new FormData();
      f.append("files", new Blob([body]), name);
      f.append("collection", collection);
      return f;
    };
    const post = (f: FormData) =>
      fetch(`${t.served.base}/library/upload`, { method: "POST", body: f, headers: { origin: t.served.base } });
    const exe = await post(form("tool.exe", "MZ"));
    assert.equal(exe.status, 400);
    assert.match(await exe.text(), /not a supported type/);
    const sneaky = await post(form("../../escape.md", "# Out\n\nTrying to leave the library.", "../outside"));
    assert.equal(sneaky.status, 200);
    const rows = t.served.app.indexer
      .queuedPaths()
      .concat((await import("../../src/state/documents.js")).listDocuments(t.served.app.db).map((d) => d.path));
    assert.ok(rows.includes("outside/escape.md"), `saved under a clean name inside the library: ${rows.join(", ")}`);
    const crossSite = await fetch(`${t.served.base}/library/upload`, {
      method: "POST",
      body: form("x.md", "# x"),
      headers: { origin: "http://evil.example" },
    });
    assert.equal(crossSite.status, 403, "a cross-site form post is refused");
  });

  it("serves a previously opened passage from the service worker with the server stopped", async () => {
    // Its own server: this test stops it.
    const own = await serveLibrary({ "survival/Water.md": join(BOOKS, "Water.md") });
    const ctx = await t.browser.newContext({ viewport: PHONE });
    try {
      const page = await ctx.newPage();
      await page.goto(`${own.base}/survival`);
      await page.evaluate("navigator.serviceWorker.ready.then(() => true)");
      await page.goto(`${own.base}/survival/water`);
      const href = (await page.locator(".sources li .where a").first().getAttribute("href")) ?? "";
      await page.goto(`${own.base}${href}`);
      const before = await page.locator("mark").allTextContents();
      assert.ok(before.length > 0);
      await waitForExpression(page, `caches.open("almanac-pages-v1").then((c) => c.keys()).then((k) => k.length > 0)`);
      await own.stopServer();
      await page.goto(`${own.base}${href}`);
      assert.deepEqual(
        await page.locator("mark").allTextContents(),
        before,
        "the passage, highlighted, from the cache",
      );
      await page.goto(`${own.base}/chat`);
      assert.match(
        (await page.locator("h1").textContent()) ?? "",
        /out of reach/,
        "other pages fall back to the offline page",
      );
      assert.ok((await page.locator("#saved-pages a").count()) > 0, "which lists the saved pages");
    } finally {
      await ctx.close();
      await own.close();
    }
  });

  it("serves an installable app: manifest with icons, a root-scoped service worker, favicon", async () => {
    const manifest = (await (await fetch(`${t.served.base}/manifest.webmanifest`)).json()) as {
      start_url: string;
      display: string;
      icons: Array<{ src: string; sizes: string; type: string }>;
    };
    assert.equal(manifest.start_url, "/");
    assert.equal(manifest.display, "standalone");
    for (const icon of manifest.icons.filter((i) => i.type === "image/png")) {
      const res = await fetch(`${t.served.base}${icon.src}`);
      assert.equal(res.headers.get("content-type"), "image/png");
      const png = Buffer.from(await res.arrayBuffer());
      assert.equal(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.sizes, "the PNG is the size it claims");
    }
    const sw = await fetch(`${t.served.base}/sw.js`);
    assert.match(sw.headers.get("content-type") ?? "", /javascript/);
    assert.equal(sw.headers.get("cache-control"), "no-cache");
    assert.equal((await fetch(`${t.served.base}/favicon.ico`)).status, 200);
  });

  it("saves answering settings for everyone and refuses values out of range", async () => {
    const ctx = await t.browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    await page.goto(`${t.served.base}/settings`);
    await page.selectOption("#maxAnswerTokens", "200");
    await page.fill("#topK", "7");
    await page.click("form[action='/settings'] button[type=submit]");
    await page.locator("[role=status]", { hasText: "Saved" }).waitFor();
    assert.equal(t.served.app.config.maxAnswerTokens, 200);
    assert.equal(t.served.app.config.topK, 7);
    assert.equal(getMeta(t.served.app.db, "settings.topK"), "7", "kept for the next start");
    // The form's own min/max stop a t.browser; a hand-made request gets the server's answer.
    const bad = await page.request.post(`${t.served.base}/settings`, {
      form: { topK: "0" },
      headers: { origin: t.served.base },
    });
    assert.equal(bad.status(), 400);
    assert.match(await bad.text(), /topK/);
    assert.equal(t.served.app.config.topK, 7, "an invalid value changes nothing");
    t.served.app.config.topK = 5;
    t.served.app.config.maxAnswerTokens = 400;
    await ctx.close();
  });

  it("has no serious or critical axe violations on any page, in light, dark and survival themes", async () => {
    const chat = await fetch(`${t.served.base}/chat/ask`, {
      method: "POST",
      body: new URLSearchParams({ q: "How do I purify water?" }),
      headers: { origin: t.served.base },
      redirect: "manual",
    });
    const cookie = (chat.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const conversation = chat.headers.get("location")?.split("#")[0] ?? "/chat";
    const hit = (await (await fetch(`${t.served.base}/api/search?q=purify+water`)).json()) as {
      results: Array<{ citation: { url: string } }>;
    };
    const pages = [
      "/survival",
      "/survival/water",
      "/chat",
      conversation,
      new URL(hit.results[0]?.citation.url ?? "/").pathname + new URL(hit.results[0]?.citation.url ?? "/").search,
      "/search?q=boil+water",
      "/library",
      "/status",
      "/settings",
      "/welcome",
      "/login",
      "/offline",
    ];
    const found: Array<AxeViolation & { page: string; theme: string }> = [];
    for (const theme of ["light", "dark", "survival"] as const) {
      const ctx = await t.browser.newContext({ viewport: PHONE, colorScheme: theme === "light" ? "light" : "dark" });
      const [name, value] = cookie.split("=");
      await ctx.addCookies([
        { name: "almanac_theme", value: theme, url: t.served.base },
        ...(name && value ? [{ name, value, url: t.served.base }] : []),
      ]);
      const page = await ctx.newPage();
      for (const path of pages) {
        await page.goto(`${t.served.base}${path}`);
        for (const v of await seriousViolations(page)) found.push({ ...v, page: path, theme });
      }
      // The phone menu, open.
      await page.click("details.menu summary");
      for (const v of await seriousViolations(page)) found.push({ ...v, page: "/offline (menu open)", theme });
      if (theme !== "light") await page.goto(`${t.served.base}/survival/water`);
      await page.screenshot({ path: join(SHOTS, `phone-${theme}.png`), fullPage: false });
      await ctx.close();
    }
    assert.deepEqual(found, [], JSON.stringify(found, null, 1));
  });
});
