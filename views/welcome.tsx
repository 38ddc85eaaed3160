import type { Child } from "hono/jsx";
import type { MessageKey } from "../src/view-models.js";
import { AddressPanel, type AddressView } from "./address.js";
import { Layout, type PageChrome } from "./layout.js";

/** What visitors without an account may do, as the welcome page words it (the `anonymousRole` setting). */
export type WelcomeAccess = "none" | "reader" | "user" | "admin";

const PEOPLE: Record<WelcomeAccess, MessageKey> = {
  none: "welcome.peopleNobody",
  reader: "welcome.peopleAccounts",
  user: "welcome.peopleAnyone",
  admin: "welcome.peopleAnyone",
};

/**
 * The page first-run setup ends on: the address to open on the household's
 * phones (with its QR code), a form to add their accounts, and the next
 * steps (add books, add a model), each a link to where it is done.
 */
export function WelcomePage(
  props: PageChrome & {
    addresses: AddressView[];
    access: WelcomeAccess;
    /** Every account's name, the admin's included. */
    accounts: string[];
    books: number;
    libraryDir: string;
    modelsDir: string;
    /** The command that fetches a model, with a preset's name in it. */
    pullCommand: string;
    messages: Array<{ text: string; ok: boolean }>;
  },
) {
  const { i18n } = props;
  const t = i18n.t;
  const code = { code: (parts: Child) => <code>{parts}</code> };
  return (
    <Layout title={`${t("welcome.title")} — Almanac`} page="none" theme={props.theme} viewer={props.viewer} i18n={i18n}>
      <h1>{t("welcome.title")}</h1>
      <p>{t("welcome.intro")}</p>
      {props.messages.map((m) => (
        <p role={m.ok ? "status" : "alert"} class={m.ok ? "card" : "warning"}>
          {m.text}
        </p>
      ))}
      <AddressPanel addresses={props.addresses} i18n={i18n} />
      <section aria-labelledby="people-title">
        <h2 id="people-title">{t("welcome.people")}</h2>
        <p>
          {t(PEOPLE[props.access])} <a href="/settings#access">{t("welcome.changeAccess")}</a>
        </p>
        <form class="card stack" method="post" action="/welcome/people">
          <label for="person">{t("welcome.personName")}</label>
          <input type="text" id="person" name="name" required autocomplete="off" autocapitalize="none" />
          <label for="person-password">{t("welcome.personPassword")}</label>
          <input
            type="password"
            id="person-password"
            name="password"
            required
            minlength={8}
            autocomplete="new-password"
          />
          <button type="submit">{t("welcome.addPerson")}</button>
        </form>
        <p class="meta">{t("welcome.accounts", { names: i18n.list(props.accounts) })}</p>
      </section>
      <section aria-labelledby="books-title">
        <h2 id="books-title">{t("welcome.books")}</h2>
        <p>{i18n.rich<Child>("welcome.booksBody", { ...code, dir: props.libraryDir })}</p>
        <p>
          {t("welcome.booksCount", { count: props.books })}{" "}
          <a class="button quiet" href="/library">
            {t("welcome.openLibrary")}
          </a>
        </p>
      </section>
      <section aria-labelledby="model-title">
        <h2 id="model-title">{t("welcome.model")}</h2>
        <p>{i18n.rich<Child>("welcome.modelBody", { ...code, dir: props.modelsDir, command: props.pullCommand })}</p>
        <p>
          <a class="button quiet" href="/status#models">
            {t("welcome.openStatus")}
          </a>
        </p>
      </section>
      <p>
        <a class="button" href="/">
          {t("welcome.start")}
        </a>
      </p>
    </Layout>
  );
}
