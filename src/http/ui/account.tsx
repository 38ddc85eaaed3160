import { type Context, Hono } from "hono";
import { deleteCookie } from "hono/cookie";
import { AccountPage, type KeyView, UsersPage } from "../../../views/account.js";
import type { Almanac } from "../../app/almanac.js";
import type { ApiKeyInfo } from "../../state/api-keys.js";
import { AccountError, checkRole } from "../../state/users.js";
import { SESSION_COOKIE } from "../guard.js";
import { chromeOf, formField } from "./chrome.js";
import { askFirst } from "./confirm.js";

const when = (ms: number | null) => (ms === null ? "never" : new Date(ms).toISOString().slice(0, 16).replace("T", " "));

/** An API key as the pages list it. */
function keyView(k: ApiKeyInfo, owner?: string): KeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    created: when(k.createdAt),
    lastUsed: when(k.lastUsedAt),
    revoked: k.revokedAt !== null,
    ...(owner ? { owner } : {}),
  };
}

/** Runs an account change; an {@link AccountError} becomes the page's message (and a 400), anything else is thrown. */
async function attempt(change: () => unknown): Promise<{ message: string; ok: boolean }> {
  try {
    const message = await change();
    return { message: typeof message === "string" ? message : "Saved.", ok: true };
  } catch (err) {
    if (err instanceof AccountError) return { message: err.message, ok: false };
    throw err;
  }
}

/** Asks before revoking a live key of `keys` (undefined: no such key, so nothing to ask; the route says so). */
async function askRevoke(c: Context, keys: ApiKeyInfo[], back: string): Promise<Response | undefined> {
  const key = keys.find((k) => k.id === Number(c.req.param("id")) && k.revokedAt === null);
  if (!key) return undefined;
  return askFirst(c, {
    title: `Revoke the key “${key.name}”?`,
    message: `Anything using ${key.prefix}… stops working at once. A revoked key cannot be turned back on; make a new one instead.`,
    confirm: "Revoke",
    cancel: back,
    page: back === "/account" ? "account" : "users",
  });
}

/**
 * Account routes for anyone signed in (`/account`: password, API keys shown
 * once, sign out everywhere) and the admin's `/admin/users` (create, change
 * role, disable or enable, reset password: each reset or disable also ends
 * the account's sessions) and `/admin/keys/:id/revoke`. Revoking a key and
 * disabling an account ask first ({@link askFirst}). Who may use each is
 * declared in the route table (`src/http/access.ts`).
 */
export function accountRoutes(app: Almanac): Hono {
  const r = new Hono();
  const { users, apiKeys, sessions } = app;
  const me = (c: Context) => {
    const account = c.get("principal").account;
    if (!account) throw new Error("account route reached without an account (route table)");
    return account;
  };

  const accountPage = (c: Context, messages: string[] = [], newKey?: string, status: 200 | 400 = 200) => {
    const account = me(c);
    return c.html(
      <AccountPage
        {...chromeOf(c)}
        name={account.name}
        role={account.role}
        keys={apiKeys.list(account.id).map((k) => keyView(k))}
        messages={messages}
        {...(newKey ? { newKey } : {})}
      />,
      status,
    );
  };
  r.get("/account", (c) => accountPage(c));
  r.post("/account/keys", async (c) => {
    const form = await c.req.parseBody();
    let key = "";
    const done = await attempt(() => {
      key = apiKeys.create(me(c).id, formField(form, "name")).key;
      return "Key created.";
    });
    return done.ok ? accountPage(c, [], key) : accountPage(c, [done.message], undefined, 400);
  });
  r.post("/account/keys/:id/revoke", async (c) => {
    const asked = await askRevoke(c, apiKeys.list(me(c).id), "/account");
    if (asked) return asked;
    const ok = apiKeys.revoke(Number(c.req.param("id")), me(c).id);
    return accountPage(c, [ok ? "Key revoked: it no longer works." : "No such key."], undefined, ok ? 200 : 400);
  });
  r.post("/account/password", async (c) => {
    const form = await c.req.parseBody();
    const account = me(c);
    if (!(await users.verify(account.name, formField(form, "current"))))
      return accountPage(c, ["The current password is not right."], undefined, 400);
    const done = await attempt(() => users.setPassword(account.id, formField(form, "password")));
    return accountPage(c, [done.ok ? "Password changed." : done.message], undefined, done.ok ? 200 : 400);
  });
  r.post("/account/sign-out-everywhere", (c) => {
    sessions.deleteAllFor(me(c).id);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  });

  const usersPage = (c: Context, messages: string[] = [], status: 200 | 400 = 200) => {
    const self = c.get("principal").account?.id;
    const names = new Map(users.list().map((u) => [u.id, u.name]));
    return c.html(
      <UsersPage
        {...chromeOf(c)}
        users={users.list().map((u) => ({
          id: u.id,
          name: u.name,
          role: u.role,
          disabled: u.disabled,
          created: when(u.createdAt),
          self: u.id === self,
        }))}
        keys={apiKeys.list().map((k) => keyView(k, names.get(k.userId) ?? "?"))}
        messages={messages}
      />,
      status,
    );
  };
  const change = async (c: Context, run: (id: number, form: Record<string, unknown>) => unknown) => {
    const form = await c.req.parseBody();
    const done = await attempt(() => run(Number(c.req.param("id")), form));
    return usersPage(c, [done.message], done.ok ? 200 : 400);
  };
  r.get("/admin/users", (c) => usersPage(c));
  r.post("/admin/users", (c) =>
    change(c, async (_id, form) => {
      const made = await users.create(
        formField(form, "name"),
        formField(form, "password"),
        checkRole(formField(form, "role")),
      );
      return `Added ${made.name} (${made.role}).`;
    }),
  );
  r.post("/admin/users/:id/role", (c) =>
    change(c, (id, form) => {
      const u = users.setRole(id, checkRole(formField(form, "role")));
      return `${u.name} is now ${u.role}.`;
    }),
  );
  r.post("/admin/users/:id/disable", async (c) => {
    const target = users.get(Number(c.req.param("id")));
    const asked =
      target &&
      (await askFirst(c, {
        title: `Disable ${target.name}?`,
        message: `${target.name} is signed out everywhere, cannot sign in, and their API keys are refused until an admin enables the account again. Their conversations are kept.`,
        confirm: "Disable",
        cancel: "/admin/users",
        page: "users",
      }));
    if (asked) return asked;
    return change(c, (id) => {
      const u = users.setDisabled(id, true);
      sessions.deleteAllFor(id);
      return `${u.name} is disabled: signed out everywhere, and their API keys are refused.`;
    });
  });
  r.post("/admin/users/:id/enable", (c) => change(c, (id) => `${users.setDisabled(id, false).name} is enabled.`));
  r.post("/admin/users/:id/password", (c) =>
    change(c, async (id, form) => {
      await users.setPassword(id, formField(form, "password"));
      sessions.deleteAllFor(id);
      return `Password reset for ${users.get(id)?.name}; their sessions ended.`;
    }),
  );
  r.post("/admin/keys/:id/revoke", async (c) => {
    const asked = await askRevoke(c, apiKeys.list(), "/admin/users");
    if (asked) return asked;
    const ok = apiKeys.revoke(Number(c.req.param("id")));
    return usersPage(c, [ok ? "Key revoked." : "No such key."], ok ? 200 : 400);
  });
  return r;
}
