import type { Child } from "hono/jsx";
import type { I18n } from "../src/view-models.js";
import { Layout, type PageChrome } from "./layout.js";

/** An API key as listed: never the key itself. */
export interface KeyView {
  id: number;
  name: string;
  prefix: string;
  created: string;
  lastUsed: string;
  revoked: boolean;
  /** The owner's name (the admin's list of every key). */
  owner?: string;
}

/** The roles an account may have, lowest first. */
const ROLES = ["reader", "user", "admin"] as const;

/** A role's name in the page's language (the role itself for one the catalogs do not know). */
function roleName(i18n: I18n, role: string): string {
  const key = `role.${role}`;
  return i18n.has(key) ? i18n.t(key) : role;
}

/** What the last form did, announced to screen readers. */
function Messages(props: { messages: string[] }) {
  return (
    <>
      {props.messages.map((m) => (
        <p role="alert" class="card">
          {m}
        </p>
      ))}
    </>
  );
}

/** A key's row, with a revoke button while it is live. */
function KeyRows(props: { keys: KeyView[]; revokeBase: string; i18n: I18n }) {
  const t = props.i18n.t;
  if (props.keys.length === 0) return <p class="meta">{t("acct.noKeys")}</p>;
  return (
    <div class="table-wrap">
      <table class="stacked">
        <thead>
          <tr>
            <th>{t("login.name")}</th>
            {props.keys.some((k) => k.owner) ? <th>{t("acct.owner")}</th> : null}
            <th>{t("acct.key")}</th>
            <th>{t("acct.created")}</th>
            <th>{t("acct.lastUsed")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.keys.map((k) => (
            <tr>
              <td>
                <strong>{k.name}</strong>
              </td>
              {k.owner ? <td data-label={t("acct.owner")}>{k.owner}</td> : null}
              <td data-label={t("acct.key")}>
                <code>{k.prefix}…</code>
              </td>
              <td data-label={t("acct.created")}>{k.created}</td>
              <td data-label={t("acct.lastUsed")}>{k.lastUsed}</td>
              <td>
                {k.revoked ? (
                  t("acct.revoked")
                ) : (
                  <form method="post" action={`${props.revokeBase}/${k.id}/revoke`}>
                    <button type="submit" class="quiet">
                      {t("acct.revoke")}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `/account`: one's role, password, API keys (a new key shown once) and sessions. */
export function AccountPage(
  props: PageChrome & {
    name: string;
    role: string;
    keys: KeyView[];
    newKey?: string;
    messages: string[];
    /** This server's OpenAI base URL as the browser reached it, e.g. `http://192.168.1.20:8080/v1`. */
    baseUrl: string;
  },
) {
  const { i18n } = props;
  const t = i18n.t;
  return (
    <Layout
      title={`${t("acct.title")} — Almanac`}
      page="account"
      theme={props.theme}
      viewer={props.viewer}
      i18n={props.i18n}
    >
      <h1>{props.name}</h1>
      <p class="meta">{t("acct.role", { role: roleName(i18n, props.role) })}</p>
      <Messages messages={props.messages} />
      {props.newKey ? (
        <div class="card" role="alert">
          <p>{i18n.rich<Child>("acct.newKey", { b: (parts) => <strong>{parts}</strong> })}</p>
          <p class="row">
            <code id="new-key" class="secret">
              {props.newKey}
            </code>
            <button type="button" class="quiet" data-copy="#new-key" data-copied={t("acct.copied")}>
              {t("acct.copy")}
            </button>
          </p>
          <p class="meta">
            {i18n.rich<Child>("acct.useKeyAt", {
              code: (parts) => <code>{parts}</code>,
              header: "Authorization: Bearer <key>",
              url: props.baseUrl,
            })}
          </p>
        </div>
      ) : null}
      <h2>{t("acct.apiKeys")}</h2>
      <KeyRows keys={props.keys} revokeBase="/account/keys" i18n={i18n} />
      <form method="post" action="/account/keys" class="row card">
        <label for="key-name">{t("acct.keyName")}</label>
        <input type="text" id="key-name" name="name" required maxlength={80} placeholder={t("acct.keyPlaceholder")} />
        <button type="submit">{t("acct.createKey")}</button>
      </form>
      <h2>{t("acct.password")}</h2>
      <form method="post" action="/account/password" class="card stack">
        <label for="current">{t("acct.current")}</label>
        <input type="password" id="current" name="current" required autocomplete="current-password" />
        <label for="password">{t("acct.newPassword")}</label>
        <input type="password" id="password" name="password" required minlength={8} autocomplete="new-password" />
        <button type="submit">{t("acct.changePassword")}</button>
      </form>
      <h2>{t("acct.sessions")}</h2>
      <form method="post" action="/account/sign-out-everywhere" class="card">
        <p>{t("acct.everywhereNote")}</p>
        <button type="submit">{t("acct.everywhere")}</button>
      </form>
    </Layout>
  );
}

/** An account as the admin's list shows it. */
export interface UserView {
  id: number;
  name: string;
  role: string;
  disabled: boolean;
  created: string;
  self: boolean;
}

/** `/admin/users`: create accounts, change roles, disable, reset passwords; every API key with revoke. */
export function UsersPage(props: PageChrome & { users: UserView[]; keys: KeyView[]; messages: string[] }) {
  const { i18n } = props;
  const t = i18n.t;
  return (
    <Layout
      title={`${t("nav.users")} — Almanac`}
      page="users"
      wide
      theme={props.theme}
      viewer={props.viewer}
      i18n={props.i18n}
    >
      <h1>{t("nav.users")}</h1>
      <Messages messages={props.messages} />
      <p class="meta">{t("users.roles")}</p>
      <div class="table-wrap">
        <table class="stacked">
          <thead>
            <tr>
              <th>{t("login.name")}</th>
              <th>{t("users.role")}</th>
              <th>{t("lib.state")}</th>
              <th>{t("users.newPassword")}</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr>
                <td>
                  <strong>{u.name}</strong>
                  {u.self ? ` ${t("users.you")}` : ""}
                </td>
                <td data-label={t("users.role")}>
                  <form method="post" action={`/admin/users/${u.id}/role`} class="row">
                    <label class="visually-hidden" for={`role-${u.id}`}>
                      {t("users.roleOf", { name: u.name })}
                    </label>
                    <select id={`role-${u.id}`} name="role">
                      {ROLES.map((r) => (
                        <option value={r} selected={r === u.role}>
                          {roleName(i18n, r)}
                        </option>
                      ))}
                    </select>
                    <button type="submit" class="quiet">
                      {t("users.set")}
                    </button>
                  </form>
                </td>
                <td data-label={t("lib.state")}>
                  <form method="post" class="row" action={`/admin/users/${u.id}/${u.disabled ? "enable" : "disable"}`}>
                    {t(u.disabled ? "users.disabled" : "users.active")}{" "}
                    <button type="submit" class="quiet">
                      {t(u.disabled ? "users.enable" : "users.disable")}
                    </button>
                  </form>
                </td>
                <td data-label={t("users.newPassword")}>
                  <form method="post" action={`/admin/users/${u.id}/password`} class="row">
                    <label class="visually-hidden" for={`pw-${u.id}`}>
                      {t("users.passwordFor", { name: u.name })}
                    </label>
                    <input
                      type="password"
                      id={`pw-${u.id}`}
                      name="password"
                      minlength={8}
                      required
                      autocomplete="new-password"
                    />
                    <button type="submit" class="quiet">
                      {t("users.reset")}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("users.add")}</h2>
      <form method="post" action="/admin/users" class="card stack">
        <label for="new-name">{t("login.name")}</label>
        <input type="text" id="new-name" name="name" required autocapitalize="none" autocomplete="off" />
        <label for="new-password">{t("setup.password")}</label>
        <input type="password" id="new-password" name="password" required minlength={8} autocomplete="new-password" />
        <label for="new-role">{t("users.role")}</label>
        <select id="new-role" name="role">
          {ROLES.map((r) => (
            <option value={r} selected={r === "user"}>
              {roleName(i18n, r)}
            </option>
          ))}
        </select>
        <button type="submit">{t("users.addAccount")}</button>
      </form>
      <h2>{t("acct.apiKeys")}</h2>
      <KeyRows keys={props.keys} revokeBase="/admin/keys" i18n={i18n} />
    </Layout>
  );
}
