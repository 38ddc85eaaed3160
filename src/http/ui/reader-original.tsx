import type { Context } from "hono";
import { OriginalView } from "../../../views/reader.js";
import { parseLimitsOf } from "../../config.js";
import { resolveInLibrary } from "../../library/paths.js";
import { markdownSource, OriginalUnavailableError, readLibraryFile } from "../../reader/library-file.js";
import type { DocumentRow } from "../../state/schema.js";
import { OWN_CSP_HEADER, pictureHeaders } from "../headers.js";
import { chromeOf, intParam } from "./chrome.js";
import { MessagePage } from "./message-page.js";
import { docOf, documentOf, type ReaderServices } from "./reader-docs.js";

// The book parsers (epub2 with lodash, remark, parse5) load on the first original-layout request, not at start-up:
// they were about 20 MB of an idle server's memory.
const epubReader = () => import("../../reader/original.js");
const markdownRenderer = () => import("../../../views/markdown.js");

/** A Markdown book rendered whole (sanitized). */
async function originalMarkdown(c: Context, row: DocumentRow, abs: string): Promise<Response> {
  return c.html(
    <OriginalView
      {...chromeOf(c)}
      doc={docOf(row)}
      html={(await markdownRenderer()).renderBookMarkdown(await markdownSource(abs))}
      textUrl={`/read/${row.id}`}
      prevUrl={null}
      nextUrl={null}
      label={chromeOf(c).i18n.t("reader.wholeBook")}
    />,
  );
}

/** One chapter file of an EPUB (`?spine=`), its pictures served by {@link epubImage}. */
async function originalEpub(c: Context, s: ReaderServices, row: DocumentRow, abs: string): Promise<Response> {
  const id = row.id;
  const spine = intParam(c.req.query("spine")) ?? 0;
  const chapter = await (await epubReader()).epubChapter(
    abs,
    spine,
    parseLimitsOf(s.config),
    (path) => `/read/${id}/image?path=${encodeURIComponent(path)}`,
    (i) => `/read/${id}/original?spine=${i}`,
  );
  return c.html(
    <OriginalView
      {...chromeOf(c)}
      doc={docOf(row)}
      html={chapter.html}
      textUrl={`/read/${id}`}
      prevUrl={spine > 0 ? `/read/${id}/original?spine=${spine - 1}` : null}
      nextUrl={spine + 1 < chapter.spineCount ? `/read/${id}/original?spine=${spine + 1}` : null}
      label={chromeOf(c).i18n.t("reader.part", { n: spine + 1, count: chapter.spineCount })}
    />,
  );
}

/** `GET /read/:doc/original`: an indexed EPUB or Markdown book in its own layout; a 404 page when it cannot be shown. */
export async function originalLayout(c: Context, s: ReaderServices): Promise<Response> {
  const row = documentOf(s, c.req.param("doc"));
  const chrome = chromeOf(c);
  const t = chrome.i18n.t;
  const fail = (message: string) =>
    c.html(<MessagePage chrome={chrome} title={t("reader.originalUnavailable")} message={message} />, 404);
  if (row?.status !== "indexed" || (row.format !== "epub" && row.format !== "markdown"))
    return fail(t("reader.originalOnly"));
  const abs = resolveInLibrary(s.config.libraryDir, row.path);
  try {
    return row.format === "markdown" ? await originalMarkdown(c, row, abs) : await originalEpub(c, s, row, abs);
  } catch (err) {
    if (!(err instanceof OriginalUnavailableError))
      s.log.warn({ path: row.path, err: (err as Error).message }, "original layout failed");
    return fail(
      err instanceof OriginalUnavailableError ? err.message : t("reader.unreadable", { error: (err as Error).message }),
    );
  }
}

/** `GET /read/:doc/file`: the PDF itself, for the browser's own viewer (`#page=N`); only an indexed PDF's own file, never a path from the request. */
export async function pdfFile(c: Context, s: ReaderServices): Promise<Response> {
  const row = documentOf(s, c.req.param("doc"));
  if (row?.format !== "pdf" || row.status !== "indexed") return c.text("no such file", 404);
  try {
    const bytes = await readLibraryFile(
      resolveInLibrary(s.config.libraryDir, row.path),
      s.config.maxFileMb * 1024 * 1024,
    );
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename*=UTF-8''${encodeURIComponent(row.path.split("/").pop() ?? "book.pdf")}`,
      "x-content-type-options": "nosniff",
      [OWN_CSP_HEADER]: "sandbox; default-src 'none'",
      "cache-control": "private, max-age=3600",
    });
  } catch (err) {
    return c.text((err as Error).message, 404);
  }
}

/** `GET /read/:doc/image?path=`: a picture of an EPUB, read from the book. */
export async function epubImage(c: Context, s: ReaderServices): Promise<Response> {
  const row = documentOf(s, c.req.param("doc"));
  const path = c.req.query("path") ?? "";
  if (row?.format !== "epub" || !path) return c.text("no such image", 404);
  const image = await (await epubReader())
    .epubImage(resolveInLibrary(s.config.libraryDir, row.path), path, parseLimitsOf(s.config))
    .catch(() => null);
  if (!image) return c.text("no such image", 404);
  return c.body(new Uint8Array(image.bytes), 200, pictureHeaders(image.type));
}
