import type { Context } from "hono";
import { Layout, type NavPage } from "../../../views/layout.js";
import { chromeOf, formField } from "./chrome.js";

/** What {@link askFirst}'s confirmation page says. */
export interface AskFirstText {
  /** The heading and the tab's title, a question: "Remove Water.md?". */
  title: string;
  /** What will happen, and whether it can be undone. */
  message: string;
  /** The confirm button's label ("Remove", "Revoke"). */
  confirm: string;
  /** Where Cancel goes: a same-site path, usually the page the button was on. */
  cancel: string;
  /** The navigation entry to mark current; none when absent. */
  page?: NavPage;
}

/** The form field that says the person has seen the confirmation page. */
export const CONFIRM_FIELD = "confirm";

/**
 * Makes a destructive form post ask first, with or without JavaScript: a
 * post whose form body lacks `confirm=yes` is answered with a confirmation
 * page (200) whose form posts again to the same URL, carrying the original
 * fields and a hidden `confirm=yes`, and a Cancel link. Nothing is changed
 * by the first post. The second post is a same-origin form post from this
 * server's page, so the Origin (CSRF) check passes as it did for the first.
 *
 * @returns the confirmation page to send, or undefined once confirmed (go ahead).
 */
export async function askFirst(c: Context, text: AskFirstText): Promise<Response | undefined> {
  const form = await c.req.parseBody();
  if (formField(form, CONFIRM_FIELD) === "yes") return undefined;
  const url = new URL(c.req.url);
  const chrome = chromeOf(c);
  const carried = Object.entries(form).filter(
    (e): e is [string, string] => e[0] !== CONFIRM_FIELD && typeof e[1] === "string",
  );
  return c.html(
    <Layout title={`${text.title} — Almanac`} page={text.page ?? "none"} {...chrome}>
      <h1>{text.title}</h1>
      <p>{text.message}</p>
      <form method="post" action={`${url.pathname}${url.search}`} class="row">
        {carried.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name={CONFIRM_FIELD} value="yes" />
        <button type="submit">{text.confirm}</button>
        <a class="button quiet" href={text.cancel}>
          {chrome.i18n.t("common.cancel")}
        </a>
      </form>
    </Layout>,
  );
}
