// The web app in the reader's language, served for real: Accept-Language picks it, the settings page's cookie
// overrides it, Arabic is right to left, and the API's errors stay English.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { BOOKS, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

describe("the web app's language", () => {
  const tmp = tempDir();
  let base = "";
  let close: () => Promise<void> = async () => {};

  before(async () => {
    const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
    const app = await openTestApp(tmp.dir, lib, null, { anonymousRole: "reader" });
    await app.indexer.reconcile();
    ({ base, close } = await serveApp(app));
  });
  after(async () => {
    await close();
    tmp.cleanup();
  });

  const page = async (path: string, headers: Record<string, string>) => {
    const res = await fetch(`${base}${path}`, { headers });
    assert.equal(res.status, 200, path);
    return res.text();
  };

  it("renders Arabic right to left for Accept-Language: ar", async () => {
    const html = await page("/survival", { "accept-language": "ar,en;q=0.5" });
    assert.match(html, /<html lang="ar" dir="rtl"/);
    assert.match(html, /مواضيع النجاة/);
    assert.match(html, />الماء</);
    assert.doesNotMatch(html, /Skip to content/);
  });

  it("renders Spanish for Accept-Language: es-MX", async () => {
    const html = await page("/settings", { "accept-language": "es-MX,es;q=0.9" });
    assert.match(html, /<html lang="es" dir="ltr"/);
    assert.match(html, /Saltar al contenido/);
    assert.match(html, /Idioma \(este dispositivo\)/);
  });

  it("renders English with no Accept-Language, or one it does not know", async () => {
    assert.match(await page("/survival", {}), /<html lang="en" dir="ltr"/);
    assert.match(await page("/survival", { "accept-language": "tlh" }), /<html lang="en" dir="ltr"/);
  });

  it("lets the settings page's cookie override the header, and `auto` hand back to it", async () => {
    const save = async (lang: string) => {
      const res = await fetch(`${base}/settings/language`, {
        method: "POST",
        body: new URLSearchParams({ lang, back: "/settings" }),
        headers: { origin: base },
        redirect: "manual",
      });
      assert.equal(res.status, 303);
      return res.headers.get("set-cookie")?.split(";")[0] ?? "";
    };
    const cookie = await save("ja");
    assert.match(cookie, /^almanac_lang=ja$/);
    const html = await page("/survival", { "accept-language": "es", cookie });
    assert.match(html, /<html lang="ja" dir="ltr"/);
    assert.match(html, /サバイバル/);
    assert.match(await page("/settings", { cookie }), /<option value="ja" lang="ja" selected/);
    assert.match(await save("auto"), /^almanac_lang=;?/);
    assert.match(await page("/survival", { "accept-language": "es", cookie: "almanac_lang=" }), /<html lang="es"/);
  });

  it("keeps the API's errors in English", async () => {
    const res = await fetch(`${base}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "ar" },
      body: "{",
    });
    assert.ok(res.status >= 400);
    const body = (await res.json()) as { error: { message: string } };
    assert.match(body.error.message, /[a-z]/);
    assert.doesNotMatch(body.error.message, /[\u0600-\u06ff]/);
  });
});
