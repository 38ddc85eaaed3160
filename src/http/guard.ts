import { createHash, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppServices } from "../app/services.js";
import { KEY_PREFIX } from "../state/api-keys.js";
import { decide, type Principal, requirementOf } from "./access.js";
import { openAiError } from "./errors.js";
import { RateLimiter } from "./rate-limit.js";

declare module "hono" {
  interface ContextVariableMap {
    /** Who is asking; set for every request by {@link identify}. */
    principal: Principal;
  }
}

/** Cookie the browser holds after `/login`: a random session id. */
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

/** Whether a path is answered as an API (JSON errors, 401/403) rather than as a page (redirects). */
export function isApiRequest(c: Context): boolean {
  const path = c.req.path;
  if (path.startsWith("/v1/") || path.startsWith("/api/")) return true;
  return path === "/status" && !(c.req.header("accept") ?? "").includes("text/html");
}

/**
 * Works out who is asking and stores it as `principal`: a Bearer token is
 * the bootstrap `apiKey` or this run's local key (`accounts.localKey`, for the CLI: both admins) or a user's API key; otherwise the
 * session cookie's account; otherwise an anonymous visitor with the
 * `anonymousRole` setting's role. A Bearer token that is neither, or whose
 * account is disabled, is refused with an OpenAI-shaped 401 at once when it
 * has the `alm_` prefix of Almanac's keys or a bootstrap key is configured;
 * otherwise (an OpenAI client that must send some key, on an open box) the
 * request counts as anonymous. Key
 * requests are rate-limited per key (`apiKeyRatePerMinute`, 429 with
 * `Retry-After`). Reads `apiKey`, `apiKeyRatePerMinute` and `anonymousRole` from the config.
 */
export function identify(services: Pick<AppServices, "config" | "accounts">): MiddlewareHandler {
  const { config, accounts } = services;
  const limiter = new RateLimiter(config.apiKeyRatePerMinute);
  return async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    let who: Principal | undefined;
    if (token !== undefined) {
      if (config.apiKey && keyMatches(token, config.apiKey)) who = { role: "admin", via: "bootstrap-key" };
      // The CLI on this machine, with the key the server left in its data folder (`almanac ask` beside `serve`).
      else if (accounts.localKey && keyMatches(token, accounts.localKey)) who = { role: "admin", via: "bootstrap-key" };
      else {
        const key = accounts.apiKeys.resolve(token);
        const account = key ? accounts.users.get(key.userId) : undefined;
        if (key && account && !account.disabled) who = { account, role: account.role, via: "api-key", keyId: key.id };
      }
      // An OpenAI client always sends some key; on a box with no bootstrap key, a token that is not one of ours is just a visitor.
      const ours = token.startsWith(KEY_PREFIX) || config.apiKey !== undefined;
      if (!who && ours)
        return openAiError(
          c,
          401,
          "wrong or revoked API key (send Authorization: Bearer <key>)",
          "authentication_error",
          null,
          "invalid_api_key",
        );
      const wait = who ? limiter.take(who.keyId === undefined ? "bootstrap" : String(who.keyId)) : 0;
      if (wait > 0) {
        c.header("retry-after", String(wait));
        return openAiError(
          c,
          429,
          `rate limit reached for this API key; retry in ${wait} s`,
          "rate_limit_error",
          null,
          "rate_limit_exceeded",
        );
      }
    } else {
      const userId = accounts.sessions.userOf(getCookie(c, SESSION_COOKIE));
      const account = userId === undefined ? undefined : accounts.users.get(userId);
      if (account && !account.disabled) who = { account, role: account.role, via: "session" };
    }
    // Read per request: setup and the settings page change it while the server runs.
    const anonymousRole = config.anonymousRole === "none" ? null : config.anonymousRole;
    c.set("principal", who ?? { role: anonymousRole, via: "anonymous" });
    return next();
  };
}

/**
 * Enforces the route table ({@link requirementOf}). API requests get an
 * OpenAI-shaped 401 (not signed in) or 403 (role too low). Pages send an
 * anonymous visitor to `/setup` while no account exists, else to `/login`
 * with the page to come back to, and answer a signed-in one with
 * `forbiddenPage`. Reads only the account count (for the `/setup` redirect).
 */
export function enforce(
  services: Pick<AppServices, "accounts">,
  forbiddenPage: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  return async (c, next) => {
    const who = c.get("principal");
    const need = requirementOf(c.req.method, c.req.path);
    const verdict = decide(need, who);
    if (verdict === "allow") return next();
    if (isApiRequest(c))
      return verdict === "sign-in"
        ? openAiError(
            c,
            401,
            `sign-in needed: send Authorization: Bearer <key> (this route needs ${need})`,
            "authentication_error",
            null,
            "invalid_api_key",
          )
        : openAiError(
            c,
            403,
            `this key's role (${who.role ?? "none"}) may not use this route (it needs ${need})`,
            "permission_error",
            null,
            "insufficient_permissions",
          );
    if (verdict === "forbidden") return forbiddenPage(c);
    if (services.accounts.users.count() === 0) return c.redirect("/setup", 303);
    // A refused form post cannot be replayed after sign-in, so it comes back to the start page.
    const back = c.req.method === "GET" ? c.req.path + new URL(c.req.url).search : "/";
    return c.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
  };
}
