import { LOCALE_NAMES, LOCALES, type Locale, type MessageKey } from "../src/view-models.js";
import { Layout, type PageChrome, THEMES, type Theme, viewerCan } from "./layout.js";

/** What visitors without an account may do, as the settings page offers it (the `anonymousRole` setting). */
export type SettingsPageAccess = "none" | "reader" | "user" | "admin";

/** The settings page: runtime-adjustable answering options, and this browser's theme and language. */
export function SettingsPage(
  props: PageChrome & {
    topK: number;
    maxAnswerTokens: number;
    /** What visitors without an account may do: the `anonymousRole` setting. */
    anonymousRole: SettingsPageAccess;
    saved: boolean;
    errors: string[];
    /** The language this browser (else the account) chose, or null when it follows the browser's own. */
    chosenLocale: Locale | null;
    /** Whether an account is signed in, so the language is saved to it as well as to this device. */
    signedIn?: boolean;
  },
) {
  const t = props.i18n.t;
  const lengths: Array<[number, string]> = [
    [200, t("settings.short")],
    [400, t("settings.normal")],
    [800, t("settings.long")],
  ];
  const access: Array<[SettingsPageAccess, MessageKey]> = [
    ["none", "settings.accessNone"],
    ["reader", "settings.accessReader"],
    ["user", "settings.accessUser"],
    // Only where the config file chose it: the page does not offer admin to every visitor.
    ...(props.anonymousRole === "admin" ? [["admin", "settings.accessAdmin"] as [SettingsPageAccess, MessageKey]] : []),
  ];
  const labels: Record<Theme, string> = {
    auto: t("theme.auto"),
    light: t("theme.light"),
    dark: t("theme.dark"),
    survival: t("theme.survival"),
  };
  return (
    <Layout
      title={`${t("settings.title")} — Almanac`}
      page="settings"
      theme={props.theme}
      viewer={props.viewer}
      i18n={props.i18n}
    >
      <h1>{t("settings.title")}</h1>
      {props.saved ? (
        <p role="status" class="card">
          {t("settings.saved")}
        </p>
      ) : null}
      {props.errors.map((e) => (
        <p role="alert" class="warning">
          {e}
        </p>
      ))}
      <form method="post" action="/settings/theme" class="card">
        <fieldset>
          <legend>{t("settings.theme")}</legend>
          {THEMES.map((th) => (
            <div>
              <label style="display:inline-flex;align-items:center;gap:.5rem;min-height:var(--target)">
                <input type="radio" name="theme" value={th} checked={props.theme === th} /> {labels[th]}
              </label>
            </div>
          ))}
        </fieldset>
        <input type="hidden" name="back" value="/settings?saved=1" />
        <button type="submit">{t("settings.saveTheme")}</button>
      </form>
      <form method="post" action="/settings/language" class="card">
        <p>
          <label for="lang">{t(props.signedIn ? "settings.languageAccount" : "settings.language")}</label>{" "}
          <select id="lang" name="lang">
            <option value="auto" selected={props.chosenLocale === null}>
              {t("settings.languageAuto")}
            </option>
            {LOCALES.map((l) => (
              <option value={l} lang={l} selected={props.chosenLocale === l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </p>
        <input type="hidden" name="back" value="/settings?saved=1" />
        <button type="submit">{t("settings.saveLanguage")}</button>
      </form>
      {viewerCan(props.viewer, "admin") ? (
        <form method="post" action="/settings" class="card">
          <p>{t("settings.answering")}</p>
          <p>
            <label for="topK">{t("settings.topK")}</label>{" "}
            <input type="number" id="topK" name="topK" min={1} max={50} value={String(props.topK)} />
          </p>
          <p>
            <label for="maxAnswerTokens">{t("settings.length")}</label>{" "}
            <select id="maxAnswerTokens" name="maxAnswerTokens">
              {lengths.map(([n, label]) => (
                <option value={String(n)} selected={props.maxAnswerTokens === n}>
                  {t("settings.lengthOption", { label, tokens: n })}
                </option>
              ))}
              {lengths.some(([n]) => n === props.maxAnswerTokens) ? null : (
                <option value={String(props.maxAnswerTokens)} selected>
                  {t("settings.custom", { tokens: props.maxAnswerTokens })}
                </option>
              )}
            </select>
          </p>
          <p>
            <label for="access">{t("settings.access")}</label>{" "}
            <select id="access" name="anonymousRole">
              {access.map(([value, label]) => (
                <option value={value} selected={props.anonymousRole === value}>
                  {t(label)}
                </option>
              ))}
            </select>
          </p>
          <button type="submit">{t("settings.save")}</button>
          <p class="meta">{t("settings.other")}</p>
        </form>
      ) : null}
    </Layout>
  );
}
