import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { SourceView } from "../../views/chat.js";
import { citationLabel, type Source, snippetOf } from "../generate/sources.js";

// What the web app and the APIs share about saved conversations: whose they are, and how a cited source is stored.

declare module "hono" {
  interface ContextVariableMap {
    /** The owner id minted for a browser with no owner cookie yet, during this request. */
    browserOwner: string | undefined;
  }
}

/** Cookie naming an anonymous browser's conversations: a random id, httpOnly. */
export const OWNER_COOKIE = "almanac_owner";

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

/** The stored form of a cited source (JSON in `messages.sources`). */
export function sourceView(s: Source): SourceView {
  return { index: s.index, label: citationLabel(s), url: s.url, snippet: snippetOf(s.text, 220), path: s.path };
}
