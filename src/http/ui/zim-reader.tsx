import { type Context, Hono } from "hono";
import { OriginalView, type ReaderDoc, ReaderView } from "../../../views/reader.js";
import type { Almanac } from "../../app/almanac.js";
import { parseLimitsOf } from "../../config.js";
import { DOC_ID, resolveInLibrary } from "../../library/paths.js";
import { ZIM_ARTICLE_ID } from "../../library/zim-ids.js";
import { OriginalUnavailableError } from "../../reader/library-file.js";
import { readerPage } from "../../reader/page.js";
import { getDocument } from "../../state/documents.js";
import type { DocumentRow } from "../../state/schema.js";
import { pictureHeaders } from "../headers.js";
import { chromeOf, readerQueryOf } from "./chrome.js";
import { MessagePage } from "./message-page.js";

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
export function zimReaderRoutes(app: Almanac): Hono {
  const r = new Hono();
  const archiveOf = (id: string): DocumentRow | undefined => {
    const row = DOC_ID.test(id) ? getDocument(app.db, id) : undefined;
    // Articles are readable while the rest of the archive is still being indexed.
    return row?.format === "zim" && (row.status === "indexed" || row.status === "indexing") ? row : undefined;
  };
  const articleOf = async (id: string) => {
    const m = ZIM_ARTICLE_ID.exec(id);
    const row = m && archiveOf(m[1] as string);
    if (!m || !row) return null;
    const abs = resolveInLibrary(app.config.libraryDir, row.path);
    const article = await (await zimReader()).readZimArticle(
      abs,
      Number(m[2]),
      row.title ?? row.path,
      parseLimitsOf(app.config),
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
  };
  const fail = (c: Context, err: unknown) => {
    if (!(err instanceof OriginalUnavailableError)) app.log.warn({ err: (err as Error).message }, "ZIM article failed");
    return c.html(<MessagePage chrome={chromeOf(c)} title="Not available" message={(err as Error).message} />, 404);
  };

  r.get("/read/:doc", async (c, next) => {
    const id = c.req.param("doc");
    const archive = archiveOf(id);
    if (archive) {
      // The archive itself opens at its main page.
      const main = await (await zimReader())
        .zimMainPage(resolveInLibrary(app.config.libraryDir, archive.path))
        .catch(() => null);
      if (main !== null) return c.redirect(`/read/${id}.${main}/original`);
      return c.redirect(`/search?doc=${id}`);
    }
    if (!ZIM_ARTICLE_ID.test(id)) return next();
    try {
      const found = await articleOf(id);
      if (!found) throw new OriginalUnavailableError("No archive with that id is in the library.");
      const page = readerPage(found.article.doc, found.article.title, readerQueryOf(c));
      return c.html(<ReaderView {...chromeOf(c)} originalUrl={`/read/${id}/original`} doc={found.doc} page={page} />);
    } catch (err) {
      return fail(c, err);
    }
  });

  r.get("/read/:doc/original", async (c, next) => {
    const id = c.req.param("doc");
    if (!ZIM_ARTICLE_ID.test(id)) return next();
    try {
      const found = await articleOf(id);
      if (!found) throw new OriginalUnavailableError("No archive with that id is in the library.");
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
      return fail(c, err);
    }
  });

  r.get("/read/:doc/zim", async (c) => {
    const row = archiveOf(c.req.param("doc"));
    const path = c.req.query("path") ?? "";
    if (!row || !path) return c.text("no such entry", 404);
    const target = await (await zimReader())
      .zimTarget(resolveInLibrary(app.config.libraryDir, row.path), path)
      .catch(() => null);
    if (!target) return c.text("no such entry", 404);
    if (target.kind === "article") return c.redirect(`/read/${row.id}.${target.index}/original`);
    return c.body(new Uint8Array(target.bytes), 200, pictureHeaders(target.type));
  });
  return r;
}
