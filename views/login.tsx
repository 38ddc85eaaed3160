import type { Child } from "hono/jsx";
import type { I18n, MessageKey } from "../src/view-models.js";
import { Layout, NOBODY, type Theme } from "./layout.js";

/** The sign-in form: account name and password. */
export function LoginPage(props: {
  theme: Theme;
  i18n: I18n;
  failed: boolean;
  waitSeconds?: number;
  next?: string;
  /** Whether visitors who are not signed in may read and search (`anonymousRole` is not `none`). */
  openToAnonymous: boolean;
}) {
  const t = props.i18n.t;
  return (
    <Layout title={`${t("login.title")} — Almanac`} page="none" theme={props.theme} viewer={NOBODY} i18n={props.i18n}>
      <h1>{t("login.title")}</h1>
      <form class="card stack" method="post" action="/login">
        <label for="name">{t("login.name")}</label>
        <input type="text" id="name" name="name" required autocomplete="username" autocapitalize="none" autofocus />
        <label for="password">{t("login.password")}</label>
        <input type="password" id="password" name="password" required autocomplete="current-password" />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <button type="submit">{t("login.title")}</button>
      </form>
      {props.failed ? <p role="alert">{t("login.failed")}</p> : null}
      {props.waitSeconds ? <p role="alert">{t("login.wait", { seconds: props.waitSeconds })}</p> : null}
      {props.openToAnonymous ? (
        <p class="meta">
          {props.i18n.rich<Child>("login.open", {
            survival: (parts) => <a href="/survival">{parts}</a>,
            search: (parts) => <a href="/search">{parts}</a>,
          })}
        </p>
      ) : null}
    </Layout>
  );
}

/** Who may ask without an account, as first-run setup offers it (the `anonymousRole` setting's values). */
export type SetupAccess = "user" | "reader" | "none";

/**
 * First-run setup: the first visit creates the admin account and says who
 * else may ask (the `anonymousRole` setting), `reader` chosen by default.
 */
export function SetupPage(props: { theme: Theme; i18n: I18n; error?: string; access?: SetupAccess }) {
  const t = props.i18n.t;
  const access = props.access ?? "reader";
  const choices: Array<[SetupAccess, MessageKey]> = [
    ["reader", "setup.askAccounts"],
    ["user", "setup.askAnyone"],
    ["none", "setup.askNobody"],
  ];
  return (
    <Layout title={`${t("setup.title")} — Almanac`} page="none" theme={props.theme} viewer={NOBODY} i18n={props.i18n}>
      <h1>{t("setup.welcome")}</h1>
      <p>{t("setup.intro")}</p>
      <form class="card stack" method="post" action="/setup">
        <label for="name">{t("setup.name")}</label>
        <input type="text" id="name" name="name" required autocomplete="username" autocapitalize="none" value="admin" />
        <label for="password">{t("setup.password")}</label>
        <input type="password" id="password" name="password" required minlength={8} autocomplete="new-password" />
        <fieldset class="choices">
          <legend>{t("setup.whoAsks")}</legend>
          {choices.map(([value, label]) => (
            <label>
              <input type="radio" name="anonymousRole" value={value} checked={access === value} /> {t(label)}
            </label>
          ))}
          <p class="meta">{t("setup.askHint")}</p>
        </fieldset>
        <button type="submit">{t("setup.create")}</button>
      </form>
      {props.error ? <p role="alert">{props.error}</p> : null}
    </Layout>
  );
}

/** The page shown when the phone has lost the LAN: the service worker serves it from its cache. */
export function OfflinePage(props: { theme: Theme; i18n: I18n }) {
  const t = props.i18n.t;
  return (
    <Layout title={`${t("offline.title")} — Almanac`} page="none" theme={props.theme} viewer={NOBODY} i18n={props.i18n}>
      <h1>{t("offline.heading")}</h1>
      <p>{t("offline.body")}</p>
      <ul id="saved-pages" />
      <p class="meta">{t("offline.reconnect")}</p>
    </Layout>
  );
}
