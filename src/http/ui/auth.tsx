import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { LoginPage, OfflinePage, SetupPage } from "../../../views/login.js";
import type { Almanac } from "../../app/almanac.js";
import { AccountError } from "../../state/users.js";
import { SESSION_COOKIE } from "../guard.js";
import { LoginThrottle } from "../login-throttle.js";
import { formField, safeBack, themeOf } from "./chrome.js";

/** Starts a session for an account and sets its cookie: httpOnly, `SameSite=Lax`, `Secure` over HTTPS. */
export function signIn(app: Almanac, c: Context, userId: number): void {
  const session = app.sessions.create(userId);
  setCookie(c, SESSION_COOKIE, session.id, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure: new URL(c.req.url).protocol === "https:",
    expires: new Date(session.expiresAt),
  });
}

/**
 * Public account routes: `GET/POST /setup` (first-run: creates the admin
 * while no account exists, then is gone), `GET/POST /login` (throttled per
 * client address and per account name, {@link LoginThrottle}), `POST
 * /logout`, and `GET /offline` (the service worker's fallback; no library content).
 */
export function authRoutes(app: Almanac): Hono {
  const r = new Hono();
  const throttle = new LoginThrottle();
  r.get("/setup", (c) =>
    app.users.count() > 0 ? c.redirect("/login", 303) : c.html(<SetupPage theme={themeOf(c)} />),
  );
  r.post("/setup", async (c) => {
    if (app.users.count() > 0) return c.redirect("/login", 303);
    const form = await c.req.parseBody();
    try {
      const admin = await app.users.create(formField(form, "name"), formField(form, "password"), "admin");
      app.log.info({ user: admin.name }, "first-run setup created the admin account");
      signIn(app, c, admin.id);
      return c.redirect("/library", 303);
    } catch (err) {
      if (!(err instanceof AccountError)) throw err;
      return c.html(<SetupPage theme={themeOf(c)} error={err.message} />, 400);
    }
  });
  r.get("/login", (c) => {
    if (app.users.count() === 0) return c.redirect("/setup", 303);
    const next = c.req.query("next");
    return c.html(
      <LoginPage
        theme={themeOf(c)}
        openToAnonymous={app.config.anonymousRole !== "none"}
        failed={c.req.query("failed") === "1"}
        next={next ? safeBack(next) : undefined}
      />,
    );
  });
  r.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const name = formField(form, "name").trim().toLowerCase().slice(0, 64);
    const clients = [`ip:${getConnInfo(c).remote.address ?? "unknown"}`, `name:${name}`];
    const wait = Math.max(...clients.map((k) => throttle.retryAfter(k)));
    if (wait > 0) {
      c.header("retry-after", String(wait));
      return c.html(
        <LoginPage
          theme={themeOf(c)}
          openToAnonymous={app.config.anonymousRole !== "none"}
          failed={false}
          waitSeconds={wait}
        />,
        429,
      );
    }
    const account = await app.users.verify(name, formField(form, "password"));
    const next = safeBack(form.next);
    if (!account) {
      for (const k of clients) throttle.fail(k);
      return c.redirect(`/login?failed=1${next === "/" ? "" : `&next=${encodeURIComponent(next)}`}`, 303);
    }
    for (const k of clients) throttle.succeed(k);
    signIn(app, c, account.id);
    return c.redirect(next, 303);
  });
  r.post("/logout", (c) => {
    app.sessions.delete(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  });
  r.get("/offline", (c) => c.html(<OfflinePage theme={themeOf(c)} />));
  return r;
}
