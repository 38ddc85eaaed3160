import type { ParseLimits } from "../ingest/limits.js";
import type { ParsedDocument } from "../ingest/types.js";
import { ZimArchive } from "../ingest/zim/archive.js";
import { articleHtml, cleanZimHtml, parseZimArticle } from "../ingest/zim/article.js";
import { isArticleMime } from "../ingest/zim/format.js";
import { SAFE_READ_FLAGS } from "../library/paths.js";
import { BOOK_IMAGE_TYPES, type BookLinks, sanitizeBookHtml } from "./book-html.js";
import { MAX_BOOK_IMAGE_BYTES, OriginalUnavailableError } from "./library-file.js";

/** Clusters unpacked for the reader are capped lower than for ingest: this runs on the server's main thread. */
const READER_CLUSTER_BYTES = 32 * 2 ** 20;

/** One article read back from its archive. */
export interface ZimArticle {
  /** The entry's title. */
  title: string;
  /** `namespace/path` inside the archive, for resolving its links. */
  path: string;
  /** The article parsed exactly as at ingest, so citation offsets index `doc.text`. */
  doc: ParsedDocument;
  /** The article's own HTML. */
  html: string;
}

async function withArchive<T>(abs: string, use: (zim: ZimArchive) => Promise<T>): Promise<T> {
  const zim = await ZimArchive.open(abs, { flags: SAFE_READ_FLAGS, maxClusterBytes: READER_CLUSTER_BYTES }).catch(
    (err: Error) => {
      throw new OriginalUnavailableError(`the archive cannot be opened: ${err.message}`);
    },
  );
  try {
    return await use(zim);
  } finally {
    await zim.close();
  }
}

/**
 * Reads article `entryIndex` of the archive at `abs` and parses it as the
 * ingest did ({@link parseZimArticle}).
 * @throws OriginalUnavailableError when the archive cannot be read or the entry is not an HTML article.
 */
export function readZimArticle(
  abs: string,
  entryIndex: number,
  archiveTitle: string,
  limits: ParseLimits,
): Promise<ZimArticle> {
  return withArchive(abs, async (zim) => {
    const entry = await zim.entryAt(entryIndex).catch(() => null);
    if (entry?.kind !== "item" || !isArticleMime(entry.mimeType))
      throw new OriginalUnavailableError(
        "that article is not in the archive (it may have been replaced by a newer one)",
      );
    const html = articleHtml(entry.mimeType, await zim.content(entry));
    return {
      title: entry.title,
      path: `${entry.namespace}/${entry.path}`,
      doc: parseZimArticle(html, entry.title, archiveTitle, limits.maxTextChars),
      html,
    };
  });
}

/** The entry index of the archive's main page (redirects followed), or null when it names none. */
export function zimMainPage(abs: string): Promise<number | null> {
  return withArchive(abs, async (zim) => {
    if (zim.header.mainPage === null) return null;
    const entry = await zim.resolve(await zim.entryAt(zim.header.mainPage)).catch(() => null);
    return entry?.kind === "item" && isArticleMime(entry.mimeType) ? entry.index : null;
  });
}

/** What a `namespace/path` inside an archive is: an article (by entry index), a picture, or nothing the reader serves. */
export type ZimTarget = { kind: "article"; index: number } | { kind: "image"; type: string; bytes: Buffer } | null;

/** Resolves a `namespace/path` (redirects followed) to an article or a safe picture (PNG, JPEG, GIF, WebP up to 10 MB). */
export function zimTarget(abs: string, fullPath: string): Promise<ZimTarget> {
  return withArchive(abs, async (zim) => {
    const slash = fullPath.indexOf("/");
    if (slash !== 1) return null;
    const found = await zim.find(fullPath.slice(0, 1), fullPath.slice(2));
    const entry = found && (await zim.resolve(found).catch(() => null));
    if (entry?.kind !== "item") return null;
    if (isArticleMime(entry.mimeType)) return { kind: "article", index: entry.index };
    if (!BOOK_IMAGE_TYPES.has(entry.mimeType)) return null;
    const bytes = await zim.content(entry);
    return bytes.length <= MAX_BOOK_IMAGE_BYTES ? { kind: "image", type: entry.mimeType, bytes } : null;
  });
}

/**
 * An article's own HTML for the original layout, without its page furniture
 * ({@link cleanZimHtml}) and sanitized as book HTML is
 * ({@link sanitizeBookHtml}); its pictures and links to other entries go
 * through `links`, resolved against the article's own path.
 */
export function zimArticleHtml(article: ZimArticle, links: BookLinks): string {
  return sanitizeBookHtml(cleanZimHtml(article.html), article.path, links);
}
