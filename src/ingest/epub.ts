import { posix } from "node:path";
import { EPub } from "epub2";
import type { TocElement } from "epub2/lib/epub/const.js";
import type { Element, Nodes } from "hast";
import { fromHtml } from "hast-util-from-html";
import { DocumentBuilder } from "./document-builder.js";
import { checkEpubArchive } from "./epub-guard.js";
import { type ManifestItem, spineDocument } from "./epub-spine.js";
import { htmlToItems } from "./html-text.js";
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from "./limits.js";
import { epubPublished, isImprintHeading } from "./published.js";
import type { ParsedDocument } from "./types.js";

/** One table-of-contents entry, with its target split into file path (zip-relative) and fragment. */
export interface TocEntry {
  title: string;
  /** 0-based nesting depth. */
  level: number;
  file: string;
  fragment: string | null;
}

/** Characters at an EPUB's start read as its title and copyright pages. */
const IMPRINT_LEAD_CHARS = 4000;

function splitHref(href: string): { file: string; fragment: string | null } {
  const hash = href.indexOf("#");
  const file = decodeURIComponent(hash < 0 ? href : href.slice(0, hash));
  return { file: posix.normalize(file), fragment: hash < 0 ? null : decodeURIComponent(href.slice(hash + 1)) };
}

function elementText(node: Nodes): string {
  if (node.type === "text") return node.value;
  if (node.type === "element" || node.type === "root") return node.children.map(elementText).join("");
  return "";
}

function isTocNav(el: Element): boolean {
  return Object.entries(el.properties).some(
    ([k, v]) => k.toLowerCase().includes("type") && String(Array.isArray(v) ? v.join(" ") : v).includes("toc"),
  );
}

/**
 * Reads an EPUB 3 navigation document (`<nav epub:type="toc">`, EPUB 3.3 §7.4)
 * into TOC entries. Hrefs are resolved against the nav file's folder so they
 * compare equal to manifest hrefs.
 */
export function parseNavDocument(xhtml: string, navHref: string): TocEntry[] {
  const tree = fromHtml(xhtml);
  const navs: Element[] = [];
  const findNavs = (n: Nodes) => {
    if (n.type === "element" && n.tagName === "nav") navs.push(n);
    if (n.type === "element" || n.type === "root") for (const c of n.children) findNavs(c);
  };
  findNavs(tree);
  const nav = navs.find(isTocNav) ?? navs[0];
  if (!nav) return [];
  const base = posix.dirname(navHref);
  const entries: TocEntry[] = [];
  const walk = (n: Nodes, depth: number) => {
    if (n.type !== "element") return;
    if (n.tagName === "a" && typeof n.properties.href === "string") {
      const { file, fragment } = splitHref(posix.join(base, n.properties.href));
      const title = elementText(n).replace(/\s+/g, " ").trim();
      if (title) entries.push({ title, level: depth, file, fragment });
      return;
    }
    const nextDepth = n.tagName === "ol" || n.tagName === "ul" ? depth + 1 : depth;
    for (const c of n.children) walk(c, nextDepth);
  };
  for (const c of nav.children) walk(c, -1);
  return entries.map((e) => ({ ...e, level: Math.max(0, e.level) }));
}

// Package documents may prefix their elements (`<opf:package>`, `<opf:itemref>`): epub2 looks items and
// itemrefs up by bare name, and read such a book as an empty spine. Prefixes are dropped as the XML is read.
EPub.xml2jsOptions = { ...EPub.xml2jsOptions, tagNameProcessors: [(name: string) => name.replace(/^[^:]*:/, "")] };

// epub2 reads a manifest of one <item> as empty: it walks `manifest.item` as an array, which xml2js makes only
// of two or more (its spine reader wraps a single itemref; its manifest reader does not).
const parseManifest = EPub.prototype.parseManifest;
EPub.prototype.parseManifest = function (this: EPub, manifest: { item?: unknown } | undefined) {
  if (manifest?.item && !Array.isArray(manifest.item)) manifest.item = [manifest.item];
  parseManifest.call(this, manifest);
};

/** Whitespace collapsed, as EPUB 3.3 §5.4.1 asks of metadata values ("Dave    Cramer" → "Dave Cramer"). */
function collapse(value: unknown): string {
  return String(value).replace(/\s+/g, " ").trim();
}

/** The OPF package document's XML, or "" when it cannot be read (the metadata epub2 parsed is still used). */
async function packageXml(book: EPub): Promise<string> {
  return new Promise((resolve) => {
    book.readFile(book.rootFile, "utf8", (err: Error | null, data: string) => resolve(err ? "" : data));
  });
}

/** The text where an EPUB states its own publication: its first pages and any colophon or copyright section. */
function imprintText(doc: ParsedDocument): string {
  const parts = [doc.text.slice(0, IMPRINT_LEAD_CHARS)];
  for (const s of doc.sections)
    if (s.headingPath.some(isImprintHeading)) parts.push(doc.text.slice(s.start, Math.min(s.end, s.start + 4000)));
  return parts.join("\n\n");
}

