import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { LoginPage, OfflinePage, type SetupAccess, SetupPage } from "../../../views/login.js";
import type { AppServices } from "../../app/services.js";
import { AccountError } from "../../state/users.js";
import { SESSION_COOKIE } from "../guard.js";
import { LoginThrottle } from "../login-throttle.js";
import { accountErrorText } from "./account.js";
import { formField, i18nOf, safeBack, themeOf } from "./chrome.js";

/** What the sign-in routes use: the accounts, the config (anonymous role), the log, and the settings setup saves. */
export type AuthServices = Pick<AppServices, "accounts" | "config" | "log" | "settings">;

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

/** The choices setup offers for who may ask without an account (`admin` is for the config file alone). */
const SETUP_ACCESS: readonly SetupAccess[] = ["reader", "user", "none"];

/**
 * `POST /setup`: creates the admin account, saves who may ask without one (`anonymousRole`), signs the
 * admin in and goes on to the welcome page (only while no account exists).
 */
async function setup(c: Context, d: AuthDeps): Promise<Response> {
  const { accounts, log } = d.services;
  if (accounts.users.count() > 0) return c.redirect("/login", 303);
  const form = await c.req.parseBody();
  const access = SETUP_ACCESS.find((a) => a === form.anonymousRole) ?? "reader";
  try {
    const admin = await accounts.users.create(formField(form, "name"), formField(form, "password"), "admin");
    log.info({ user: admin.name, anonymousRole: access }, "first-run setup created the admin account");
    const refused = d.services.settings.save("anonymousRole", access);
    if (refused) log.warn({ err: refused }, "first-run setup could not save who may ask");
    signIn(accounts.sessions, c, admin.id);
    return c.redirect("/welcome", 303);
  } catch (err) {
    if (!(err instanceof AccountError)) throw err;
    const error = accountErrorText(err, i18nOf(c), "account");
    return c.html(<SetupPage theme={themeOf(c)} i18n={i18nOf(c)} error={error} access={access} />, 400);
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
