import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { AnswerView } from "../../views/answer.js";
import { HomePage, LoginPage } from "../../views/home.js";
import type { Almanac } from "../app.js";
import { CATEGORY_NAMES } from "../ingest/categories.js";
import { keyMatches, SESSION_COOKIE } from "./guard.js";
import { LoginThrottle } from "./login-throttle.js";

const require = createRequire(import.meta.url);
/** htmx, read once from node_modules and served locally: the page never touches a CDN. */
const HTMX = readFileSync(require.resolve("htmx.org/dist/htmx.min.js"), "utf8");

/**
 * Browser routes (owner: the UI). `GET /assets/htmx.min.js`, `GET /login`,
 * `POST /login` and `POST /logout` are public; `GET /` and `POST /ui/ask` sit
 * behind the key guard mounted in {@link createHttpApp}. Sign-in is throttled
 * per client address ({@link LoginThrottle}) and makes a SQLite session; the
 * cookie is `HttpOnly`, `SameSite=Strict`, and `Secure` over HTTPS. All book
 * text is rendered through JSX escaping, never as raw HTML.
 */
export function uiRoutes(app: Almanac): Hono {
  const { sessions } = app;
  const r = new Hono();
  const throttle = new LoginThrottle();
  r.get("/assets/htmx.min.js", (c) => {
    c.header("content-type", "text/javascript; charset=utf-8");
    c.header("cache-control", "public, max-age=86400");
    return c.body(HTMX);
  });
  r.get("/login", (c) => c.html(<LoginPage failed={c.req.query("failed") === "1"} />));
  r.post("/login", async (c) => {
    const client = getConnInfo(c).remote.address ?? "unknown";
    const wait = throttle.retryAfter(client);
    if (wait > 0) {
      c.header("retry-after", String(wait));
      return c.html(<LoginPage failed={false} waitSeconds={wait} />, 429);
    }
    const form = await c.req.parseBody();
    const key = typeof form.key === "string" ? form.key : "";
    if (!app.config.apiKey || !keyMatches(key, app.config.apiKey)) {
      throttle.fail(client);
      return c.redirect("/login?failed=1", 303);
    }
    throttle.succeed(client);
    const session = sessions.create();
    setCookie(c, SESSION_COOKIE, session.id, {
      httpOnly: true,
      sameSite: "Strict",
      path: "/",
      secure: new URL(c.req.url).protocol === "https:",
      expires: new Date(session.expiresAt),
    });
    return c.redirect("/", 303);
  });
  r.post("/logout", (c) => {
    sessions.delete(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  });
  r.get("/", async (c) =>
    c.html(
      <HomePage status={await app.status()} categories={CATEGORY_NAMES} signOut={app.config.apiKey !== undefined} />,
    ),
  );
  r.post("/ui/ask", async (c) => {
    const form = await c.req.parseBody();
    const q = typeof form.q === "string" ? form.q.trim().slice(0, 2000) : "";
    const tag = typeof form.tag === "string" && form.tag ? form.tag : undefined;
    if (!q) return c.html(<p class="meta">Type a question first.</p>, 400);
    // Earlier questions of this visit, so a follow-up keeps its topic (persistence comes with saved conversations).
    let earlier: string[] = [];
    try {
      const parsed: unknown = JSON.parse(typeof form.history === "string" ? form.history : "[]");
      if (Array.isArray(parsed)) earlier = parsed.filter((x): x is string => typeof x === "string").slice(-4);
    } catch {
      earlier = [];
    }
    const t0 = performance.now();
    const answer = await app.answerer.answer({
      messages: [
        ...earlier.map((content) => ({ role: "user" as const, content: content.slice(0, 2000) })),
        { role: "user", content: q },
      ],
      ...(tag ? { filter: { tags: [tag] } } : {}),
    });
    return c.html(
      <AnswerView
        question={q}
        text={answer.text}
        sources={answer.sources}
        mode={answer.mode}
        ms={performance.now() - t0}
        searched={answer.query.via === "question" ? null : answer.query.query}
        history={JSON.stringify([...earlier, q].slice(-4))}
      />,
    );
  });
  return r;
}
