import type { Child } from "hono/jsx";

/** Colour themes: `auto` follows the system; `survival` is high-contrast large type. */
export type Theme = "auto" | "light" | "dark" | "survival";

/** Every {@link Theme}, in the order the settings page lists them. */
export const THEMES: readonly Theme[] = ["auto", "light", "dark", "survival"];

/** The top navigation's pages. */
export type NavPage = "chat" | "survival" | "search" | "library" | "status" | "settings" | "reader" | "none";

const NAV: Array<{ page: NavPage; href: string; label: string }> = [
  { page: "chat", href: "/chat", label: "Ask" },
  { page: "survival", href: "/survival", label: "Survival" },
  { page: "search", href: "/search", label: "Search" },
  { page: "library", href: "/library", label: "Library" },
  { page: "status", href: "/status", label: "Status" },
  { page: "settings", href: "/settings", label: "Settings" },
];

/** Props every page passes to {@link Layout}. */
export interface PageChrome {
  theme: Theme;
  /** Show the sign-out button (an access key protects the appliance). */
  signOut: boolean;
}

/**
 * Page shell. Nothing is loaded from elsewhere (offline, no CDN, no web
 * fonts): the stylesheet, htmx, its SSE extension and the small client script
 * all come from this server, and the service worker keeps them for offline use.
 */
export function Layout(
  props: PageChrome & { title: string; page: NavPage; wide?: boolean; children: Child; head?: Child },
) {
  return (
    <html lang="en" {...(props.theme === "auto" ? {} : { "data-theme": props.theme })}>
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
      <body hx-boost="false">
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/">
            Almanac
          </a>
          <nav class="main" aria-label="Main">
            {NAV.map((n) => (
              <a href={n.href} {...(n.page === props.page ? { "aria-current": "page" } : {})}>
                {n.label}
              </a>
            ))}
          </nav>
          {props.signOut ? (
            <form method="post" action="/logout">
              <button type="submit" class="quiet">
                Sign out
              </button>
            </form>
          ) : null}
        </header>
        <main id="content" class={props.wide ? "wide" : undefined}>
          {props.children}
        </main>
      </body>
    </html>
  );
}
