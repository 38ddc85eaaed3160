import { EPub } from "epub2";
import { checkEpubArchive } from "../ingest/epub-guard.js";
import { formatBytes, type ParseLimits } from "../ingest/limits.js";
import { BOOK_IMAGE_TYPES, sanitizeBookHtml } from "./book-html.js";
import { MAX_BOOK_IMAGE_BYTES, MAX_ORIGINAL_BYTES, OriginalUnavailableError, readLibraryFile } from "./library-file.js";

interface ManifestItem {
  id?: string;
  href?: string;
  "media-type"?: string;
}

async function openEpub(abs: string, limits: ParseLimits): Promise<EPub> {
  const bytes = await readLibraryFile(abs, limits.maxFileBytes);
  // The file may have changed since it was indexed: check it again before anything inflates.
  checkEpubArchive(bytes, limits);
  // epub2 passes its argument to adm-zip, which takes bytes as well as a path.
  return EPub.createAsync(bytes as unknown as string);
}

/** One chapter of an EPUB in its own layout, sanitized. */
export interface EpubChapter {
  html: string;
  spineIndex: number;
  spineCount: number;
}

/**
 * Reads spine item `spineIndex` of the EPUB at `abs` and sanitizes it
 * ({@link sanitizeBookHtml}); images point at `imageUrl(path)` when the path
 * is a PNG, JPEG, GIF or WebP in the book's manifest, and links to other
 * spine files at `chapterUrl(index)`.
 *
 * @throws OriginalUnavailableError for a spine index out of range or a chapter
 *   over {@link MAX_ORIGINAL_BYTES}; LimitError, XmlEntityError or Error for an
 *   archive that no longer passes the ingest checks.
 */
export async function epubChapter(
  abs: string,
  spineIndex: number,
  limits: ParseLimits,
  imageUrl: (path: string) => string,
  chapterUrl: (spineIndex: number) => string,
): Promise<EpubChapter> {
  const book = await openEpub(abs, limits);
  const flow = book.flow as ManifestItem[];
  const item = flow[spineIndex];
  if (!item?.id || !item.href) throw new OriginalUnavailableError(`the book has no chapter ${spineIndex + 1}`);
  const html = await book.getChapterRawAsync(item.id);
  if (Buffer.byteLength(html) > MAX_ORIGINAL_BYTES)
    throw new OriginalUnavailableError(
      `this chapter is ${formatBytes(Buffer.byteLength(html))}, too large for the original layout; the text view shows it`,
    );
  const manifest = Object.values(book.manifest) as ManifestItem[];
  const images = new Set(
    manifest.filter((m) => m.href && BOOK_IMAGE_TYPES.has(String(m["media-type"]))).map((m) => m.href as string),
  );
  const spine = new Map(flow.map((f, i) => [f.href as string, i]));
  return {
    html: sanitizeBookHtml(html, item.href, {
      image: (path) => (images.has(path) ? imageUrl(path) : null),
      chapter: (path) => (spine.has(path) ? chapterUrl(spine.get(path) as number) : null),
    }),
    spineIndex,
    spineCount: flow.length,
  };
}

/**
 * An image from inside the EPUB at `abs`, by its path in the book: only an
 * item of the book's manifest whose type is PNG, JPEG, GIF or WebP, at most
 * {@link MAX_BOOK_IMAGE_BYTES}. @returns null when there is no such image.
 */
export async function epubImage(
  abs: string,
  path: string,
  limits: ParseLimits,
): Promise<{ bytes: Buffer; type: string } | null> {
  const book = await openEpub(abs, limits);
  const item = (Object.values(book.manifest) as ManifestItem[]).find((m) => m.href === path);
  const type = String(item?.["media-type"] ?? "");
  if (!item?.id || !BOOK_IMAGE_TYPES.has(type)) return null;
  const [bytes] = await book.getFileAsync(item.id);
  if (bytes.byteLength > MAX_BOOK_IMAGE_BYTES) return null;
  return { bytes, type };
}
