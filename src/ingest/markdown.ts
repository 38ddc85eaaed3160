import type { Heading, List, Nodes, Root, RootContent, Table } from "mdast";
import { toString as mdToString } from "mdast-util-to-string";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { parse as parseYaml } from "yaml";
import { decodeText } from "./decode.js";
import { DocumentBuilder, titleFromFileName } from "./document-builder.js";
import { htmlFragmentToText } from "./html-text.js";
import type { ParsedDocument } from "./types.js";

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ["yaml"]);

function inlineText(node: Nodes): string {
  return mdToString(node, { includeHtml: false }).replace(/\s+/g, " ").trim();
}

/** Renders a GFM table as pipe-separated lines so row/column structure survives in the chunk text. */
function tableText(table: Table): string {
  return table.children.map((row) => row.children.map((cell) => inlineText(cell)).join(" | ")).join("\n");
}

function listText(list: List, depth = 0): string {
  const lines: string[] = [];
  list.children.forEach((item, i) => {
    const marker = list.ordered ? `${(list.start ?? 1) + i}.` : "-";
    const own: string[] = [];
    for (const child of item.children) {
      if (child.type === "list") lines.push(`${marker} ${own.join(" ")}`, listText(child, depth + 1));
      else own.push(inlineText(child));
    }
    if (!item.children.some((c) => c.type === "list")) lines.push(`${marker} ${own.join(" ")}`);
  });
  return lines.filter((l) => l.trim() !== "" && l.trim() !== "-").join("\n");
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v) => typeof v === "string" || typeof v === "number").map(String);
  if (typeof value === "string")
    return value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

function walk(nodes: RootContent[], builder: DocumentBuilder, firstH1: { value?: string }): void {
  for (const node of nodes) {
    switch (node.type) {
      case "heading": {
        const text = inlineText(node as Heading);
        if (node.depth === 1 && firstH1.value === undefined) firstH1.value = text;
        builder.heading(node.depth, text);
        break;
      }
      case "paragraph":
        builder.block(inlineText(node));
        break;
      case "table":
        builder.block(tableText(node));
        break;
      case "list":
        builder.block(listText(node));
        break;
      case "code":
        builder.block(node.value);
        break;
      case "blockquote":
        walk(node.children, builder, firstH1);
        break;
      case "html":
        // HTML comments carry authoring notes (e.g. Trail Sense keyword markers), not book text.
        if (!node.value.trim().startsWith("<!--")) builder.block(htmlFragmentToText(node.value));
        break;
      case "yaml":
      case "definition":
      case "thematicBreak":
        break;
      default:
        builder.block(inlineText(node));
    }
  }
}

/**
 * Parses a Markdown file with remark (plus GFM and YAML front matter).
 *
 * - Headings build the section outline ("Water › Water Purification").
 * - Front matter becomes metadata; its `tags`, `categories` and `keywords` become tags.
 * - Tables render as `a | b | c` lines; lists as `- item` lines; HTML comments are dropped.
 * - Title: front matter `title`, else the first `#` heading, else the file name.
 *
 * @throws Error only on undecodable input (front matter YAML errors are ignored, the body still indexes).
 */
export function parseMarkdown(bytes: Uint8Array, path: string): ParsedDocument {
  const { text } = decodeText(bytes);
  const tree = processor.parse(text) as Root;
  const frontMatter: Record<string, unknown> = {};
  const yamlNode = tree.children.find((n) => n.type === "yaml");
  if (yamlNode && yamlNode.type === "yaml") {
    try {
      const parsed: unknown = parseYaml(yamlNode.value);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) Object.assign(frontMatter, parsed);
    } catch {
      // Malformed front matter loses its metadata, not the document.
    }
  }
  const builder = new DocumentBuilder();
  const firstH1: { value?: string } = {};
  walk(tree.children, builder, firstH1);

  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(frontMatter)) {
    if (v === null || v === undefined) continue;
    metadata[k] = Array.isArray(v) ? v.map(String).join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  const tags = [
    ...new Set(
      [...stringList(frontMatter.tags), ...stringList(frontMatter.categories), ...stringList(frontMatter.keywords)]
        .map((t) => t.toLowerCase().trim())
        .filter(Boolean),
    ),
  ];
  const fmTitle = typeof frontMatter.title === "string" ? frontMatter.title : undefined;
  const authorList = stringList(frontMatter.author ?? frontMatter.authors);
  return builder.build({
    title: fmTitle ?? firstH1.value ?? titleFromFileName(path),
    author: authorList.length > 0 ? authorList.join(", ") : null,
    format: "markdown",
    tags,
    metadata,
  });
}
