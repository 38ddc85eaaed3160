import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Hono } from "hono";
import { CLIENT_SCRIPT, SERVICE_WORKER } from "../../../views/client-script.js";
import { ICON_192_PNG, ICON_512_PNG, ICON_SVG } from "../../../views/icons.js";
import { STYLE } from "../../../views/styles.js";

const require = createRequire(import.meta.url);
/** htmx and its SSE extension, read once from node_modules: the pages never touch a CDN. */
const HTMX = readFileSync(require.resolve("htmx.org/dist/htmx.min.js"), "utf8");
const HTMX_SSE = readFileSync(require.resolve("htmx-ext-sse/dist/sse.js"), "utf8");

/** The web app manifest (W3C Web Application Manifest): installable, standalone, scope `/`. */
export const MANIFEST = {
  name: "Almanac",
  short_name: "Almanac",
  description: "Offline library: ask questions, read the cited passage.",
  start_url: "/",
  scope: "/",
  display: "standalone",
  background_color: "#121413",
  theme_color: "#1d5c3d",
  icons: [
    { src: "/icons/icon.svg", sizes: "any", type: "image/svg+xml" },
    { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
    { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any maskable" },
  ],
};

/**
 * Static routes, public (no key needed: they hold no library content):
 * `/assets/{htmx.min.js,sse.js,app.js,app.css}`, `/icons/*`, `/favicon.ico`,
 * `/manifest.webmanifest` and `/sw.js` (no-cache, so a new version installs
 * on the next visit). Assets are cached for a day.
 */
export function assetRoutes(): Hono {
  const r = new Hono();
  const day = "public, max-age=86400";
  const text =
    (body: string, type: string, cache = day) =>
    () =>
      new Response(body, { headers: { "content-type": type, "cache-control": cache } });
  const png = (b64: string) => {
    const bytes = Buffer.from(b64, "base64");
    return () => new Response(bytes, { headers: { "content-type": "image/png", "cache-control": day } });
  };
  r.get("/assets/htmx.min.js", text(HTMX, "text/javascript; charset=utf-8"));
  r.get("/assets/sse.js", text(HTMX_SSE, "text/javascript; charset=utf-8"));
  r.get("/assets/app.js", text(CLIENT_SCRIPT, "text/javascript; charset=utf-8", "no-cache"));
  r.get("/assets/app.css", text(STYLE, "text/css; charset=utf-8", "no-cache"));
  r.get("/icons/icon.svg", text(ICON_SVG, "image/svg+xml"));
  r.get("/icons/icon-192.png", png(ICON_192_PNG));
  r.get("/icons/icon-512.png", png(ICON_512_PNG));
  r.get("/favicon.ico", png(ICON_192_PNG));
  r.get("/manifest.webmanifest", text(JSON.stringify(MANIFEST), "application/manifest+json", day));
  r.get("/sw.js", text(SERVICE_WORKER, "text/javascript; charset=utf-8", "no-cache"));
  return r;
}
