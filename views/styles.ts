/** The dark palette, shared by the `dark` theme and `auto` on a device set to dark. */
const DARK = `color-scheme: dark; --bg: #121413; --fg: #e9ebe9; --muted: #b3bab6; --accent: #86d7ad; --on-accent: #0b1a12;
  --link: #9fe3bf; --card: #1e2320; --border: #6b736e; --mark: #735f00; --mark-fg: #fff; --warn: #ffb45e;`;

/**
 * The one stylesheet, served as `/assets/app.css`. Themes are CSS variables:
 * light and dark follow the system unless the reader picks one, and `survival`
 * is high-contrast large type (20 px body, 48 px targets). Contrast of every
 * text colour on its background is at least 4.5:1 (axe checks it in the tests).
 * Sides are logical (`margin-inline-start`, `border-inline-start`), so a
 * right-to-left page (`<html dir="rtl">`, Arabic) mirrors without its own rules.
 */
export const STYLE = `
:root { color-scheme: light; --bg: #fdfdfb; --fg: #1b1d1c; --muted: #4e5551; --accent: #1d5c3d; --on-accent: #fff;
  --link: #1d5c3d; --card: #eef1ee; --border: #8a918d; --mark: #ffe37a; --mark-fg: #1b1d1c; --warn: #8a4b00;
  --target: 44px; font-size: 16px; }
:root[data-theme=dark] { ${DARK} }
@media (prefers-color-scheme: dark) { :root:not([data-theme]) { ${DARK} } }
:root[data-theme=survival] { color-scheme: dark; --bg: #000; --fg: #fff; --muted: #e6e6e6; --accent: #ffd400;
  --on-accent: #000; --link: #ffe14d; --card: #161616; --border: #fff; --mark: #ffd400; --mark-fg: #000; --warn: #ffb45e;
  --target: 48px; font-size: 20px; }
:root[data-theme=survival] body { line-height: 1.6; }
* { box-sizing: border-box; }
body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; background: var(--bg); color: var(--fg); }
a { color: var(--link); }
.skip { position: absolute; inset-inline-start: -999px; } .skip:focus { inset-inline-start: .5rem; top: .5rem; background: var(--bg); padding: .5rem; z-index: 10; }
header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .75rem; padding: .25rem .75rem;
  border-block-end: 1px solid var(--border); }
header.top .brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--fg); margin-inline-end: auto;
  display: inline-flex; align-items: center; min-height: var(--target); }
nav.main { display: flex; flex-wrap: wrap; gap: 0 .25rem; }
nav.main a { display: inline-flex; align-items: center; min-height: var(--target); padding: 0 .6rem; text-decoration: none;
  border-radius: .4rem; color: var(--fg); }
nav.main a[aria-current=page] { background: var(--card); font-weight: 600; text-decoration: underline; }
main { max-width: 52rem; margin: 0 auto; padding: .75rem; }
main.wide { max-width: 72rem; }
h1 { font-size: 1.5rem; margin: .5rem 0; } h2 { font-size: 1.25rem; } h3 { font-size: 1.1rem; }
button, .button { font: inherit; min-height: var(--target); min-width: var(--target); padding: .4rem 1rem; border-radius: .4rem;
  border: 1px solid transparent; background: var(--accent); color: var(--on-accent); cursor: pointer; text-decoration: none;
  display: inline-flex; align-items: center; justify-content: center; gap: .3rem; }
button:disabled { opacity: .55; cursor: not-allowed; }
button.quiet, .button.quiet { background: var(--card); color: var(--fg); border-color: var(--border); }
button.quiet[aria-pressed="true"] { background: var(--accent); color: var(--on-accent); border-color: var(--accent); }
input, select, textarea { font: inherit; min-height: var(--target); padding: .4rem .6rem; border-radius: .4rem;
  border: 1px solid var(--border); background: var(--bg); color: var(--fg); }
:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
form.ask { display: flex; flex-wrap: wrap; gap: .5rem; }
form.ask .style { flex-basis: 100%; display: flex; gap: .5rem; align-items: center; }
form.ask input[type=text], form.ask input[type=search] { flex: 1; min-width: 0; font-size: 1.1rem; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(8rem, 1fr)); gap: .5rem; margin: .75rem 0;
  padding: 0; list-style: none; }
.tiles a { display: flex; flex-direction: column; align-items: center; justify-content: center; gap: .35rem;
  min-height: calc(var(--target) * 2); padding: .6rem .5rem; border-radius: .6rem; background: var(--card);
  border: 1px solid var(--border); color: var(--fg); text-decoration: none; font-weight: 600; text-transform: capitalize;
  text-align: center; line-height: 1.25; }
.tiles .topic-icon { color: var(--accent); flex: none; }
:root[data-theme=survival] .tiles .topic-icon { width: 34px; height: 34px; }
.card { padding: .75rem 1rem; border-radius: .5rem; background: var(--card); margin: .75rem 0; }
.meta { color: var(--muted); font-size: .875rem; }
.warning { padding: .6rem .8rem; border-radius: .4rem; border-inline-start: 4px solid var(--warn); background: var(--card); }
:lang(ar) code, :lang(hi) code { font-family: inherit; }
mark { background: var(--mark); color: var(--mark-fg); padding: 0 .1em; border-radius: .15em; }
.layout { display: grid; grid-template-columns: 15rem minmax(0, 1fr); gap: 1rem; }
.drawer summary { display: flex; align-items: center; min-height: var(--target); cursor: pointer; font-weight: 600; }
@media (max-width: 48rem) { .layout { grid-template-columns: minmax(0, 1fr); } }
.conversations { list-style: none; padding: 0; margin: 0; }
.conversations a { display: flex; align-items: center; min-height: var(--target); padding: 0 .5rem; border-radius: .4rem;
  text-decoration: none; color: var(--fg); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.conversations a[aria-current=page] { background: var(--card); font-weight: 600; }
.conversations a { gap: .5rem; } .conversations .title { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.conversations .when { flex: none; color: var(--muted); font-size: .8rem; font-weight: 400; }
.msg { margin: .75rem 0; }
.msg.user { font-weight: 600; }
.msg.user p { margin: 0; padding: .5rem .75rem; background: var(--card); border-radius: .5rem; display: inline-block; }
.msg.assistant .answer-text p { margin: .35rem 0; }
.msg.assistant .stream { white-space: pre-wrap; }
.msg .tools { margin-block-start: .25rem; font-weight: 400; }
.msg .branch { gap: .25rem; }
.msg details.edit[open] { flex-basis: 100%; }
.msg details.edit summary { list-style: none; }
/* A 44 px touch target around an inline [n], through padding that negative margins keep from moving the text. */
a.cite { font-weight: 700; text-decoration: none; display: inline-block; padding: .8rem .5rem; margin: -.8rem -.35rem; }
.sources { list-style: none; padding: 0; }
.sources > li { margin: .5rem 0; padding: .5rem .75rem; border-inline-start: 3px solid var(--accent); background: var(--card); }
.passage ul, .passage ol { padding-inline-start: 1.25rem; }
.passage li { margin: .25rem 0; }
.sources .where { font-weight: 600; }
.row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.stack { display: flex; flex-direction: column; gap: .4rem; max-width: 26rem; }
.stack button { align-self: flex-start; margin-block-start: .4rem; }
header.top .who { display: flex; gap: .4rem; align-items: center; margin-inline-start: auto; }
header.top .section, details.menu { display: none; }
/* Phones and narrow windows: one row (brand, the current section, Menu); the links open below it. */
@media (max-width: 60rem) {
  header.top { flex-wrap: nowrap; position: relative; }
  header.top > nav.main, header.top > .who { display: none; }
  header.top .brand { margin-inline-end: 0; }
  header.top .section { display: block; font-weight: 600; color: var(--muted);
    white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
  details.menu { display: block; flex: none; margin-inline-start: auto; }
  details.menu > summary { list-style: none; } details.menu > summary::-webkit-details-marker { display: none; }
  .menu-panel { position: absolute; inset-inline: 0; top: 100%; z-index: 5; display: flex; flex-direction: column;
    gap: .15rem; padding: .5rem .75rem .75rem; background: var(--bg); border-block-end: 1px solid var(--border);
    box-shadow: 0 .5rem 1rem rgb(0 0 0 / .15); }
  .menu-panel a { display: flex; align-items: center; min-height: var(--target); padding: 0 .6rem; border-radius: .4rem;
    text-decoration: none; color: var(--fg); }
  .menu-panel a[aria-current=page] { background: var(--card); font-weight: 600; text-decoration: underline; }
  .menu-panel .who { margin: .4rem 0 0; justify-content: space-between; padding-block-start: .4rem; border-block-start: 1px solid var(--border); }
}
.reader { max-width: 40rem; margin: 0 auto; font-size: 1.075rem; line-height: 1.65; }
.reader p { white-space: pre-line; }
.reader mark { scroll-margin-top: 30vh; }
.book-html img { max-width: 100%; height: auto; } .book-html pre { white-space: pre-wrap; }
.pager { display: flex; justify-content: space-between; gap: .5rem; margin: 1.5rem 0; }
.toc ol { padding-inline-start: 1.1rem; } .toc li { margin: .15rem 0; } .toc a { display: inline-block; padding: .35rem 0; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: start; padding: .4rem; border-bottom: 1px solid var(--border); vertical-align: top; }
.table-wrap { overflow-x: auto; }
input[type=file] { max-width: 100%; }
@media (max-width: 40rem) { table.stacked thead { display: none; } table.stacked tr { display: block; padding: .5rem 0;
  border-bottom: 1px solid var(--border); } table.stacked td { display: block; border: 0; padding: .15rem 0; }
  table.stacked td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); } }
.state-failed { color: var(--warn); font-weight: 600; }
.address .qr { inline-size: 11rem; padding: 0.5rem; background: #fff; border-radius: 0.5rem; }
.address .qr svg { display: block; inline-size: 100%; block-size: auto; }
.lan-url { font-size: 1.15rem; overflow-wrap: anywhere; }
progress { width: 100%; height: 1rem; accent-color: var(--accent); }
.dropzone { border: 2px dashed var(--border); border-radius: .5rem; padding: 1rem; }
.dropzone.over { border-color: var(--accent); background: var(--card); }
fieldset.choices { border: 1px solid var(--border); border-radius: .5rem; display: flex; flex-direction: column; gap: .15rem; }
fieldset.choices label { display: flex; gap: .5rem; align-items: center; min-height: var(--target); }
.speak { display: none; }
.can-speak .speak { display: inline-flex; flex-wrap: wrap; gap: .4rem; margin: .25rem 0; }
.speak button[hidden] { display: none; }
code.secret { overflow-wrap: anywhere; word-break: break-all; user-select: all; min-width: 0; flex: 1 1 12rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
