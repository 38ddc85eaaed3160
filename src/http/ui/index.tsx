import { type Context, Hono } from "hono";
import type { AppServices } from "../../app/services.js";
import { roleAtLeast } from "../access.js";
import { accountRoutes } from "./account.js";
import { chatRoutes } from "./chat.js";
import { libraryRoutes } from "./library.js";
import { pageRoutes } from "./pages.js";
import { readerRoutes } from "./reader.js";
import { welcomeRoutes } from "./welcome.js";
import { zimReaderRoutes } from "./zim-reader.js";

/**
 * Guarded browser routes (owner: the web app): `/` (redirects to the landing
 * page: survival topics when the visitor may not ask, or no chat model is
 * loaded and `landingPage` is `auto`; `/setup` on first run), account and
 * user management, chat, reader, library, survival, search, status and settings.
 * All book and answer text is rendered through JSX escaping or, for answer
 * Markdown, rehype-sanitize. Each route module gets the services it needs, never the app.
 */
export function uiRoutes(services: AppServices): Hono {
  const r = new Hono();
  r.get("/", (c) => landing(c, services));
  r.route("/", accountRoutes(services));
  r.route("/", chatRoutes(services));
  r.route("/", zimReaderRoutes(services));
  r.route("/", readerRoutes(services));
  r.route("/", libraryRoutes(services));
  r.route("/", pageRoutes(services));
  r.route("/", welcomeRoutes(services));
  return r;
}

/** `GET /`: to `/setup` on first run, else to the survival topics or the chat, by `landingPage` and who is asking. */
function landing(c: Context, s: Pick<AppServices, "accounts" | "ask" | "config">): Response {
  const who = c.get("principal");
  if (s.accounts.users.count() === 0 && who.via === "anonymous" && who.role !== "admin")
    return c.redirect("/setup", 302);
  const page = s.config.landingPage;
  const survival = page === "survival" || !roleAtLeast(who.role, "user") || (page === "auto" && s.ask.mode !== "rag");
  return c.redirect(survival ? "/survival" : "/chat", 302);
}
