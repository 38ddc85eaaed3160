import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Almanac } from "../app.js";
import { AlmanacError } from "../errors.js";
import { apiRoutes } from "./api.js";
import { openAiError } from "./errors.js";
import { requireKey } from "./guard.js";
import { OWN_CSP_HEADER } from "./headers.js";
import { openAiRoutes } from "./openai.js";
import { assetRoutes } from "./ui/assets.js";
import { authRoutes, uiRoutes } from "./ui/index.js";

/** Longest request URL answered; longer ones get 414. Headers over Node's 16 KiB limit get 431 from Node itself. */
export const MAX_URL_CHARS = 8192;

/** Who may use a route: anyone (`public`), or a key holder when an access key is set (`key`). */
export type RouteAccess = "public" | "key";

/**
 * The route table: every path prefix the server answers, its owner and who
 * may use it. Anything not listed is `key` (deny by default when a key is set).
 * Key holders present `Authorization: Bearer <key>` or the session cookie from
 * `/login`; API routes answer a missing key with an OpenAI-style 401, pages
 * with a redirect to `/login`.
 */
export const ROUTES: ReadonlyArray<{ prefix: string; owner: string; access: RouteAccess }> = [
  { prefix: "/v1/", owner: "OpenAI-compatible API", access: "key" },
  { prefix: "/api/", owner: "JSON API", access: "key" },
  { prefix: "/status", owner: "operations (JSON or the status page)", access: "key" },
  { prefix: "/assets/", owner: "web app: stylesheet and scripts", access: "public" },
  { prefix: "/icons/", owner: "web app: icons", access: "public" },
  { prefix: "/favicon.ico", owner: "web app", access: "public" },
  { prefix: "/manifest.webmanifest", owner: "web app (PWA)", access: "public" },
  { prefix: "/sw.js", owner: "web app (PWA)", access: "public" },
  { prefix: "/offline", owner: "web app (PWA fallback)", access: "public" },
  { prefix: "/login", owner: "sign-in (throttled)", access: "public" },
  { prefix: "/logout", owner: "sign-out", access: "public" },
  { prefix: "/chat", owner: "web app: ask and saved conversations", access: "key" },
  { prefix: "/ui/", owner: "web app: answer streams", access: "key" },
  { prefix: "/read/", owner: "web app: reader", access: "key" },
  { prefix: "/library", owner: "web app: library, upload, re-index, remove", access: "key" },
  { prefix: "/survival", owner: "web app: survival topics", access: "key" },
  { prefix: "/search", owner: "web app: search", access: "key" },
  { prefix: "/settings", owner: "web app: settings", access: "key" },
];

/** The access a path needs ({@link ROUTES}); unlisted paths need the key. */
export function accessOf(path: string): RouteAccess {
  const route = ROUTES.find((r) => path === r.prefix || path.startsWith(r.prefix) || `${path}/` === r.prefix);
  return route?.access ?? "key";
}

/** The route whose body limit is its own (uploads), not the 1 MiB default. */
const UPLOAD_PATH = "/library/upload";

/**
 * Builds the Hono application: security headers (a CSP that allows only this
 * origin), a 414 for URLs over {@link MAX_URL_CHARS}, a 1 MiB body limit
 * (uploads have their own), an Origin check on form posts (CSRF), the access
 * guard from {@link ROUTES}, then the routes. Errors map to OpenAI-shaped
 * JSON in one place.
 */
export function createHttpApp(app: Almanac): Hono {
  const http = new Hono();
  // A route that serves a book's own file or picture names a stricter policy in OWN_CSP_HEADER; it replaces the page CSP.
  http.use("*", async (c, next) => {
    await next();
    const own = c.res.headers.get(OWN_CSP_HEADER);
    if (own) {
      c.res.headers.set("content-security-policy", own);
      c.res.headers.delete(OWN_CSP_HEADER);
    }
  });
  http.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  http.use("*", async (c, next) => {
    if (c.req.url.length > MAX_URL_CHARS)
      return openAiError(c, 414, `URL over ${MAX_URL_CHARS} characters`, "invalid_request_error");
    return next();
  });
  const defaultLimit = bodyLimit({
    maxSize: 1024 * 1024,
    onError: (c) => openAiError(c, 413, "request body too large (limit 1 MiB)"),
  });
  http.use("*", (c, next) => (c.req.path === UPLOAD_PATH ? next() : defaultLimit(c, next)));
  http.use("*", csrf());
  // CORS is off unless origins are listed: then browsers on those origins may call the JSON APIs (preflight included).
  if (app.config.corsOrigins.length > 0) {
    const allow = cors({
      origin: app.config.corsOrigins,
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type"],
      maxAge: 600,
    });
    for (const prefix of ["/v1/*", "/api/*"]) http.use(prefix, allow);
  }
  const { sessions } = app;
  const apiGuard = requireKey(app.config.apiKey, sessions, (c) =>
    openAiError(
      c,
      401,
      "missing or wrong API key (send Authorization: Bearer <key>)",
      "authentication_error",
      null,
      "invalid_api_key",
    ),
  );
  const uiGuard = requireKey(app.config.apiKey, sessions, (c) => c.redirect("/login", 303));
  http.use("*", (c, next) => {
    const path = c.req.path;
    if (accessOf(path) === "public") return next();
    const api = path.startsWith("/v1/") || path.startsWith("/api/") || path === "/status";
    return (api ? apiGuard : uiGuard)(c, next);
  });
  http.route("/v1", openAiRoutes(app));
  http.route("/api", apiRoutes(app));
  http.route("/", assetRoutes());
  http.route("/", authRoutes(app));
  http.route("/", uiRoutes(app));
  http.notFound((c) => openAiError(c, 404, `no route for ${c.req.method} ${c.req.path}`, "not_found_error"));
  http.onError((err, c) => {
    if (err instanceof AlmanacError) {
      if (err.status >= 500) app.log.error({ err: err.message, path: c.req.path }, "request failed");
      if (err.status === 503) c.header("retry-after", "1");
      return openAiError(c, err.status, err.message, err.type, err.param);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const message = err.status === 403 ? "cross-site form post refused (the Origin is not this server)" : err.message;
      return openAiError(c, err.status as ContentfulStatusCode, message || "request refused", "invalid_request_error");
    }
    app.log.error({ err: err.message, path: c.req.path }, "request failed");
    return openAiError(c, 500, "internal error; see the server log", "server_error");
  });
  return http;
}

/**
 * Serves the app on `host:port` (port 0 picks a free one).
 * @returns the bound port and a `close(graceMs)` that stops accepting
 *   connections, lets requests in flight finish for up to `graceMs`
 *   (default 0), then cuts what is left.
 */
export async function startServer(
  app: Almanac,
  host: string,
  port: number,
): Promise<{ port: number; close: (graceMs?: number) => Promise<void> }> {
  const http = createHttpApp(app);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: http.fetch, hostname: host, port }, (info: AddressInfo) => {
      resolve({
        port: info.port,
        close: (graceMs = 0) =>
          new Promise<void>((res) => {
            const http = server as unknown as { closeAllConnections(): void; closeIdleConnections(): void };
            const cut = setTimeout(() => http.closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(cut);
              res();
            });
            http.closeIdleConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
