import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { Almanac } from "../app.js";
import { apiRoutes } from "./api.js";
import { openAiError } from "./errors.js";
import { requireKey } from "./guard.js";
import { openAiRoutes } from "./openai.js";
import { uiRoutes } from "./ui.js";

/**
 * Builds the Hono application. Route ownership and guards:
 *
 * | routes | owner | guard |
 * |---|---|---|
 * | `/v1/*` (models, chat/completions, embeddings) | OpenAI-compatible API | API key (bearer) when set |
 * | `/api/search` | JSON API | API key (bearer) when set |
 * | `/status` | operations | API key when set |
 * | `/`, `/ui/ask` | browser UI | API key cookie when set, else redirect to `/login` |
 * | `/login`, `/assets/*` | browser UI | public (sign-in form and static htmx) |
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
  http.use(
    "*",
    bodyLimit({ maxSize: 1024 * 1024, onError: (c) => openAiError(c, 413, "request body too large (limit 1 MiB)") }),
  );
  const apiGuard = requireKey(app.config.apiKey, (c) =>
    openAiError(
      c,
      401,
      "missing or wrong API key (send Authorization: Bearer <key>)",
      "authentication_error",
      null,
      "invalid_api_key",
    ),
  );
  const uiGuard = requireKey(app.config.apiKey, (c) => c.redirect("/login", 303));
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
    app.log.error({ err: err.message, path: c.req.path }, "request failed");
    return openAiError(c, 500, "internal error; see the server log", "server_error");
  });
  return http;
}

/**
 * Serves the app on `host:port` (port 0 picks a free one).
 * @returns the bound port and a `close()` that stops accepting connections.
 */
export async function startServer(
  app: Almanac,
  host: string,
  port: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const http = createHttpApp(app);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: http.fetch, hostname: host, port }, (info: AddressInfo) => {
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((res) => {
            server.close(() => res());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once("error", reject);
  });
}
