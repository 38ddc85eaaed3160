import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { type PageChrome, THEMES, type Theme } from "../../../views/layout.js";
import type { ReaderQuery } from "../../reader/page.js";

/** Cookie holding the browser's chosen theme (not a secret; a year long). */
export const THEME_COOKIE = "almanac_theme";
declare module "hono" {
  interface ContextVariableMap {
    /** The owner id minted for a browser with no owner cookie yet, during this request. */
    browserOwner: string | undefined;
  }
}

/** Cookie naming an anonymous browser's conversations: a random id, httpOnly. */
export const OWNER_COOKIE = "almanac_owner";

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

/**
 * Whose conversations a request works on: a signed-in account's (`u:<id>`,
 * the same from every device and from its API keys), the bootstrap key's,
 * or, for an anonymous visitor (when `anonymousRole` lets them ask), this
 * browser's: a random 128-bit id made on first use and kept in an httpOnly cookie.
 */
export function ownerOf(c: Context): string {
  const who = c.get("principal");
  if (who.account) return accountOwner(who.account.id);
  if (who.via === "bootstrap-key") return "key:bootstrap";
  const v = c.get("browserOwner") ?? getCookie(c, OWNER_COOKIE);
  if (v && /^[A-Za-z0-9_-]{22}$/.test(v)) return v;
  const id = randomBytes(16).toString("base64url");
  // Made once per request: a second call must not mint (and set) another id.
  c.set("browserOwner", id);
  setCookie(c, OWNER_COOKIE, id, {
    path: "/",
    sameSite: "Lax",
    maxAge: 400 * 24 * 3600,
    httpOnly: true,
    secure: new URL(c.req.url).protocol === "https:",
  });
  return id;
}

/** The conversation owner id of an account. */
export function accountOwner(userId: number): string {
  return `u:${userId}`;
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