/**
 * Parses an EPUB 2 or EPUB 3 book (a path or its bytes) with epub2, following the OPF spine.
 *
 * - Chapter titles come from the TOC (EPUB 3 nav document, else the EPUB 2
 *   NCX), else from the chapter file's first heading.
 * - TOC links with fragments split a file into sections at the target ids, so
 *   a whole book in one spine file (old Project Gutenberg EPUBs) still gets chapters.
 * - XHTML becomes text through a real HTML parser ({@link htmlToItems}).
 * - Every section records its spine position.
 * - The archive is checked against `limits` first ({@link checkEpubArchive}).
 *   A spine file missing from the archive is skipped and named in `warnings`.
 *
 * @throws LimitError, XmlEntityError, or Error when the archive, container, OPF
 *   or NCX cannot be read or no chapter can (reported against the file by the indexer).
 */
export async function parseEpub(
  source: string | Buffer,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
  path = typeof source === "string" ? source : "book.epub",
): Promise<ParsedDocument> {
  checkEpubArchive(source, limits);
  // epub2 hands its argument to adm-zip, which takes a path or the bytes; bytes already read cannot be swapped underneath.
  const book = await EPub.createAsync(source as string);
  const manifest = Object.values(book.manifest) as Array<{ id?: string; href?: string; properties?: string }>;
  let toc: TocEntry[] = [];
  const navItem = manifest.find((m) =>
    String(m.properties ?? "")
      .split(/\s+/)
      .includes("nav"),
  );
  if (navItem?.id && navItem.href) {
    const [data] = await book.getFileAsync(navItem.id);
    toc = parseNavDocument(data.toString("utf8"), navItem.href);
  }
  if (toc.length === 0) {
    const ncx: TocElement[] = [...book.toc];
    toc = ncx
      .filter((t) => t.href && t.title)
      .map((t) => ({ title: String(t.title), level: t.level ?? 0, ...splitHref(String(t.href)) }));
  }

  const builder = new DocumentBuilder();
  const pathStack: string[] = [];
  const enterToc = (entry: TocEntry, spineIndex: number) => {
    pathStack.length = Math.min(pathStack.length, entry.level);
    pathStack[entry.level] = entry.title;
    builder.setPath(pathStack.filter(Boolean), spineIndex);
  };

  const tocByFile = new Map<string, TocEntry[]>();
  for (const t of toc) tocByFile.set(t.file, [...(tocByFile.get(t.file) ?? []), t]);
  const missing: string[] = [];
  const foreign: string[] = [];
  let images = 0;
  const manifestById = book.manifest as Record<string, ManifestItem>;
  for (let spineIndex = 0; spineIndex < book.flow.length; spineIndex++) {
    const item = book.flow[spineIndex];
    if (!item?.id || !item.href) continue;
    const source = spineDocument(manifestById, item.id);
    if (source.kind === "image") images++;
    if (source.kind === "image" || source.kind === "unsupported") {
      foreign.push(source.types.join(" → "));
      continue;
    }
    const file = splitHref(source.href).file;
    const entries = tocByFile.get(file) ?? tocByFile.get(splitHref(item.href).file) ?? [];
    const whole = entries.find((e) => e.fragment === null);
    const byFragment = new Map(entries.filter((e) => e.fragment !== null).map((e) => [e.fragment as string, e]));
    let html: string;
    try {
      html =
        source.id === item.id && source.kind === "xhtml"
          ? await book.getChapterRawAsync(item.id)
          : (await book.getFileAsync(source.id))[0].toString("utf8");
    } catch {
      // One missing or unreadable chapter file costs that chapter, not the book.
      missing.push(file);
      continue;
    }
    if (/<img\b|<image\b/i.test(html)) images++;
    const items = htmlToItems(html);
    if (whole) enterToc(whole, spineIndex);
    let titled = whole !== undefined;
    for (const it of items) {
      const target = it.ids.map((id) => byFragment.get(id)).find(Boolean);
      if (target) {
        enterToc(target, spineIndex);
        titled = true;
      }
      if (it.kind === "heading") {
        if (!titled) {
          builder.setPath([it.text], spineIndex);
          titled = true;
          builder.block(it.text);
        } else if (target || pathStack.some((p) => p.includes(it.text))) {
          builder.block(it.text);
        } else {
          builder.heading(pathStack.filter(Boolean).length + 1, it.text);
        }
      } else {
        if (!titled) {
          builder.setPath([], spineIndex);
          titled = true;
        }
        builder.block(it.text);
      }
    }
  }
  const metadata: Record<string, string> = {};
  for (const key of ["language", "publisher", "date", "description", "subject"] as const) {
    const v = book.metadata[key];
    if (v) metadata[key] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  metadata.epubVersion = String(book.version ?? "");
  const doc = builder.build({
    title: book.metadata.title ? collapse(book.metadata.title) : posix.basename(path, ".epub"),
    author: book.metadata.creator ? collapse(book.metadata.creator) : null,
    format: "epub",
    metadata,
  });
  doc.published = epubPublished(await packageXml(book), imprintText(doc));
  if (missing.length === book.flow.length && missing.length > 0)
    throw new Error(`none of the EPUB's ${missing.length} chapter files could be read`);
  if (!/[\p{L}\p{N}]/u.test(doc.text)) {
    if (foreign.length === book.flow.length && images < foreign.length)
      throw new Error(
        `no spine item is a text document Almanac reads (${[...new Set(foreign)].slice(0, 3).join("; ")})`,
      );
    if (images > 0)
      throw new Error(`the EPUB's pages are images only (${images} of ${book.flow.length}): there is no text to index`);
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 3).join(", ");
    doc.warnings = [
      `${missing.length} chapter file${missing.length > 1 ? "s" : ""} missing from the EPUB: ${shown}${missing.length > 3 ? ", …" : ""}`,
    ];
  }
  return doc;
}
