import type { Heading, List, Nodes, Paragraph, Root, RootContent, Table } from "mdast";
import { toString as mdToString } from "mdast-util-to-string";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { parse as parseYaml } from "yaml";
import { decodeText } from "./decode.js";
import { DocumentBuilder, titleFromFileName } from "./document-builder.js";
import { htmlFragmentToText } from "./html-text.js";
import { assertTextLength, DEFAULT_PARSE_LIMITS, type ParseLimits } from "./limits.js";
import { assertMarkdownDepth, type MarkdownSegment, segmentMarkdown } from "./markdown-segments.js";
import { frontMatterPublished } from "./published.js";
import type { ParsedDocument } from "./types.js";
import { lineKind } from "./units.js";

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ["yaml"]);

function inlineText(node: Nodes): string {
  return mdToString(node, { includeHtml: false }).replace(/\s+/g, " ").trim();
}

/** Renders a GFM table as pipe-separated lines so row/column structure survives in the chunk text. */
function tableText(table: Table): string {
  return table.children.map((row) => row.children.map((cell) => inlineText(cell)).join(" | ")).join("\n");
}

/** Inline syntax that needs remark; a plain cell is used as it is. */
const INLINE_SYNTAX = /[*_`[\]<>!\\&]/;

/** A large pipe table read without remark's table parser; cells with inline syntax still go through remark. */
function fastTableText(rows: string[][]): string {
  const cell = (c: string) => {
    if (!INLINE_SYNTAX.test(c)) return c;
    const first = (processor.parse(c) as Root).children[0];
    return first ? inlineText(first) : "";
  };
  return rows.map((row) => row.map(cell).join(" | ")).join("\n");
}

/**
 * A list item that only names a group of sub-items ("**Tinder**" over a list
 * of tinders, "Signs:" over the signs): it becomes the sub-list's lead-in.
 */
function groupTitle(own: string): string | null {
  const t = own.trim();
  if (!t || t.length > 60 || /[.!?;,]$/.test(t)) return null;
  return t.endsWith(":") ? t : `${t}:`;
}

function listText(list: List): string {
  const lines: string[] = [];
  list.children.forEach((item, i) => {
    const marker = list.ordered ? `${(list.start ?? 1) + i}.` : "-";
    const own: string[] = [];
    const nested: string[] = [];
    for (const child of item.children) {
      if (child.type === "list") nested.push(listText(child));
      else own.push(inlineText(child));
    }
    const text = own.join(" ");
    const title = nested.length > 0 && !list.ordered ? groupTitle(text) : null;
    lines.push(title ?? `${marker} ${text}`, ...nested);
  });
  return lines.filter((l) => l.trim() !== "" && l.trim() !== "-").join("\n");
}

/**
 * End offset of a raw HTML table that starts in `node`, or null. Field
 * manuals converted from HTML carry tables whose opening line
 * (`<a name="fig"></a><table>`) does not start a CommonMark HTML block, so
 * remark splits them into paragraphs and loses rows and columns; the whole
 * table is read from the source instead.
 */
function rawTableEnd(source: string, node: RootContent): number | null {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined || (node.type !== "paragraph" && node.type !== "html")) return null;
  if (!/<table\b/i.test(source.slice(start, end))) return null;
  const tags = /<(\/?)table\b[^>]*>/gi;
  tags.lastIndex = start;
  let depth = 0;
  for (let m = tags.exec(source); m; m = tags.exec(source)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return m.index + m[0].length;
  }
  return null;
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

/**
 * The text of a paragraph that is only bold text and reads as a title
 * ("**HYPOTHERMIA**", "**Flint and Steel**"): field manuals converted to
 * Markdown use these as sub-headings. Captions and sentences are not titles.
 */
function boldTitle(node: Paragraph): string | null {
  const parts = node.children.filter((c) => !(c.type === "text" && !c.value.trim()));
  if (parts.length !== 1 || parts[0]?.type !== "strong") return null;
  const text = inlineText(node);
  if (text.length > 80 || /[.:;,!?]$/.test(text) || lineKind(text) !== null) return null;
  return text;
}

interface WalkState {
  /** The Markdown source, for raw HTML read past remark's node boundaries. */
  source: string;
  firstH1?: string;
  /** Depth of the last real `#` heading; bold titles nest one below it. */
  depth: number;
}

