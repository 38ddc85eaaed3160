import type { Element, Nodes, Root } from "hast";
import { fromHtml } from "hast-util-from-html";

/** One unit of readable text extracted from (X)HTML, in document order. */
export interface HtmlItem {
  kind: "heading" | "block";
  /** 1–6 for headings. */
  level: number;
  text: string;
  /** `id` attributes of elements that start at or just before this item (targets of TOC fragment links). */
  ids: string[];
}

const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "header",
  "hgroup",
  "html",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "ul",
  "caption",
]);
const elements = (node: Element, names: ReadonlySet<string>): Element[] =>
  node.children.filter((c): c is Element => c.type === "element" && names.has(c.tagName));
const SECTIONS = new Set(["thead", "tbody", "tfoot"]);
const ROW = new Set(["tr"]);
const CELL = new Set(["td", "th"]);
const LIST = new Set(["ul", "ol"]);

/**
 * A table laid out as columns of lists under a header row (Tinder | Kindling
 * | Fuel, each cell a bulleted list): read row by row it would interleave
 * the columns, so it is read column by column. Returns each column's header
 * and its body cells, or null for an ordinary table.
 */
function listColumns(table: Element): Array<{ header: Element; cells: Element[] }> | null {
  const rows = [...elements(table, ROW), ...elements(table, SECTIONS).flatMap((s) => elements(s, ROW))];
  const [head, ...body] = rows.map((r) => elements(r, CELL));
  if (!head || body.length === 0 || !head.every((c) => c.tagName === "th")) return null;
  if (!body.some((cells) => cells.some((c) => elements(c, LIST).length > 0))) return null;
  return head.map((header, i) => ({
    header,
    cells: body.map((cells) => cells[i]).filter((c): c is Element => c !== undefined),
  }));
}

// `rt` and `rp` are ruby readings (難義<rt>なんぎ</rt>): glued into the text they made "難義なんぎ", which no search finds.
const SKIP = new Set(["head", "script", "style", "template", "noscript", "svg", "math", "rt", "rp"]);
const HEADING = /^h([1-6])$/;

/** The `<text>` elements of an SVG picture, in document order (their `<tspan>`s are read inside them). */
function svgTexts(el: Element): Element[] {
  const out: Element[] = [];
  const walk = (n: Element) => {
    for (const c of n.children)
      if (c.type === "element") {
        if (c.tagName === "text") out.push(c);
        else if (!SKIP.has(c.tagName) || c.tagName === "svg") walk(c);
      }
  };
  walk(el);
  return out;
}

/**
 * Extracts readable text from (X)HTML with a real HTML5 parser (parse5 via
 * hast-util-from-html), not regular expressions. Headings become heading items,
 * block elements become paragraph breaks, list items start with `- ` or `n. `, table rows become `a | b` lines
 * (a table of list columns is read column by column, each under a `Header:` lead-in) and
 * `<br>` a line break. SVG pictures give their `<text>` elements, one block each. Scripts, styles, MathML and
 * ruby readings (`<rt>`, `<rp>`) are skipped.
 * Takes markup, or a tree already parsed (and pruned) by the caller.
 */
export function htmlToItems(html: string | Root): HtmlItem[] {
  const tree: Root = typeof html === "string" ? fromHtml(html) : html;
  const items: HtmlItem[] = [];
  let buffer = "";
  let pendingIds: string[] = [];
  /** Open lists, innermost last: numbered lists count their items. */
  const lists: Array<{ ordered: boolean; next: number }> = [];
  /** The marker of the list item whose text has not been flushed yet. */
  let marker = "";

  const flush = () => {
    const text = buffer.replace(/[ \t\r\n\u00a0]+/g, (m) => (m.includes("\u2028") ? "\n" : " ")).trim();
    buffer = "";
    if (text) {
      items.push({ kind: "block", level: 0, text: marker + text.replace(/ ?\u2028 ?/g, "\n"), ids: pendingIds });
      pendingIds = [];
      marker = "";
    }
  };

  const inline = (node: Nodes): string => {
    if (node.type === "text") return node.value;
    if (node.type === "element") {
      if (SKIP.has(node.tagName)) return "";
      if (node.tagName === "br") return " ";
      if (node.tagName === "img") return typeof node.properties.alt === "string" ? node.properties.alt : "";
      return node.children.map(inline).join("");
    }
    return "";
  };

  const visit = (node: Nodes): void => {
    if (node.type === "text") {
      buffer += node.value;
      return;
    }
    if (node.type !== "element" && node.type !== "root") return;
    if (node.type === "root") {
      for (const c of node.children) visit(c);
      return;
    }
    const el: Element = node;
    if (el.tagName === "svg") {
      // A picture's own words (labels, a fixed-layout page's lines) are its `<text>` elements; the rest is drawing.
      flush();
      for (const t of svgTexts(el)) {
        buffer = inline(t);
        flush();
      }
      return;
    }
    if (SKIP.has(el.tagName)) return;
    const id = typeof el.properties.id === "string" ? el.properties.id : undefined;
    const heading = HEADING.exec(el.tagName);
    if (heading) {
      flush();
      if (id) pendingIds.push(id);
      const text = inline(el).replace(/\s+/g, " ").trim();
      if (text) {
        items.push({ kind: "heading", level: Number(heading[1]), text, ids: pendingIds });
        pendingIds = [];
      }
      return;
    }
    if (el.tagName === "br") {
      buffer += "\u2028";
      return;
    }
    if (el.tagName === "tr") {
      flush();
      if (id) pendingIds.push(id);
      const cells = el.children
        .filter((c): c is Element => c.type === "element" && (c.tagName === "td" || c.tagName === "th"))
        .map((c) => inline(c).replace(/\s+/g, " ").trim());
      buffer = cells.join(" | ");
      flush();
      return;
    }
    const columns = el.tagName === "table" ? listColumns(el) : null;
    if (columns) {
      flush();
      if (id) pendingIds.push(id);
      for (const { header, cells } of columns) {
        const title = inline(header).replace(/\s+/g, " ").trim();
        if (title) {
          buffer = title.endsWith(":") ? title : `${title}:`;
          flush();
        }
        for (const cell of cells) {
          for (const c of cell.children) visit(c);
          flush();
        }
      }
      return;
    }
    const isBlock = BLOCK.has(el.tagName);
    if (isBlock) flush();
    if (id) {
      if (buffer.trim()) flush();
      pendingIds.push(id);
    }
    const list = el.tagName === "ul" || el.tagName === "ol";
    if (list) lists.push({ ordered: el.tagName === "ol", next: Number(el.properties.start ?? 1) || 1 });
    if (el.tagName === "li") {
      // List items keep a marker, as Markdown lists do, so answers can quote them as steps.
      const open = lists.at(-1);
      marker = open?.ordered ? `${open.next++}. ` : "- ";
    }
    for (const c of el.children) visit(c);
    if (list) lists.pop();
    if (isBlock) flush();
    if (el.tagName === "li") marker = "";
  };

  visit(tree);
  flush();
  return items;
}

/** Plain text of an HTML fragment: its items joined by blank lines. */
export function htmlFragmentToText(html: string): string {
  return htmlToItems(html)
    .map((i) => i.text)
    .join("\n\n");
}
