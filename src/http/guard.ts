import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";

/** Cookie the browser UI uses after `/login`. */
export const KEY_COOKIE = "almanac_key";

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when the request carries the key as a bearer token or the UI cookie. */
export function hasKey(authorization: string | undefined, cookie: string | undefined, apiKey: string): boolean {
  const bearer = authorization?.startsWith("Bearer ") ? authorization.slice(7).trim() : undefined;
  return (bearer !== undefined && safeEqual(bearer, apiKey)) || (cookie !== undefined && safeEqual(cookie, apiKey));
}

/**
 * The access guard. With no API key configured, Almanac is an open LAN
 * appliance and every route is allowed. With `apiKey` set, a request needs
 * `Authorization: Bearer <key>` or the login cookie. `onDenied` decides the
 * response (OpenAI-style 401 for the API, a redirect to the login page for the UI).
 */
export function requireKey(apiKey: string | undefined, onDenied: (c: Context) => Response): MiddlewareHandler {
  return async (c, next) => {
    if (!apiKey || hasKey(c.req.header("authorization"), getCookie(c, KEY_COOKIE), apiKey)) return next();
    return onDenied(c);
  };
}
