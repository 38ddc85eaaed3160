import { posix } from "node:path";
import type { Element, Root } from "hast";
import { fromHtml } from "hast-util-from-html";
import { toHtml } from "hast-util-to-html";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import { unified } from "unified";
import { visit } from "unist-util-visit";

/** Image types the reader serves from inside a book; SVG is left out (it can carry script). */
export const BOOK_IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** GitHub's sanitize schema, with images (their `src` is rewritten or dropped afterwards). */
const SCHEMA = {
  ...defaultSchema,
  attributes: { ...defaultSchema.attributes, img: ["src", "alt", "title", "width", "height"] },
};

/** Where a book's own links and images may point, once resolved inside the book. */
export interface BookLinks {
  /** The URL of an image inside the book, or null to drop it (not in the book, or not a safe type). */
  image: (path: string) => string | null;
  /** The URL of another chapter file of the book, or null to drop the link. */
  chapter: (path: string) => string | null;
}

/** A book-relative path from a reference inside `base`, or null for anything with a scheme, a host or a root. */
export function resolveInBook(base: string, ref: string): string | null {
  if (!ref || /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith("/") || ref.startsWith("\\")) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(ref.split("#")[0]?.split("?")[0] ?? "");
  } catch {
    return null;
  }
  if (!decoded) return null;
  const joined = posix.normalize(posix.join(posix.dirname(base), decoded));
  return joined.startsWith("../") || joined === ".." || joined.startsWith("/") ? null : joined;
}

/**
 * Sanitizes one chapter of a book's own HTML for the reader's original
 * layout: parsed with a real HTML parser (hast-util-from-html), reduced to the
 * `<body>`, cleaned by rehype-sanitize with GitHub's schema (no scripts, event
 * handlers, iframes, styles or forms; ids prefixed `user-content-`), and then
 * every `src`/`href` resolved inside the book: images become {@link BookLinks.image}
 * URLs or are dropped, links to other chapters become {@link BookLinks.chapter}
 * URLs, fragment links stay, and anything pointing outside the book loses its
 * target. Nothing in the result can load from another host or run.
 *
 * @param chapterPath - the chapter file's path inside the book, for resolving relative references.
 */
export function sanitizeBookHtml(html: string, chapterPath: string, links: BookLinks): string {
  const doc = fromHtml(html);
  let body: Element | undefined;
  visit(doc, "element", (n: Element) => {
    if (!body && n.tagName === "body") body = n;
  });
  const root: Root = { type: "root", children: body ? body.children : doc.children };
  const clean = unified().use(rehypeSanitize, SCHEMA).runSync(root) as Root;
  visit(clean, "element", (n: Element) => {
    if (n.tagName === "img") {
      const src = typeof n.properties.src === "string" ? resolveInBook(chapterPath, n.properties.src) : null;
      const url = src ? links.image(src) : null;
      if (url) n.properties.src = url;
      else {
        // An image that is not inside the book is replaced by its alt text.
        n.tagName = "span";
        n.children = [{ type: "text", value: typeof n.properties.alt === "string" ? n.properties.alt : "" }];
        n.properties = {};
      }
    }
    if (n.tagName === "a" && typeof n.properties.href === "string") {
      const href = n.properties.href;
      if (href.startsWith("#")) return;
      const target = resolveInBook(chapterPath, href);
      const url = target ? links.chapter(target) : null;
      if (url) n.properties.href = url;
      else delete n.properties.href;
    }
  });
  return toHtml(clean);
}
