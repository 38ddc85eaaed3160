import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { Almanac } from "../app.js";
import { AlmanacError } from "../errors.js";
import { apiRoutes } from "./api.js";
import { openAiError } from "./errors.js";
import { requireKey } from "./guard.js";
import { openAiRoutes } from "./openai.js";
import { uiRoutes } from "./ui.js";

/** Longest request URL answered; longer ones get 414. Headers over Node's 16 KiB limit get 431 from Node itself. */
export const MAX_URL_CHARS = 8192;

/**
 * Builds the Hono application. Route ownership and guards:
 *
 * | routes | owner | guard |
 * |---|---|---|
 * | `/v1/*` (models, chat/completions, embeddings) | OpenAI-compatible API | API key (bearer) when set |
 * | `/api/search` | JSON API | API key (bearer) when set |
 * | `/status` | operations | API key when set |
 * | `/`, `/ui/ask` | browser UI | session cookie (from `/login`) or bearer key when a key is set, else redirect to `/login` |
 * | `/login`, `/logout`, `/assets/*` | browser UI | public (sign-in form, throttled per client; sign-out; static htmx) |
 *
 * Every route also gets a 1 MiB body limit and strict security headers (a CSP
 * that allows only this origin, so injected content could not load anything).
 */
export function createHttpApp(app: Almanac): Hono {
  const http = new Hono();
  http.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  http.use("*", async (c, next) => {
    if (c.req.url.length > MAX_URL_CHARS)
      return openAiError(c, 414, `URL over ${MAX_URL_CHARS} characters`, "invalid_request_error");
    return next();
  });
  http.use(
    "*",
    bodyLimit({ maxSize: 1024 * 1024, onError: (c) => openAiError(c, 413, "request body too large (limit 1 MiB)") }),
  );
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
  http.use("/v1/*", apiGuard);
  http.use("/api/*", apiGuard);
  http.use("/status", apiGuard);
  http.use("/", uiGuard);
  http.use("/ui/*", uiGuard);
  http.route("/v1", openAiRoutes(app));
  http.route("/api", apiRoutes(app));
  http.get("/status", async (c) => c.json(await app.status()));
  http.route("/", uiRoutes(app));
  http.notFound((c) => openAiError(c, 404, `no route for ${c.req.method} ${c.req.path}`, "not_found_error"));
  http.onError((err, c) => {
    if (err instanceof AlmanacError) {
      if (err.status >= 500) app.log.error({ err: err.message, path: c.req.path }, "request failed");
      if (err.status === 503) c.header("retry-after", "1");
      return openAiError(c, err.status, err.message, err.type, err.param);
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
