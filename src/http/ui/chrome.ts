import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { type PageChrome, THEMES, type Theme } from "../../../views/layout.js";
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

/** The layout props for this request: theme, and who is looking. */
export function chromeOf(c: Context): PageChrome {
  const who = c.get("principal");
  return { theme: themeOf(c), viewer: who.account ? { name: who.account.name, role: who.role } : { role: who.role } };
}

/** A same-site path to go back to after a form or a sign-in, or `/` (no other origin, no `//host`). */
export function safeBack(v: unknown): string {
  return typeof v === "string" && /^\/(?![/\\])[\w\-/?=&.%]*$/.test(v) ? v : "/";
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
