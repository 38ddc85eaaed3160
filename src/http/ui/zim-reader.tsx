import { type Context, Hono, type Next } from "hono";
import { OriginalView, type ReaderDoc, ReaderView } from "../../../views/reader.js";
import { parseLimitsOf } from "../../config.js";
import { resolveInLibrary } from "../../library/paths.js";
import { ZIM_ARTICLE_ID } from "../../library/zim-ids.js";
import { OriginalUnavailableError } from "../../reader/library-file.js";
import { readerPage } from "../../reader/page.js";
import type { DocumentRow } from "../../state/schema.js";
import { pictureHeaders } from "../headers.js";
import { chromeOf, i18nOf, readerQueryOf } from "./chrome.js";
import { MessagePage } from "./message-page.js";
import { documentOf, type ReaderServices } from "./reader-docs.js";

// The archive reader and its HTML parser load on the first ZIM request, not at start-up.
const zimReader = () => import("../../reader/zim.js");

/**
 * The reader for ZIM articles, whose ids are `<archive id>.<entry index>`:
 * - `GET /read/<archive id>` the archive's main page;
 * - `GET /read/<id>` the article's text with the cited range highlighted,
 *   parsed from the archive as at ingest (nothing is stored per article);
 * - `GET /read/<id>/original` the article's own HTML, sanitized, with its
 *   pictures served from the archive and its links to other articles kept
 *   inside Almanac;
 * - `GET /read/<archive id>/zim?path=<namespace/path>` one entry: an article
 *   redirects to its original layout, a PNG/JPEG/GIF/WebP picture is served,
 *   anything else is a 404.
 * Other ids fall through to the book reader.
 */
export function zimReaderRoutes(services: ReaderServices): Hono {
  const r = new Hono();
  r.get("/read/:doc", (c, next) => zimText(c, next, services));
  r.get("/read/:doc/original", (c, next) => zimOriginal(c, next, services));
  r.get("/read/:doc/zim", (c) => zimEntry(c, services));
  return r;
}

/** A ZIM archive's row by id, while it is indexed or being indexed (its articles are readable meanwhile). */
function archiveOf(s: ReaderServices, id: string | undefined): DocumentRow | undefined {
  const row = documentOf(s, id);
  return row?.format === "zim" && (row.status === "indexed" || row.status === "indexing") ? row : undefined;
}

/** A ZIM article by its id, read from its archive, with the heading the reader shows; null for no such archive. */
async function articleOf(s: ReaderServices, id: string) {
  const m = ZIM_ARTICLE_ID.exec(id);
  const row = m && archiveOf(s, m[1] as string);
  if (!m || !row) return null;
  const abs = resolveInLibrary(s.config.libraryDir, row.path);
  const article = await (await zimReader()).readZimArticle(
    abs,
    Number(m[2]),
    row.title ?? row.path,
    parseLimitsOf(s.config),
  );
  const doc: ReaderDoc = {
    id,
    title: article.title,
    author: null,
    year: row.year,
    path: `${row.path} › ${article.path}`,
    collection: row.collection,
    format: "zim",
  };
  return { row, article, doc };
}

/** The 404 page for an article that cannot be shown (logged unless it is simply unavailable). */
function fail(c: Context, s: ReaderServices, err: unknown): Response | Promise<Response> {
  if (!(err instanceof OriginalUnavailableError)) s.log.warn({ err: (err as Error).message }, "ZIM article failed");
  const chrome = chromeOf(c);
  return c.html(
    <MessagePage chrome={chrome} title={chrome.i18n.t("common.notAvailable")} message={(err as Error).message} />,
    404,
  );
}

/** Hands a request that is not for a ZIM article on to the book reader. */
async function passOn(next: Next): Promise<undefined> {
  await next();
  return undefined;
}

/** `GET /read/:doc` for an archive (its main page) or an article (its text); other ids go on to the book reader. */
async function zimText(c: Context, next: Next, s: ReaderServices): Promise<Response | undefined> {
  const id = c.req.param("doc") ?? "";
  const archive = archiveOf(s, id);
  if (archive) {
    // The archive itself opens at its main page.
    const main = await (await zimReader())
      .zimMainPage(resolveInLibrary(s.config.libraryDir, archive.path))
      .catch(() => null);
    if (main !== null) return c.redirect(`/read/${id}.${main}/original`);
    return c.redirect(`/search?doc=${id}`);
  }
  if (!ZIM_ARTICLE_ID.test(id)) return passOn(next);
  try {
    const found = await articleOf(s, id);
    if (!found) throw new OriginalUnavailableError(i18nOf(c).t("reader.noArchive"));
    const page = readerPage(found.article.doc, found.article.title, readerQueryOf(c));
    return c.html(<ReaderView {...chromeOf(c)} originalUrl={`/read/${id}/original`} doc={found.doc} page={page} />);
  } catch (err) {
    return fail(c, s, err);
  }
}

/** `GET /read/:doc/original` for an article: its own HTML, sanitized, links and pictures kept inside Almanac. */
async function zimOriginal(c: Context, next: Next, s: ReaderServices): Promise<Response | undefined> {
  const id = c.req.param("doc") ?? "";
  if (!ZIM_ARTICLE_ID.test(id)) return passOn(next);
  try {
    const found = await articleOf(s, id);
    if (!found) throw new OriginalUnavailableError(i18nOf(c).t("reader.noArchive"));
    const { zimArticleHtml } = await zimReader();
    const entryUrl = (path: string) => `/read/${found.row.id}/zim?path=${encodeURIComponent(path)}`;
    return c.html(
      <OriginalView
        {...chromeOf(c)}
        doc={found.doc}
        html={zimArticleHtml(found.article, { image: entryUrl, chapter: entryUrl })}
        textUrl={`/read/${id}`}
        prevUrl={null}
        nextUrl={null}
        label={found.row.title ?? found.row.path}
      />,
    );
  } catch (err) {
    return fail(c, s, err);
  }
}

/** `GET /read/:doc/zim?path=`: one entry of an archive: an article redirects to its layout, a picture is served. */
async function zimEntry(c: Context, s: ReaderServices): Promise<Response> {
  const row = archiveOf(s, c.req.param("doc"));
  const path = c.req.query("path") ?? "";
  if (!row || !path) return c.text("no such entry", 404);
  const target = await (await zimReader())
    .zimTarget(resolveInLibrary(s.config.libraryDir, row.path), path)
    .catch(() => null);
  if (!target) return c.text("no such entry", 404);
  if (target.kind === "article") return c.redirect(`/read/${row.id}.${target.index}/original`);
  return c.body(new Uint8Array(target.bytes), 200, pictureHeaders(target.type));
}
