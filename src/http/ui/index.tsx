import { Hono } from "hono";
import type { Almanac } from "../../app/almanac.js";
import { roleAtLeast } from "../access.js";
import { accountRoutes } from "./account.js";
import { chatRoutes } from "./chat.js";
import { libraryRoutes } from "./library.js";
import { pageRoutes } from "./pages.js";
import { readerRoutes } from "./reader.js";
import { zimReaderRoutes } from "./zim-reader.js";

/**
 * Guarded browser routes (owner: the web app): `/` (redirects to the landing
 * page: survival topics when the visitor may not ask, or no chat model is
 * loaded and `landingPage` is `auto`; `/setup` on first run), account and
 * user management, chat, reader, library, survival, search, status and settings.
 * All book and answer text is rendered through JSX escaping or, for answer
 * Markdown, rehype-sanitize.
 */
export function uiRoutes(app: Almanac): Hono {
  const r = new Hono();
  r.get("/", (c) => {
    const who = c.get("principal");
    if (app.users.count() === 0 && who.via === "anonymous" && who.role !== "admin") return c.redirect("/setup", 302);
    const landing = app.config.landingPage;
    const survival =
      landing === "survival" || !roleAtLeast(who.role, "user") || (landing === "auto" && app.answerer.mode !== "rag");
    return c.redirect(survival ? "/survival" : "/chat", 302);
  });
  r.route("/", accountRoutes(app));
  r.route("/", chatRoutes(app));
  r.route("/", zimReaderRoutes(app));
  r.route("/", readerRoutes(app));
  r.route("/", libraryRoutes(app));
  r.route("/", pageRoutes(app));
  return r;
}
