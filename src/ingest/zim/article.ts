import type { Element, ElementContent, Root, RootContent } from "hast";
import { fromHtml } from "hast-util-from-html";
import { toHtml } from "hast-util-to-html";
import { DocumentBuilder } from "../document-builder.js";
import { type HtmlItem, htmlToItems } from "../html-text.js";
import { LimitError } from "../limits.js";
import type { ParsedDocument } from "../types.js";

/**
 * Classes of MediaWiki/mwoffliner page furniture that is not the article:
 * navigation boxes, reference lists and markers, edit links, the table of
 * contents, maintenance notices, hatnotes and sister-project boxes.
 */
const BOILERPLATE_CLASSES = new Set([
  "navbox",
  "vertical-navbox",
  "navbox-styles",
  "reflist",
  "references",
  "mw-references-wrap",
  "refbegin",
  "reference",
  "mw-ref",
  "mw-editsection",
  "toc",
  "toccolours",
  "metadata",
  "ambox",
  "mbox-small",
  "noprint",
  "hatnote",
  "catlinks",
  "mw-jump-link",
  "printfooter",
  "sistersitebox",
  "portal",
  "authority-control",
  "mw-empty-elt",
]);
const BOILERPLATE_IDS = new Set(["toc", "catlinks", "footer", "mw-navigation", "siteSub", "contentSub", "jump-to-nav"]);
/** End-of-article sections that hold citations and links rather than content. */
const TRAILING_SECTIONS =
  /^(references|notes|footnotes|citations|sources|bibliography|further reading|external links|see also|notes and references)$/i;

function classes(el: Element): string[] {
  const c = el.properties.className;
  return Array.isArray(c) ? c.map(String) : [];
}

function isBoilerplate(el: Element): boolean {
  const id = typeof el.properties.id === "string" ? el.properties.id : "";
  if (BOILERPLATE_IDS.has(id) || id.startsWith("cite_ref")) return true;
  return classes(el).some((c) => BOILERPLATE_CLASSES.has(c));
}

function hidden(el: Element): boolean {
  const style = typeof el.properties.style === "string" ? el.properties.style : "";
  return /display\s*:\s*none/i.test(style);
}

function textOf(node: ElementContent): string {
  if (node.type === "text") return node.value;
  if (node.type !== "element") return "";
  if (node.tagName === "br") return ", ";
  if (node.tagName === "style" || node.tagName === "script") return "";
  return node.children.map(textOf).join("");
}

function clean(s: string): string {
  return s
    .replace(/\s+/g, " ")
    .replace(/\s+,/g, ",")
    .replace(/^[\s,]+|[\s,]+$/g, "");
}

/**
 * An infobox reduced to its key facts: each `th` + `td` row as "Key: value",
 * as one paragraph with a line per fact (the pictures and colour bands go).
 */
function infoboxFacts(table: Element): Element {
  const facts: string[] = [];
  const rows = (el: Element): Element[] =>
    el.children.flatMap((c) =>
      c.type !== "element" ? [] : c.tagName === "tr" ? [c] : ["tbody", "thead"].includes(c.tagName) ? rows(c) : [],
    );
  for (const tr of rows(table)) {
    const cells = tr.children.filter((c): c is Element => c.type === "element" && /^t[hd]$/.test(c.tagName));
    const key = cells.find((c) => c.tagName === "th");
    const value = cells.find((c) => c.tagName === "td");
    if (!key || !value) continue;
    const k = clean(textOf(key));
    const v = clean(textOf(value));
    if (k && v) facts.push(`${k}: ${v}`);
  }
  const children: ElementContent[] = [];
  for (const [i, f] of facts.entries()) {
    if (i > 0) children.push({ type: "element", tagName: "br", properties: {}, children: [] });
    children.push({ type: "text", value: f });
  }
  return { type: "element", tagName: "p", properties: {}, children };
}

/** Removes page furniture in place; for the text (`facts`), infoboxes become fact lines. */
function prune(node: Root | Element, facts: boolean): void {
  const kept: Array<RootContent | ElementContent> = [];
  for (const child of node.children) {
    if (child.type === "comment") continue;
    if (child.type === "element") {
      if (isBoilerplate(child) || child.tagName === "h1" || hidden(child)) continue;
      // Parsoid gives every element an id; the text reader starts a block at each id (a TOC target), splitting sentences.
      if (!/^h[2-6]$/.test(child.tagName)) delete child.properties.id;
      prune(child, facts);
      if (facts && child.tagName === "table" && classes(child).includes("infobox")) {
        kept.push(infoboxFacts(child));
        continue;
      }
    }
    kept.push(child);
  }
  node.children = kept as typeof node.children;
}

/** Drops "References", "External links" and the like, each down to the next heading of its level or above. */
function dropTrailingSections(items: HtmlItem[]): HtmlItem[] {
  const out: HtmlItem[] = [];
  let skipLevel = 0;
  for (const item of items) {
    if (item.kind === "heading") {
      if (skipLevel && item.level <= skipLevel) skipLevel = 0;
      if (!skipLevel && TRAILING_SECTIONS.test(item.text)) skipLevel = item.level;
    }
    if (!skipLevel) out.push(item);
  }
  return out;
}

/**
 * Parses one ZIM article (MediaWiki/mwoffliner or any HTML) into a document
 * whose outline starts at the article: `title` is the archive's, every
 * heading path begins with `article`, and the article's `<h2>`… become its
 * sections, so a citation reads archive › article › section. Navigation
 * boxes, reference lists and markers, edit links, the TOC, maintenance boxes
 * and the trailing References / External links sections are dropped;
 * infoboxes keep their facts as "Key: value" lines. Deterministic: the reader
 * parses the article again at read time, and offsets must match.
 *
 * @param html - the article's HTML, decoded.
 * @param article - the entry's title.
 * @param archive - the archive's `Title` metadata.
 * @throws LimitError when the article text passes `maxChars`.
 */
/**
 * An article's content as HTML: HTML as it is; plain text escaped, each run
 * between blank lines a paragraph, so it is read and shown as HTML articles are.
 */
export function articleHtml(mimeType: string, content: Buffer): string {
  const text = content.toString("utf8");
  if (!mimeType.startsWith("text/plain")) return text;
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return escaped
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => `<p>${p.trim()}</p>`)
    .join("\n");
}

export function parseZimArticle(html: string, article: string, archive: string, maxChars: number): ParsedDocument {
  if (html.length > maxChars * 4)
    throw new LimitError(`article ${article} is over ${maxChars} characters (maxTextChars)`);
  const tree = fromHtml(html);
  prune(tree, true);
  const builder = new DocumentBuilder();
  builder.heading(1, article);
  for (const item of dropTrailingSections(htmlToItems(tree))) {
    if (item.kind === "heading") builder.heading(Math.max(2, item.level), item.text);
    else builder.block(item.text);
  }
  const doc = builder.build({ title: archive, author: null, format: "zim" });
  if (doc.text.length > maxChars)
    throw new LimitError(`article ${article} is over ${maxChars} characters (maxTextChars)`);
  return doc;
}

/**
 * An article's HTML with the same page furniture removed as from its text
 * (navigation boxes, reference lists and markers, edit links, TOC, the `<h1>`),
 * infoboxes kept as tables: the input of the reader's original layout, which
 * still sanitizes it.
 */
export function cleanZimHtml(html: string): string {
  const tree = fromHtml(html);
  prune(tree, false);
  return toHtml(tree);
}
