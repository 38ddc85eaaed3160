import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { decodeText } from "./decode.js";
import { DocumentBuilder, titleFromFileName } from "./document-builder.js";
import { htmlToItems } from "./html-text.js";
import { LimitError, type ParseLimits } from "./limits.js";
import { yearOf } from "./published.js";
import type { ParsedDocument } from "./types.js";

type PageDocument = ReturnType<typeof parseHTML>["document"];
type ReadabilityInput = ConstructorParameters<typeof Readability>[0];

/** The `content` of the first `<meta>` whose `property` or `name` is one of `keys`. */
function metaContent(document: PageDocument, keys: string[]): string | null {
  for (const key of keys) {
    const el = document.querySelector(`meta[property="${key}"], meta[name="${key}"]`);
    const v = el?.getAttribute("content")?.trim();
    if (v) return v;
  }
  return null;
}

/** Page furniture inside the content: MediaWiki's section edit links and "jump to" links. */
const EDIT_LINKS = ".mw-editsection, .mw-jump-link, .editsection";

/**
 * Parses a saved web page (`.html`, `.htm`): the main content is found with
 * Mozilla's Readability (Firefox Reader View) over a linkedom DOM, so menus,
 * sidebars, footers and comment threads are left out; if Readability finds
 * no article, the whole `<body>` is read. The content becomes text through
 * the same HTML reader as EPUB chapters ({@link htmlToItems}: scripts and
 * styles skipped), and its headings become chapters. The title is `og:title`,
 * else `<title>`, else Readability's, else the file name; the author is the
 * `author` meta or Readability's byline; the year is the page's
 * `article:published_time`, `citation_publication_date`, `dc.date` or `date`
 * meta, the language its `<html lang>`. Nothing is fetched: linkedom loads
 * no resources and runs no scripts.
 *
 * Source: Readability.js (github.com/mozilla/readability), `parse()` API.
 *
 * @throws LimitError over `maxTextChars`.
 */
export function parseHtmlPage(bytes: Uint8Array, path: string, limits: ParseLimits): ParsedDocument {
  const { text: html } = decodeText(bytes);
  if (html.length > limits.maxTextChars)
    throw new LimitError(`page is over the limit of ${limits.maxTextChars} characters (maxTextChars)`);
  const { document } = parseHTML(html);
  const pageTitle =
    metaContent(document, ["og:title", "twitter:title"]) ??
    document.querySelector("title")?.textContent?.trim() ??
    null;
  const author = metaContent(document, ["author", "article:author"]);
  // Readability changes the DOM it reads, so it gets its own copy.
  const copy = parseHTML(html).document;
  // A saved wiki page's "[edit | edit source]" links sit inside its headings, which Readability keeps.
  for (const el of copy.querySelectorAll(EDIT_LINKS)) el.remove();
  const article = new Readability(copy as unknown as ReadabilityInput, { charThreshold: 200 }).parse();
  const content = article?.content ?? document.querySelector("body")?.innerHTML ?? html;
  const builder = new DocumentBuilder();
  for (const item of htmlToItems(content)) {
    if (item.kind === "heading") builder.heading(item.level, item.text);
    else builder.block(item.text);
  }
  const title = pageTitle || article?.title?.trim() || titleFromFileName(path);
  const siteName = metaContent(document, ["og:site_name"]);
  const description = metaContent(document, ["description", "og:description"]);
  return builder.build({
    title,
    author: author ?? (article?.byline?.trim() || null),
    format: "html",
    metadata: {
      ...(siteName ? { site: siteName } : {}),
      ...(description ? { description } : {}),
    },
    published: {
      year: yearOf(metaContent(document, ["article:published_time", "citation_publication_date", "dc.date", "date"])),
      publisher: metaContent(document, ["citation_publisher", "publisher"]) ?? siteName,
      language: document.documentElement?.getAttribute("lang")?.trim() || null,
    },
  });
}
