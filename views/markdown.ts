import type { Element, ElementContent, Root, Text } from "hast";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { SKIP, visit } from "unist-util-visit";

/** Where each `[n]` of an answer links: the cited source's reader URL. */
export type CitationLinks = ReadonlyMap<number, string>;

/** GitHub's schema without images; `javascript:` and other unsafe protocols are already refused by it. */
const SCHEMA = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((t) => t !== "img"),
  attributes: { ...defaultSchema.attributes, a: ["href", "className", "title"] },
};

/** A link that stays on this server: a path (not `//host`) or a fragment. */
const LOCAL_HREF = /^(?:\/(?![/\\])|#)/;

/** Removes every link target that would leave this server (an offline appliance has nowhere else to go). */
function localLinksOnly() {
  return (tree: Root) => {
    visit(tree, "element", (node: Element) => {
      if (node.tagName !== "a") return;
      const href = node.properties.href;
      if (typeof href !== "string" || !LOCAL_HREF.test(href)) delete node.properties.href;
    });
  };
}

function citationPlugin(links: CitationLinks) {
  return (tree: Root) => {
    visit(tree, "text", (node: Text, index, parent) => {
      if (!parent || index === undefined || !/\[\d+\]/.test(node.value)) return;
      if (parent.type === "element" && parent.tagName === "a") return;
      const out: ElementContent[] = [];
      for (const piece of node.value.split(/(\[\d+\])/g)) {
        const n = /^\[(\d+)\]$/.exec(piece);
        const href = n ? links.get(Number(n[1])) : undefined;
        if (href) {
          const a: Element = {
            type: "element",
            tagName: "a",
            properties: { href, className: ["cite"], title: `Open source ${n?.[1]} in the reader` },
            children: [{ type: "text", value: piece }],
          };
          out.push(a);
        } else if (piece) out.push({ type: "text", value: piece });
      }
      parent.children.splice(index, 1, ...out);
      return [SKIP, index + out.length];
    });
  };
}

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s/;

/**
 * Makes each line of an answer its own block: answers put one statement per
 * line ("**Frostbite › Treatment**", then a sentence), which Markdown would
 * otherwise join into one paragraph. Consecutive list items stay one list, and
 * fenced code is left alone.
 */
export function separateLines(markdown: string): string {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split("\n")) {
    const previous = out.at(-1);
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (
      !fenced &&
      line.trim() !== "" &&
      previous !== undefined &&
      previous.trim() !== "" &&
      !(LIST_ITEM.test(line) && LIST_ITEM.test(previous))
    )
      out.push("");
    out.push(line);
  }
  return out.join("\n");
}

/**
 * Renders an answer's Markdown (GFM) to sanitized HTML, turning each `[n]`
 * into a link to its source in the reader. Raw HTML in the text is dropped
 * (remark-rehype without `allowDangerousHtml`), the output passes
 * rehype-sanitize with GitHub's schema and no images, and then every link
 * that would leave this server loses its target: a model or a book cannot
 * inject a script, a `javascript:` link or a remote request.
 */
export function renderAnswerHtml(markdown: string, links: CitationLinks): string {
  const file = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype)
    .use(citationPlugin, links)
    .use(rehypeSanitize, SCHEMA)
    .use(localLinksOnly)
    .use(rehypeStringify)
    .processSync(separateLines(markdown));
  return String(file);
}

/**
 * Renders a Markdown book for the reader's original layout: GFM, front
 * matter skipped, raw HTML dropped, rehype-sanitize with no images, and links
 * that would leave this server lose their target.
 */
export function renderBookMarkdown(markdown: string): string {
  const file = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ["yaml", "toml"])
    .use(remarkGfm)
    .use(remarkRehype)
    .use(rehypeSanitize, SCHEMA)
    .use(localLinksOnly)
    .use(rehypeStringify)
    .processSync(markdown);
  return String(file);
}
