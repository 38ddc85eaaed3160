import type { Child } from "hono/jsx";

const STYLE = `
:root { color-scheme: light dark; --accent: #2f6f4f; --muted: #6b7280; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 52rem; padding: 1rem; }
header { display: flex; align-items: baseline; gap: 1rem; border-bottom: 1px solid #8884; margin-bottom: 1rem; }
header h1 { font-size: 1.4rem; margin: .5rem 0; }
header small { color: var(--muted); }
form.ask { display: flex; gap: .5rem; }
form.ask input[type=text] { flex: 1; font-size: 1.1rem; padding: .6rem; border-radius: .4rem; border: 1px solid #8888; }
button { font-size: 1rem; padding: .6rem 1rem; border-radius: .4rem; border: 0; background: var(--accent); color: white; cursor: pointer; }
.categories { border: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem; margin: .8rem 0; }
.categories button { background: #8882; color: inherit; padding: .3rem .7rem; font-size: .9rem; }
.answer { margin-top: 1rem; padding: 1rem; border-radius: .5rem; background: #8881; }
.answer p { margin: .3rem 0; }
a.cite { text-decoration: none; font-weight: 600; color: var(--accent); }
.sources { list-style: none; padding: 0; }
.sources li { margin: .6rem 0; padding: .6rem; border-left: 3px solid var(--accent); background: #8881; }
.sources li:target { outline: 2px solid var(--accent); }
.sources .where { font-weight: 600; }
.sources .path { color: var(--muted); font-size: .85rem; }
.meta { color: var(--muted); font-size: .85rem; }
.warning { padding: .6rem .8rem; border-radius: .4rem; border-left: 4px solid #b45309; background: #b4530922; }
form.signout { margin-left: auto; }
form.signout button { background: #8882; color: inherit; padding: .4rem .8rem; font-size: .9rem; white-space: nowrap; }
.htmx-indicator { display: none; } .htmx-request .htmx-indicator { display: inline; }
`;

/** Page shell: no external resources at all (offline, no CDN); htmx comes from this server. */
export function Layout(props: { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <style>{STYLE}</style>
        <script src="/assets/htmx.min.js" defer />
      </head>
      <body>{props.children}</body>
    </html>
  );
}
