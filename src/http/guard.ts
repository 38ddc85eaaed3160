import { createHash, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Almanac } from "../app.js";

/** Cookie the browser UI uses after `/login`: a random session id, never the key. */
export const SESSION_COOKIE = "almanac_session";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Compares a presented key with the configured one in constant time over
 * their SHA-256 digests, so neither the content nor the length of the key
 * leaks through timing.
 */
export function keyMatches(presented: string, apiKey: string): boolean {
  return timingSafeEqual(digest(presented), digest(apiKey));
}

/** The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive (RFC 9110 §11.1). */
export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^bearer[ \t]+(\S.*)$/i.exec(authorization?.trim() ?? "");
  return m?.[1]?.trim();
}

/**
 * The access guard. With no API key configured, Almanac is an open LAN
 * appliance and every route is allowed. With `apiKey` set, a request needs
 * `Authorization: Bearer <key>` or a valid session cookie from `/login`.
 * `onDenied` decides the response (OpenAI-style 401 for the API, a redirect
 * to the login page for the UI).
 */
export function requireKey(
  apiKey: string | undefined,
  sessions: Almanac["sessions"],
  onDenied: (c: Context) => Response,
): MiddlewareHandler {
  return async (c, next) => {
    if (!apiKey) return next();
    const token = bearerToken(c.req.header("authorization"));
    if ((token !== undefined && keyMatches(token, apiKey)) || sessions.isValid(getCookie(c, SESSION_COOKIE)))
      return next();
    return onDenied(c);
  };
}
