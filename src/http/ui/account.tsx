import { type Context, Hono } from "hono";
import { deleteCookie } from "hono/cookie";
import { AccountPage, type KeyView, UsersPage } from "../../../views/account.js";
import type { AccountsService } from "../../app/services.js";
import type { I18n } from "../../i18n/index.js";
import type { ApiKeyInfo } from "../../state/api-keys.js";
import { AccountError, checkRole, PASSWORD_CHARS } from "../../state/users.js";
import { SESSION_COOKIE } from "../guard.js";
import { chromeOf, formField, i18nOf } from "./chrome.js";
import { askFirst } from "./confirm.js";

/** A time as the pages show it, in the page's language, or "never". */
const when = (ms: number | null, i18n: I18n) => (ms === null ? i18n.t("acct.never") : i18n.date(ms));

/** An API key as the pages list it. */
function keyView(k: ApiKeyInfo, i18n: I18n, owner?: string): KeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    created: when(k.createdAt, i18n),
    lastUsed: when(k.lastUsedAt, i18n),
    revoked: k.revokedAt !== null,
    ...(owner ? { owner } : {}),
  };
}

/** Which form an {@link AccountError} came from: a key's name and an account's name are both the field `name`. */
export type Subject = "account" | "key";

/**
 * An {@link AccountError} in the page's language, told apart by the field at fault and the status (the error's
 * own text is English, for the API); one this table does not know keeps its English text.
 * @param subject - which form it came from: an account's or a key's (both name their field `name`).
 */
export function accountErrorText(err: AccountError, i18n: I18n, subject: Subject): string {
  if (err.status === 404) return i18n.t("users.unknown");
  if (err.param === "name")
    return i18n.t(err.status === 409 ? "users.taken" : subject === "key" ? "acct.badKeyName" : "users.badName");
  if (err.param === "password") return i18n.t("acct.badPassword", PASSWORD_CHARS);
  if (err.param === "role") return i18n.t(err.status === 409 ? "users.lastAdmin" : "users.badRole");
  return err.message;
}

/**
 * Runs an account change; an {@link AccountError} becomes the page's message in its language (and a 400),
 * anything else is thrown.
 */
async function attempt(
  c: Context,
  change: () => unknown,
  subject: Subject = "account",
): Promise<{ message: string; ok: boolean }> {
  const i18n = i18nOf(c);
  try {
    const message = await change();
    return { message: typeof message === "string" ? message : i18n.t("settings.saved"), ok: true };
  } catch (err) {
    if (err instanceof AccountError) return { message: accountErrorText(err, i18n, subject), ok: false };
    throw err;
  }
}

/** Asks before revoking a live key of `keys` (undefined: no such key, so nothing to ask; the route says so). */
async function askRevoke(c: Context, keys: ApiKeyInfo[], back: string): Promise<Response | undefined> {
  const key = keys.find((k) => k.id === Number(c.req.param("id")) && k.revokedAt === null);
  if (!key) return undefined;
  const { t } = i18nOf(c);
  return askFirst(c, {
    title: t("acct.revokeTitle", { name: key.name }),
    message: t("acct.revokeMessage", { prefix: key.prefix }),
    confirm: t("acct.revoke"),
    cancel: back,
    page: back === "/account" ? "account" : "users",
  });
}

/** The signed-in account of a request (the route table lets only accounts in). */
function me(c: Context) {
  const account = c.get("principal").account;
  if (!account) throw new Error("account route reached without an account (route table)");
  return account;
}

/**
 * Account routes for anyone signed in (`/account`: password, API keys shown
 * once, sign out everywhere) and the admin's `/admin/users` (create, change
 * role, disable or enable, reset password: each reset or disable also ends
 * the account's sessions) and `/admin/keys/:id/revoke`. Revoking a key and
 * disabling an account ask first ({@link askFirst}). Who may use each is
 * declared in the route table (`src/http/access.ts`).
 */
export function accountRoutes(services: { accounts: AccountsService }): Hono {
  const a = services.accounts;
  const r = new Hono();
  r.get("/account", (c) => accountPage(c, a));
  r.post("/account/keys", (c) => createKey(c, a));
  r.post("/account/keys/:id/revoke", (c) => revokeOwnKey(c, a));
  r.post("/account/password", (c) => changePassword(c, a));
  r.post("/account/sign-out-everywhere", (c) => signOutEverywhere(c, a));
  r.get("/admin/users", (c) => usersPage(c, a));
  r.post("/admin/users", (c) => change(c, a, (_id, form) => addUser(a, form, i18nOf(c))));
  r.post("/admin/users/:id/role", (c) => change(c, a, (id, form) => setRole(a, id, form, i18nOf(c))));
  r.post("/admin/users/:id/disable", (c) => disableUser(c, a));
  r.post("/admin/users/:id/enable", (c) =>
    change(c, a, (id) => i18nOf(c).t("users.enabled", { name: a.users.setDisabled(id, false).name })),
  );
  r.post("/admin/users/:id/password", (c) => change(c, a, (id, form) => resetPassword(a, id, form, i18nOf(c))));
  r.post("/admin/keys/:id/revoke", (c) => revokeAnyKey(c, a));
  return r;
}

/** `GET /account`, and the answer of each account form: name, role, keys (a new key shown once) and messages. */
function accountPage(
  c: Context,
  a: AccountsService,
  messages: string[] = [],
  newKey?: string,
  status: 200 | 400 = 200,
): Response | Promise<Response> {
  const account = me(c);
  const chrome = chromeOf(c);
  return c.html(
    <AccountPage
      {...chrome}
      name={account.name}
      role={account.role}
      keys={a.apiKeys.list(account.id).map((k) => keyView(k, chrome.i18n))}
      messages={messages}
      baseUrl={`${new URL(c.req.url).origin}/v1`}
      {...(newKey ? { newKey } : {})}
    />,
    status,
  );
}

