import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { type PageChrome, THEMES, type Theme } from "../../../views/layout.js";
import { createI18n, type I18n, LOCALES, type Locale, negotiateLocale } from "../../i18n/index.js";
import type { ReaderQuery } from "../../reader/page.js";

/** Cookie holding the browser's chosen theme (not a secret; a year long). */
export const THEME_COOKIE = "almanac_theme";

const YEAR_S = 365 * 24 * 3600;

/** The theme this browser chose, `auto` when none or an unknown one. */
export function themeOf(c: Context): Theme {
  const v = getCookie(c, THEME_COOKIE);
  return THEMES.find((t) => t === v) ?? "auto";
}

/** Remembers a theme for this browser. */
export function setTheme(c: Context, theme: Theme): void {
  setCookie(c, THEME_COOKIE, theme, { path: "/", sameSite: "Lax", maxAge: YEAR_S, httpOnly: true });
}

/** Cookie holding the language this browser chose on the settings page (absent: follow `Accept-Language`). */
export const LANG_COOKIE = "almanac_lang";

/** The language this browser chose, or null when it follows the browser's own. */
export function chosenLocaleOf(c: Context): Locale | null {
  const v = getCookie(c, LANG_COOKIE);
  return LOCALES.find((l) => l === v) ?? null;
}

/** The language the signed-in account chose, or null (anonymous, or none saved, or one no longer offered). */
export function accountLocaleOf(c: Context): Locale | null {
  const v = c.get("principal")?.account?.language;
  return LOCALES.find((l) => l === v) ?? null;
}

/** Remembers a language for this browser; null forgets it (back to `Accept-Language`). */
export function setLocale(c: Context, locale: Locale | null): void {
  if (locale === null) setCookie(c, LANG_COOKIE, "", { path: "/", sameSite: "Lax", maxAge: 0, httpOnly: true });
  else setCookie(c, LANG_COOKIE, locale, { path: "/", sameSite: "Lax", maxAge: YEAR_S, httpOnly: true });
}

/**
 * The translator for this request: this device's chosen language, then the signed-in account's, then
 * `Accept-Language`, then English ({@link negotiateLocale}).
 */
export function i18nOf(c: Context): I18n {
  return createI18n(
    negotiateLocale({
      device: chosenLocaleOf(c),
      account: accountLocaleOf(c),
      acceptLanguage: c.req.header("accept-language"),
    }),
  );
}

/** The layout props for this request: theme, who is looking, and the page's language. */
export function chromeOf(c: Context): PageChrome {
  const who = c.get("principal");
  return {
    theme: themeOf(c),
    viewer: who.account ? { name: who.account.name, role: who.role } : { role: who.role },
    i18n: i18nOf(c),
  };
}

/** A same-site path to go back to after a form or a sign-in, or `/` (no other origin, no `//host`). */
export function safeBack(v: unknown): string {
  return typeof v === "string" && /^\/(?![/\\])[\w\-/?=&.%+,~]*$/.test(v) ? v : "/";
}

/** A text field of a parsed form, or "" when it is missing or a file. */
export function formField(form: Record<string, unknown>, name: string): string {
  const v = form[name];
  return typeof v === "string" ? v : "";
}

/** A whole, non-negative integer from a query parameter, or undefined. */
export function intParam(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d{1,10}$/.test(v)) return undefined;
  return Number(v);
}

/** The reader's position from a request's query: `start`/`end` (the cited range), `at`, `chapter`; absent or invalid ones left out. */
export function readerQueryOf(c: Context): ReaderQuery {
  const q = c.req.query();
  const out: ReaderQuery = {};
  for (const key of ["start", "end", "at", "chapter"] as const) {
    const v = intParam(q[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}
