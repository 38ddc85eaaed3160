import { getRequestListener } from "@hono/node-server";
import { type ErrorHandler, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppServices } from "../app/services.js";
import { AlmanacError } from "../errors.js";
import { isDiskFull } from "../library/disk.js";
import { Admission, admissionControl, admissionLimitsOf } from "./admission.js";
import { apiRoutes } from "./api.js";
import { openAiError } from "./errors.js";
import { bearerToken, enforce, identify } from "./guard.js";
import { OWN_CSP_HEADER } from "./headers.js";
import { hostCheck } from "./host-check.js";
import { mcpRoutes } from "./mcp-route.js";
import { ollamaRoutes } from "./ollama/index.js";
import { openAiRoutes } from "./openai/index.js";
import { assetRoutes } from "./ui/assets.js";
import { authRoutes } from "./ui/auth.js";
import { chromeOf } from "./ui/chrome.js";
import { uiRoutes } from "./ui/index.js";
import { MessagePage } from "./ui/message-page.js";
import { listenWarming, type WarmingServer } from "./warming.js";

/** Longest request URL answered; longer ones get 414. Headers over Node's 16 KiB limit get 431 from Node itself. */
export const MAX_URL_CHARS = 8192;

/** Routes whose bodies are uploads with their own limits (`maxUploadMb`, `maxModelUploadMb`), not the 1 MiB default. */
const UPLOAD_PATHS = new Set(["/library/upload", "/status/models/upload", "/api/models/upload"]);

/** The page CSP (only this origin), and the stricter one a route that serves a book's own file names instead. */
function useSecurityHeaders(http: Hono): void {
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
}

/** A 421 for a Host this box does not answer to, a 414 for a long URL, a 413 for a body over 1 MiB (not uploads). */
function useRequestLimits(http: Hono, config: AppServices["config"]): void {
  http.use("*", hostCheck(config));
  http.use("*", async (c, next) => {
    if (c.req.url.length > MAX_URL_CHARS)
      return openAiError(c, 414, `URL over ${MAX_URL_CHARS} characters`, "invalid_request_error");
    return next();
  });
  const defaultLimit = bodyLimit({
    maxSize: 1024 * 1024,
    onError: (c) => openAiError(c, 413, "request body too large (limit 1 MiB)"),
  });
  http.use("*", (c, next) => (UPLOAD_PATHS.has(c.req.path) ? next() : defaultLimit(c, next)));
}

/** The Origin check on form posts without a Bearer key (CSRF), and CORS for the JSON APIs when origins are listed. */
function useCrossOrigin(http: Hono, config: AppServices["config"]): void {
  const formCsrf = csrf();
  // A Bearer key is the whole credential (identify() then never reads the session cookie), and a cross-site
  // form cannot send one: without CORS a browser preflights Authorization and is refused. Nothing ambient to forge.
  http.use("*", (c, next) => (bearerToken(c.req.header("authorization")) === undefined ? formCsrf(c, next) : next()));
  // CORS is off unless origins are listed: then browsers on those origins may call the JSON APIs (preflight included).
  if (config.corsOrigins.length === 0) return;
  const allow = cors({
    origin: config.corsOrigins,
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type"],
    maxAge: 600,
  });
  for (const prefix of ["/v1/*", "/api/*"]) http.use(prefix, allow);
}

/** Who is asking, the route table (a page's refusal is the "Not allowed" page), then admission control. */
function useAccess(http: Hono, services: AppServices): void {
  http.use("*", identify(services));
  http.use(
    "*",
    enforce(services, (c) =>
      c.html(
        <MessagePage
          chrome={chromeOf(c)}
          title="Not allowed"
          message={`Your account (${c.get("principal").role ?? "no access"}) may not open this page. Ask an admin to change your role.`}
        />,
        403,
      ),
    ),
  );
  // After the role check, so a refused request costs no slot; /health, /status and streams skip the queue.
  http.use("*", admissionControl(new Admission(admissionLimitsOf(services.config))));
}

