// The web app in the reader's language, served for real: Accept-Language picks it, the settings page's cookie
// overrides it, a signed-in account's choice follows it to a new device, Arabic is right to left, and the
// API's errors stay English.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { BOOKS, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

const PASSWORD = "correct horse battery";

describe("the web app's language", () => {
  const tmp = tempDir();
  let base = "";
  let close: () => Promise<void> = async () => {};
  let app: Almanac;

  before(async () => {
    const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
    app = await openTestApp(tmp.dir, lib, null, { anonymousRole: "reader" });
    await app.indexer.reconcile();
    await app.users.create("mariko", PASSWORD, "user");
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

  /** Signs in as `name` from a fresh client (no cookie of its own): the session cookie. */
  const signIn = async (name: string) => {
    const res = await fetch(`${base}/login`, {
      method: "POST",
      body: new URLSearchParams({ name, password: PASSWORD }),
      headers: { origin: base, "accept-language": "en" },
      redirect: "manual",
    });
    assert.equal(res.status, 303);
    return res.headers.get("set-cookie")?.split(";")[0] ?? "";
  };

  it("renders the status page in Spanish", async () => {
    const html = await page("/status", { "accept-language": "es", accept: "text/html" });
    assert.match(html, /<html lang="es" dir="ltr"/);
    assert.match(html, /<h1>Estado<\/h1>/);
    assert.match(html, /Respuestas y búsqueda/);
    assert.match(html, /Respuestas: extractivas \(sin modelo de chat\)/);
    assert.match(html, /Documentos: 1 indexados · 0 en cola/);
    assert.match(html, /Disco usado por el índice: [\d.,\u00a0 ]+(?:kB|KB|MB|GB)/);
    assert.doesNotMatch(html, /Answers and search|Disk used by the index|Passages \(chunks\)/);
  });

  it("saves a signed-in account's language and shows it on the next device it signs in on", async () => {
    const deviceA = await signIn("mariko");
    const saved = await fetch(`${base}/settings/language`, {
      method: "POST",
      body: new URLSearchParams({ lang: "ja", back: "/settings" }),
      headers: { origin: base, cookie: deviceA },
      redirect: "manual",
    });
    assert.equal(saved.status, 303);
    assert.match(saved.headers.get("set-cookie") ?? "", /almanac_lang=ja/);
    assert.equal(app.users.languageOf(app.users.byName("mariko")?.id ?? -1), "ja");

    // Device B: a fresh client whose browser asks for English, with no language cookie.
    const deviceB = await signIn("mariko");
    const html = await page("/settings", { "accept-language": "en", cookie: deviceB });
    assert.match(html, /<html lang="ja" dir="ltr"/);
    assert.match(html, /言語（この端末とあなたのアカウント）/);
    assert.match(html, /<option value="ja" lang="ja" selected/);
    // Signed out, the same browser is back to its own language.
    assert.match(await page("/survival", { "accept-language": "en" }), /<html lang="en"/);
  });

  it("lets this device's cookie win over the account's language", async () => {
    const session = await signIn("mariko");
    assert.equal(app.users.languageOf(app.users.byName("mariko")?.id ?? -1), "ja");
    const html = await page("/survival", { "accept-language": "en", cookie: `${session}; almanac_lang=fr` });
    assert.match(html, /<html lang="fr" dir="ltr"/);
    assert.match(html, /Aller au contenu/);
  });

  it("writes a form's flash message in the page's language", async () => {
    const session = await signIn("mariko");
    const res = await fetch(`${base}/account/password`, {
      method: "POST",
      body: new URLSearchParams({ current: PASSWORD, password: "short" }),
      headers: { origin: base, cookie: `${session}; almanac_lang=es` },
    });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /<html lang="es"/);
    assert.match(html, /Una contraseña tiene entre 8 y 256 caracteres\./);
    assert.doesNotMatch(html, /a password is 8 to 256/);
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
