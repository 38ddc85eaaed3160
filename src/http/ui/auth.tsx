import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { LoginPage, OfflinePage, SetupPage } from "../../../views/login.js";
import type { AppServices } from "../../app/services.js";
import { AccountError } from "../../state/users.js";
import { SESSION_COOKIE } from "../guard.js";
import { LoginThrottle } from "../login-throttle.js";
import { formField, i18nOf, safeBack, themeOf } from "./chrome.js";

/** What the sign-in routes use: the accounts, the config (anonymous role) and the log. */
export type AuthServices = Pick<AppServices, "accounts" | "config" | "log">;

/** What each sign-in handler is given: the services and the failed-sign-in throttle. */
interface AuthDeps {
  readonly services: AuthServices;
  readonly throttle: LoginThrottle;
}

/** Starts a session for an account and sets its cookie: httpOnly, `SameSite=Lax`, `Secure` over HTTPS. */
export function signIn(sessions: AuthServices["accounts"]["sessions"], c: Context, userId: number): void {
  const session = sessions.create(userId);
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
export function authRoutes(services: AuthServices): Hono {
  const d: AuthDeps = { services, throttle: new LoginThrottle() };
  const r = new Hono();
  r.get("/setup", (c) => setupForm(c, d));
  r.post("/setup", (c) => setup(c, d));
  r.get("/login", (c) => loginForm(c, d));
  r.post("/login", (c) => login(c, d));
  r.post("/logout", (c) => logout(c, d));
  r.get("/offline", (c) => c.html(<OfflinePage theme={themeOf(c)} i18n={i18nOf(c)} />));
  return r;
}

/** `GET /setup`: the first-run form while no account exists; afterwards, the sign-in page. */
function setupForm(c: Context, d: AuthDeps): Response | Promise<Response> {
  return d.services.accounts.users.count() > 0
    ? c.redirect("/login", 303)
    : c.html(<SetupPage theme={themeOf(c)} i18n={i18nOf(c)} />);
}

/** `POST /setup`: creates the admin account and signs it in (only while no account exists). */
async function setup(c: Context, d: AuthDeps): Promise<Response> {
  const { accounts, log } = d.services;
  if (accounts.users.count() > 0) return c.redirect("/login", 303);
  const form = await c.req.parseBody();
  try {
    const admin = await accounts.users.create(formField(form, "name"), formField(form, "password"), "admin");
    log.info({ user: admin.name }, "first-run setup created the admin account");
    signIn(accounts.sessions, c, admin.id);
    return c.redirect("/library", 303);
  } catch (err) {
    if (!(err instanceof AccountError)) throw err;
    return c.html(<SetupPage theme={themeOf(c)} i18n={i18nOf(c)} error={err.message} />, 400);
  }
}

/** `GET /login`: the sign-in form (`?failed=1` after a wrong password, `?next=` where to go after). */
function loginForm(c: Context, d: AuthDeps): Response | Promise<Response> {
  if (d.services.accounts.users.count() === 0) return c.redirect("/setup", 303);
  const next = c.req.query("next");
  return c.html(
    <LoginPage
      theme={themeOf(c)}
      i18n={i18nOf(c)}
      openToAnonymous={d.services.config.anonymousRole !== "none"}
      failed={c.req.query("failed") === "1"}
      next={next ? safeBack(next) : undefined}
    />,
  );
}

/** `POST /login`: checks the password (429 while throttled), starts a session and goes on to `next`. */
async function login(c: Context, d: AuthDeps): Promise<Response> {
  const { accounts, config } = d.services;
  const form = await c.req.parseBody();
  const name = formField(form, "name").trim().toLowerCase().slice(0, 64);
  const clients = [`ip:${getConnInfo(c).remote.address ?? "unknown"}`, `name:${name}`];
  const wait = Math.max(...clients.map((k) => d.throttle.retryAfter(k)));
  if (wait > 0) {
    c.header("retry-after", String(wait));
    return c.html(
      <LoginPage
        theme={themeOf(c)}
        i18n={i18nOf(c)}
        openToAnonymous={config.anonymousRole !== "none"}
        failed={false}
        waitSeconds={wait}
      />,
      429,
    );
  }
  const account = await accounts.users.verify(name, formField(form, "password"));
  const next = safeBack(form.next);
  if (!account) {
    for (const k of clients) d.throttle.fail(k);
    return c.redirect(`/login?failed=1${next === "/" ? "" : `&next=${encodeURIComponent(next)}`}`, 303);
  }
  for (const k of clients) d.throttle.succeed(k);
  signIn(accounts.sessions, c, account.id);
  return c.redirect(next, 303);
}

/** `POST /logout`: ends this browser's session. */
function logout(c: Context, d: AuthDeps): Response {
  d.services.accounts.sessions.delete(getCookie(c, SESSION_COOKIE));
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
  return c.redirect("/login", 303);
}