/** `POST /account/keys`: a new API key, shown once. */
async function createKey(c: Context, a: AccountsService): Promise<Response> {
  const form = await c.req.parseBody();
  let key = "";
  const done = await attempt(
    c,
    () => {
      key = a.apiKeys.create(me(c).id, formField(form, "name")).key;
    },
    "key",
  );
  return done.ok ? accountPage(c, a, [], key) : accountPage(c, a, [done.message], undefined, 400);
}

/** `POST /account/keys/:id/revoke`: asks first, then revokes one of the account's own keys. */
async function revokeOwnKey(c: Context, a: AccountsService): Promise<Response> {
  const asked = await askRevoke(c, a.apiKeys.list(me(c).id), "/account");
  if (asked) return asked;
  const ok = a.apiKeys.revoke(Number(c.req.param("id")), me(c).id);
  const { t } = i18nOf(c);
  return accountPage(c, a, [t(ok ? "acct.keyRevoked" : "acct.noSuchKey")], undefined, ok ? 200 : 400);
}

/** `POST /account/password`: a new password, given the current one. */
async function changePassword(c: Context, a: AccountsService): Promise<Response> {
  const form = await c.req.parseBody();
  const account = me(c);
  if (!(await a.users.verify(account.name, formField(form, "current"))))
    return accountPage(c, a, [i18nOf(c).t("acct.wrongPassword")], undefined, 400);
  const done = await attempt(c, () => a.users.setPassword(account.id, formField(form, "password")));
  return accountPage(
    c,
    a,
    [done.ok ? i18nOf(c).t("acct.passwordChanged") : done.message],
    undefined,
    done.ok ? 200 : 400,
  );
}

/** `POST /account/sign-out-everywhere`: ends every session of the account, this one included. */
function signOutEverywhere(c: Context, a: AccountsService): Response {
  a.sessions.deleteAllFor(me(c).id);
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
  return c.redirect("/login", 303);
}

/** `GET /admin/users`, and the answer of each admin form: every account and every API key. */
function usersPage(
  c: Context,
  a: AccountsService,
  messages: string[] = [],
  status: 200 | 400 = 200,
): Response | Promise<Response> {
  const self = c.get("principal").account?.id;
  const names = new Map(a.users.list().map((u) => [u.id, u.name]));
  const chrome = chromeOf(c);
  return c.html(
    <UsersPage
      {...chrome}
      users={a.users.list().map((u) => ({
        id: u.id,
        name: u.name,
        role: u.role,
        disabled: u.disabled,
        created: when(u.createdAt, chrome.i18n),
        self: u.id === self,
      }))}
      keys={a.apiKeys.list().map((k) => keyView(k, chrome.i18n, names.get(k.userId) ?? "?"))}
      messages={messages}
    />,
    status,
  );
}

/** Runs an admin change on the account `:id` with the posted form, and answers with the users page and its message. */
async function change(
  c: Context,
  a: AccountsService,
  run: (id: number, form: Record<string, unknown>) => unknown,
): Promise<Response> {
  const form = await c.req.parseBody();
  const done = await attempt(c, () => run(Number(c.req.param("id")), form));
  return usersPage(c, a, [done.message], done.ok ? 200 : 400);
}

/** `POST /admin/users`: a new account with a name, password and role. */
async function addUser(a: AccountsService, form: Record<string, unknown>, i18n: I18n): Promise<string> {
  const made = await a.users.create(
    formField(form, "name"),
    formField(form, "password"),
    checkRole(formField(form, "role")),
  );
  return i18n.t("users.added", { name: made.name, role: i18n.t(`role.${made.role}`) });
}

/** `POST /admin/users/:id/role`: another role for an account. */
function setRole(a: AccountsService, id: number, form: Record<string, unknown>, i18n: I18n): string {
  const u = a.users.setRole(id, checkRole(formField(form, "role")));
  return i18n.t("users.roleSet", { name: u.name, role: i18n.t(`role.${u.role}`) });
}

/** `POST /admin/users/:id/disable`: asks first, then disables the account and ends its sessions. */
async function disableUser(c: Context, a: AccountsService): Promise<Response> {
  const target = a.users.get(Number(c.req.param("id")));
  const { t } = i18nOf(c);
  const asked =
    target &&
    (await askFirst(c, {
      title: t("users.disableTitle", { name: target.name }),
      message: t("users.disableMessage", { name: target.name }),
      confirm: t("users.disable"),
      cancel: "/admin/users",
      page: "users",
    }));
  if (asked) return asked;
  return change(c, a, (id) => {
    const u = a.users.setDisabled(id, true);
    a.sessions.deleteAllFor(id);
    return t("users.disabledDone", { name: u.name });
  });
}

/** `POST /admin/users/:id/password`: a new password for an account, whose sessions then end. */
async function resetPassword(
  a: AccountsService,
  id: number,
  form: Record<string, unknown>,
  i18n: I18n,
): Promise<string> {
  await a.users.setPassword(id, formField(form, "password"));
  a.sessions.deleteAllFor(id);
  return i18n.t("users.passwordReset", { name: a.users.get(id)?.name ?? "?" });
}

/** `POST /admin/keys/:id/revoke`: asks first, then revokes anyone's key. */
async function revokeAnyKey(c: Context, a: AccountsService): Promise<Response> {
  const asked = await askRevoke(c, a.apiKeys.list(), "/admin/users");
  if (asked) return asked;
  const ok = a.apiKeys.revoke(Number(c.req.param("id")));
  return usersPage(c, a, [i18nOf(c).t(ok ? "users.keyRevoked" : "acct.noSuchKey")], ok ? 200 : 400);
}