/** `/health`, the OpenAI API at `/v1`, the JSON API at `/api`, the web app, and an OpenAI-shaped 404 for the rest. */
function mountRoutes(http: Hono, services: AppServices): void {
  // For Docker's HEALTHCHECK and systemd watchdogs: answers once the server listens, before indexing ends.
  http.get("/health", (c) => c.json({ status: "ok" }));
  http.route("/v1", openAiRoutes(services));
  http.route("/api", apiRoutes(services));
  http.route("/api", ollamaRoutes(services));
  http.route("/", mcpRoutes(services));
  http.route("/", assetRoutes());
  http.route("/", authRoutes(services));
  http.route("/", uiRoutes(services));
  http.notFound((c) => openAiError(c, 404, `no route for ${c.req.method} ${c.req.path}`, "not_found_error"));
}

/**
 * The one place errors become responses: an {@link AlmanacError} with its
 * status, type and param (and `Retry-After` when it gives one, 1 for any
 * other 503); Hono's own 4xx refusals (a CSRF 403 says why); a full data disk
 * as 507; anything else as a logged 500.
 */
function errorHandler(log: AppServices["log"]): ErrorHandler {
  return (err, c) => {
    if (err instanceof AlmanacError) {
      if (err.status >= 500) log.error({ err: err.message, path: c.req.path }, "request failed");
      const retryAfter = err.retryAfterSeconds ?? (err.status === 503 ? 1 : undefined);
      if (retryAfter !== undefined) c.header("retry-after", String(retryAfter));
      return openAiError(c, err.status, err.message, err.type, err.param);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const message = err.status === 403 ? "cross-site form post refused (the Origin is not this server)" : err.message;
      return openAiError(c, err.status as ContentfulStatusCode, message || "request refused", "invalid_request_error");
    }
    if (isDiskFull(err)) {
      // A sign-in, a saved conversation or a setting that cannot be written: say why; search still works.
      log.error({ path: c.req.path }, "request failed: the data disk is full");
      return openAiError(
        c,
        507,
        "the data disk is full; free some space and try again (search still works)",
        "server_error",
      );
    }
    log.error({ err: err.message, path: c.req.path }, "request failed");
    return openAiError(c, 500, "internal error; see the server log", "server_error");
  };
}

/**
 * Builds the Hono application: security headers (a CSP that allows only this
 * origin), a 421 for a Host it does not answer to ({@link hostCheck}), a 414
 * for URLs over {@link MAX_URL_CHARS}, a 1 MiB body limit (uploads have
 * their own), an Origin check on form posts without a Bearer key (CSRF), who is
 * asking ({@link identify}), the route table (`ROUTES` in `access.ts`,
 * {@link enforce}), admission control for searches and pages
 * ({@link admissionControl}), then the routes. Errors map to OpenAI-shaped
 * JSON in one place. Everything it answers with comes from `services`, so a
 * test can hand in fakes and call `request()` without opening a data folder.
 */
export function createHttpApp(services: AppServices): Hono {
  const http = new Hono();
  useSecurityHeaders(http);
  useRequestLimits(http, services.config);
  useCrossOrigin(http, services.config);
  useAccess(http, services);
  mountRoutes(http, services);
  http.onError(errorHandler(services.log));
  return http;
}

/**
 * Serves {@link createHttpApp} over `services` on `host:port` (port 0 picks a free one), or on `warming`,
 * the listener `almanac serve` opened before loading the app (its held requests are answered first).
 * @returns the bound port and a `close(graceMs)` that stops accepting
 *   connections, lets requests in flight finish for up to `graceMs`
 *   (default 0), then cuts what is left.
 * @throws the listen error (EADDRINUSE, EACCES) when it opens the port itself.
 */
export async function startServer(
  services: AppServices,
  host: string,
  port: number,
  warming?: WarmingServer,
): Promise<{ port: number; close: (graceMs?: number) => Promise<void> }> {
  const http = createHttpApp(services);
  const server = warming ?? (await listenWarming(host, port));
  server.serve(getRequestListener(http.fetch, { hostname: host }));
  return { port: server.port, close: (graceMs) => server.close(graceMs) };
}
