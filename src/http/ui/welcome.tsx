import { type Context, Hono } from "hono";
import { WelcomePage } from "../../../views/welcome.js";
import type { AppServices } from "../../app/services.js";
import { MODEL_PRESETS } from "../../models/presets.js";
import { AccountError } from "../../state/users.js";
import { requestLanAddresses } from "../lan-urls.js";
import { accountErrorText } from "./account.js";
import { chromeOf, formField, i18nOf } from "./chrome.js";

/** What the welcome page uses: the accounts, the config (address, folders, who may ask) and the library's counts. */
export type WelcomeServices = Pick<AppServices, "accounts" | "config" | "library" | "log">;

/** The chat preset a household is pointed at first: the smallest, which a Pi runs. */
const FIRST_CHAT_PRESET = MODEL_PRESETS.find((p) => p.role === "chat")?.name ?? "";

/**
 * The admin's welcome page, where first-run setup ends: `GET /welcome`
 * (the LAN address and its QR code, the next steps) and `POST
 * /welcome/people` (adds an account with the `user` role for a member of
 * the household). Who may use it is declared in the route table.
 */
export function welcomeRoutes(services: WelcomeServices): Hono {
  const r = new Hono();
  r.get("/welcome", (c) => welcomePage(c, services, []));
  r.post("/welcome/people", (c) => addPerson(c, services));
  return r;
}

/** `GET /welcome`, and the answer of its form with the form's message (a 400 when it failed). */
async function welcomePage(
  c: Context,
  s: WelcomeServices,
  messages: Array<{ text: string; ok: boolean }>,
): Promise<Response> {
  const { config } = s;
  const counts = s.library.indexer.countsByStatus();
  return c.html(
    <WelcomePage
      {...chromeOf(c)}
      addresses={await requestLanAddresses(c.req.url, config.host, config.port)}
      access={config.anonymousRole}
      accounts={s.accounts.users.list().map((u) => u.name)}
      books={Object.values(counts).reduce((a, b) => a + b, 0)}
      libraryDir={config.libraryDir}
      modelsDir={config.modelsDir}
      pullCommand={`almanac models pull ${FIRST_CHAT_PRESET}`}
      messages={messages}
    />,
    messages.some((m) => !m.ok) ? 400 : 200,
  );
}

/** `POST /welcome/people`: a new `user` account; a bad or taken name or a short password is the page's message. */
async function addPerson(c: Context, s: WelcomeServices): Promise<Response> {
  const form = await c.req.parseBody();
  const i18n = i18nOf(c);
  try {
    const made = await s.accounts.users.create(formField(form, "name"), formField(form, "password"), "user");
    s.log.info({ user: made.name }, "welcome page added an account");
    return welcomePage(c, s, [{ text: i18n.t("welcome.added", { name: made.name }), ok: true }]);
  } catch (err) {
    if (!(err instanceof AccountError)) throw err;
    return welcomePage(c, s, [{ text: accountErrorText(err, i18n, "account"), ok: false }]);
  }
}
