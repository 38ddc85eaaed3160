import type { Child } from "hono/jsx";
import type { I18n, MessageKey } from "../src/view-models.js";

/** Colour themes: `auto` follows the system; `survival` is high-contrast large type. */
export type Theme = "auto" | "light" | "dark" | "survival";

/** Every {@link Theme}, in the order the settings page lists them. */
export const THEMES: readonly Theme[] = ["auto", "light", "dark", "survival"];

/** The top navigation's pages. */
export type NavPage =
  | "chat"
  | "survival"
  | "search"
  | "library"
  | "status"
  | "settings"
  | "users"
  | "account"
  | "reader"
  | "none";

/** A role as the views see it (the same names as the accounts' roles). */
export type ViewerRole = "reader" | "user" | "admin";

const RANK: Record<ViewerRole, number> = { reader: 1, user: 2, admin: 3 };

/** Whether a viewer's role is at least `need`; null (anonymous access off) is below every role. */
export function viewerCan(viewer: Viewer, need: ViewerRole): boolean {
  return viewer.role !== null && RANK[viewer.role] >= RANK[need];
}

const NAV: Array<{ page: NavPage; href: string; label: MessageKey; need: ViewerRole }> = [
  { page: "chat", href: "/chat", label: "nav.chat", need: "user" },
  { page: "survival", href: "/survival", label: "nav.survival", need: "reader" },
  { page: "search", href: "/search", label: "nav.search", need: "reader" },
  { page: "library", href: "/library", label: "nav.library", need: "reader" },
  { page: "status", href: "/status", label: "nav.status", need: "reader" },
  { page: "settings", href: "/settings", label: "nav.settings", need: "reader" },
  { page: "users", href: "/admin/users", label: "nav.users", need: "admin" },
];

/** Who is looking at a page: their account name when signed in, and the role pages are shown for. */
export interface Viewer {
  name?: string;
  role: ViewerRole | null;
}

/** An anonymous visitor with no access (sign-in and error pages). */
export const NOBODY: Viewer = { role: null };

/** Props every page passes to {@link Layout}. */
export interface PageChrome {
  theme: Theme;
  /** Decides which links and forms the page shows; the server checks every request again. */
  viewer: Viewer;
  /** The page's language: `<html lang dir>`, every message, dates and numbers. */
  i18n: I18n;
}

/**
 * The browser script's own lines in the page's language, as JSON for `<body data-messages>`: the script
 * (views/client-script.ts) is one static file for every language, so its words travel with the page.
 */
export function clientMessages(i18n: I18n): string {
  return JSON.stringify({ offline: i18n.t("client.offline"), failed: i18n.t("client.failed", { status: "{status}" }) });
}

/**
 * Page shell. Nothing is loaded from elsewhere (offline, no CDN, no web
 * fonts): the stylesheet, htmx, its SSE extension and the small client script
 * all come from this server, and the service worker keeps them for offline use.
 */
export function Layout(
  props: PageChrome & { title: string; page: NavPage; wide?: boolean; children: Child; head?: Child },
) {
  const t = props.i18n.t;
  const current = NAV.find((n) => n.page === props.page);
  return (
    <html
      lang={props.i18n.locale}
      dir={props.i18n.dir}
      {...(props.theme === "auto" ? {} : { "data-theme": props.theme })}
    >
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1d5c3d" />
        <title>{props.title}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="icon" href="/icons/icon.svg" type="image/svg+xml" />
        <link rel="manifest" href="/manifest.webmanifest" />
        <script src="/assets/htmx.min.js" defer />
        <script src="/assets/sse.js" defer />
        <script src="/assets/app.js" defer />
        {props.head}
      </head>
      <body hx-boost="false" data-messages={clientMessages(props.i18n)}>
        <a class="skip" href="#content">
          {t("nav.skip")}
        </a>
        <header class="top">
          <a class="brand" href="/">
            Almanac
          </a>
          {current ? (
            <span class="section" aria-hidden="true">
              {t(current.label)}
            </span>
          ) : null}
          <nav class="main" aria-label={t("nav.main")}>
            <NavLinks {...props} />
          </nav>
          <Who {...props} />
          {/* Phones: one row, with the links in a menu that opens below it (no script needed). */}
          <details class="menu">
            <summary class="button quiet">
              <span aria-hidden="true">☰</span> {t("nav.menu")}
            </summary>
            <nav class="menu-panel" aria-label={t("nav.main")}>
              <NavLinks {...props} />
              <Who {...props} />
            </nav>
          </details>
        </header>
        <main id="content" class={props.wide ? "wide" : undefined}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** The top navigation's links a viewer may follow, the current page marked. */
function NavLinks(props: PageChrome & { page: NavPage }) {
  return (
    <>
      {NAV.filter((n) => viewerCan(props.viewer, n.need)).map((n) => (
        <a href={n.href} {...(n.page === props.page ? { "aria-current": "page" } : {})}>
          {props.i18n.t(n.label)}
        </a>
      ))}
    </>
  );
}

/** The signed-in account with **Sign out**, or **Sign in** for a visitor (none on sign-in pages and for an open admin box). */
function Who(props: PageChrome & { page: NavPage }) {
  const t = props.i18n.t;
  if (props.viewer.name)
    return (
      <form method="post" action="/logout" class="who">
        <a href="/account" {...(props.page === "account" ? { "aria-current": "page" } : {})}>
          {props.viewer.name}
        </a>
        <button type="submit" class="quiet">
          {t("nav.signOut")}
        </button>
      </form>
    );
  if (props.page === "none" || props.viewer.role === "admin") return null;
  return (
    <a class="who" href="/login">
      {t("nav.signIn")}
    </a>
  );
}