function walk(nodes: RootContent[], builder: DocumentBuilder, state: WalkState): void {
  let skipTo = -1;
  nodes.forEach((node, i) => {
    const start = node.position?.start.offset ?? Number.POSITIVE_INFINITY;
    if (start < skipTo) return;
    const tableEnd = rawTableEnd(state.source, node);
    if (tableEnd !== null && start !== Number.POSITIVE_INFINITY) {
      // Nodes that begin inside the table are part of it, to their own end.
      skipTo = tableEnd;
      for (const later of nodes.slice(i)) {
        const s = later.position?.start.offset ?? Number.POSITIVE_INFINITY;
        if (s < tableEnd) skipTo = Math.max(skipTo, later.position?.end.offset ?? 0);
      }
      builder.block(htmlFragmentToText(state.source.slice(start, skipTo)));
      return;
    }
    visitNode(node, builder, state);
  });
}

function visitNode(node: RootContent, builder: DocumentBuilder, state: WalkState): void {
  switch (node.type) {
    case "heading": {
      const text = inlineText(node as Heading);
      if (node.depth === 1 && state.firstH1 === undefined) state.firstH1 = text;
      builder.heading(node.depth, text);
      state.depth = node.depth;
      break;
    }
    case "paragraph": {
      const title = boldTitle(node);
      if (title) {
        builder.heading(Math.min(state.depth + 1, 7), title);
        break;
      }
      // An image-only paragraph repeats its figure's caption as alt text; the caption itself is kept.
      if (
        node.children.every(
          (c) =>
            c.type === "image" ||
            c.type === "imageReference" ||
            c.type === "html" ||
            (c.type === "text" && !c.value.trim()),
        )
      )
        break;
      builder.block(inlineText(node));
      break;
    }
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
      walk(node.children, builder, state);
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

function frontMatterOf(tree: Root): Record<string, unknown> {
  const yamlNode = tree.children.find((n) => n.type === "yaml");
  if (yamlNode?.type !== "yaml") return {};
  try {
    const parsed: unknown = parseYaml(yamlNode.value);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Malformed front matter loses its metadata, not the document.
  }
  return {};
}

/**
 * Parses a Markdown file with remark (plus GFM and YAML front matter).
 *
 * - Headings build the section outline ("Water › Water Purification"); a
 *   paragraph that is only a short bold title ("**HYPOTHERMIA**") is a
 *   sub-heading one level below the last `#` heading.
 * - Front matter becomes metadata; its `tags`, `categories` and `keywords` become tags, and its
 *   `year`/`published`/`date`, `publisher` and `language` the publication facts ({@link frontMatterPublished}).
 * - Tables render as `a | b | c` lines; lists as `- item` lines (an unordered item that only titles
 *   a sub-list becomes its `Title:` lead-in); raw HTML tables are read whole; HTML comments are dropped.
 * - Title: front matter `title`, else the first `#` heading, else the file name.
 *
 * - Hostile input is bounded: the text length and nesting depth are checked
 *   before remark runs, sources over 256 KB are parsed in segments, and pipe
 *   tables of over 1,000 rows are read row by row (see `markdown-segments.ts`).
 *
 * @param limits - `maxTextChars` and `maxMarkdownDepth` are used (defaults {@link DEFAULT_PARSE_LIMITS}).
 * @throws LimitError when the text is too long or nests too deep. Front matter YAML errors are ignored.
 */
export function parseMarkdown(
  bytes: Uint8Array,
  path: string,
  limits: Pick<ParseLimits, "maxTextChars" | "maxMarkdownDepth"> = DEFAULT_PARSE_LIMITS,
): ParsedDocument {
  const { text } = decodeText(bytes);
  assertTextLength(text, limits.maxTextChars);
  assertMarkdownDepth(text, limits.maxMarkdownDepth);
  const builder = new DocumentBuilder();
  const state: WalkState = { source: text, depth: 0 };
  let frontMatter: Record<string, unknown> = {};
  segmentMarkdown(text).forEach((segment: MarkdownSegment, i) => {
    if (segment.kind === "table") {
      builder.block(fastTableText(segment.rows));
      return;
    }
    const tree = processor.parse(segment.text) as Root;
    if (i === 0) frontMatter = frontMatterOf(tree);
    state.source = segment.text;
    walk(tree.children, builder, state);
  });

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
    title: fmTitle ?? state.firstH1 ?? titleFromFileName(path),
    author: authorList.length > 0 ? authorList.join(", ") : null,
    format: "markdown",
    tags,
    metadata,
    published: frontMatterPublished(frontMatter),
  });
}
