import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { LoginPage, OfflinePage } from "../../../views/login.js";
import type { Almanac } from "../../app.js";
import { keyMatches, SESSION_COOKIE } from "../guard.js";
import { LoginThrottle } from "../login-throttle.js";
import { chatRoutes } from "./chat.js";
import { themeOf } from "./chrome.js";
import { libraryRoutes } from "./library.js";
import { pageRoutes } from "./pages.js";
import { readerRoutes } from "./reader.js";
import { zimReaderRoutes } from "./zim-reader.js";

/**
 * Public browser routes: `GET /login`, `POST /login` (throttled per client
 * address, {@link LoginThrottle}; makes a SQLite session whose cookie is
 * `HttpOnly`, `SameSite=Strict`, and `Secure` over HTTPS), `POST /logout`, and
 * `GET /offline` (the page the service worker falls back to; no library content).
 */
export function authRoutes(app: Almanac): Hono {
  const { sessions } = app;
  const r = new Hono();
  const throttle = new LoginThrottle();
  r.get("/login", (c) => c.html(<LoginPage theme={themeOf(c)} failed={c.req.query("failed") === "1"} />));
  r.post("/login", async (c) => {
    const client = getConnInfo(c).remote.address ?? "unknown";
    const wait = throttle.retryAfter(client);
    if (wait > 0) {
      c.header("retry-after", String(wait));
      return c.html(<LoginPage theme={themeOf(c)} failed={false} waitSeconds={wait} />, 429);
    }
    const form = await c.req.parseBody();
    const key = typeof form.key === "string" ? form.key : "";
    if (!app.config.apiKey || !keyMatches(key, app.config.apiKey)) {
      throttle.fail(client);
      return c.redirect("/login?failed=1", 303);
    }
    throttle.succeed(client);
    const session = sessions.create();
    setCookie(c, SESSION_COOKIE, session.id, {
      httpOnly: true,
      sameSite: "Strict",
      path: "/",
      secure: new URL(c.req.url).protocol === "https:",
      expires: new Date(session.expiresAt),
    });
    return c.redirect("/", 303);
  });
  r.post("/logout", (c) => {
    sessions.delete(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  });
  r.get("/offline", (c) => c.html(<OfflinePage theme={themeOf(c)} />));
  return r;
}

/**
 * Guarded browser routes (owner: the web app): `/` (redirects to the landing
 * page: survival topics when no chat model is loaded and `landingPage` is
 * `auto`), chat, reader, library, survival, search, status and settings.
 * All book and answer text is rendered through JSX escaping or, for answer
 * Markdown, rehype-sanitize.
 */
export function uiRoutes(app: Almanac): Hono {
  const signOut = app.config.apiKey !== undefined;
  const r = new Hono();
  r.get("/", (c) => {
    const landing = app.config.landingPage;
    const survival = landing === "survival" || (landing === "auto" && app.answerer.mode !== "rag");
    return c.redirect(survival ? "/survival" : "/chat", 302);
  });
  r.route("/", chatRoutes(app, signOut));
  r.route("/", zimReaderRoutes(app, signOut));
  r.route("/", readerRoutes(app, signOut));
  r.route("/", libraryRoutes(app, signOut));
  r.route("/", pageRoutes(app, signOut));
  return r;
}
