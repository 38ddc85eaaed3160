import { extname } from "node:path";
import { Hono } from "hono";
import { OriginalView, type ReaderDoc, type ReaderMedia, ReaderView } from "../../../views/reader.js";
import type { Almanac } from "../../app/almanac.js";
import { parseLimitsOf } from "../../config.js";
import { decodeText } from "../../ingest/decode.js";
import { readCues, toWebVtt } from "../../ingest/subtitles.js";
import { formatTime } from "../../ingest/time.js";
import { sidecarOf } from "../../library/media.js";
import { DOC_ID, resolveInLibrary } from "../../library/paths.js";
import { markdownSource, OriginalUnavailableError, readLibraryFile } from "../../reader/library-file.js";
import { readerPage } from "../../reader/page.js";
import { getDocumentText } from "../../state/document-texts.js";
import { getDocument } from "../../state/documents.js";
import type { DocumentRow } from "../../state/schema.js";
import { OWN_CSP_HEADER, pictureHeaders } from "../headers.js";
import { fileResponse } from "../range.js";
import { chromeOf, intParam, readerQueryOf } from "./chrome.js";
import { MessagePage } from "./message-page.js";

// The book parsers (epub2 with lodash, remark, parse5) load on the first original-layout request, not at start-up:
// they were about 20 MB of an idle server's memory.
const epubReader = () => import("../../reader/original.js");
const markdownRenderer = () => import("../../../views/markdown.js");

/**
 * The reader, `GET /read/:doc`: one chapter with the cited range
 * (`?start=&end=`) highlighted, or the chapter at `?at=` or `?chapter=`.
 * Out-of-range offsets open the document without a highlight; an unknown
 * document is a 404 page. The text shown is the stored normalised text that
 * citation offsets index.
 */
export function readerRoutes(app: Almanac): Hono {
  const r = new Hono();
  const documentOf = (id: string) => (DOC_ID.test(id) ? getDocument(app.db, id) : undefined);
  r.get("/read/:doc", (c) => {
    const id = c.req.param("doc");
    const row = documentOf(id);
    const text = row ? getDocumentText(app.db, id) : null;
    const chrome = chromeOf(c);
    if (!row || !text) {
      const why = row
        ? `"${row.title ?? row.path}" is ${row.status === "indexed" ? "still being prepared" : row.status}; it can be read once it is indexed.`
        : "No document with that id is in the library. It may have been removed or renamed.";
      return c.html(<MessagePage chrome={chrome} title="Not available" message={why} />, 404);
    }
    const page = readerPage(text, row.title ?? row.path, readerQueryOf(c));
    const originalUrl =
      row.format === "markdown"
        ? `/read/${id}/original`
        : row.format === "epub" && page.spineIndex !== null
          ? `/read/${id}/original?spine=${page.spineIndex}`
          : row.format === "pdf" && page.physicalPage !== null
            ? `/read/${id}/file#page=${page.physicalPage}`
            : null;
    return c.html(
      <ReaderView
        {...chrome}
        originalUrl={originalUrl}
        doc={docOf(row)}
        page={page}
        media={row.format === "media" ? mediaOf(app, row, page.highlight ?? page.chapter) : null}
      />,
    );
  });

  // The media's subtitles as WebVTT for the player's captions track, rebuilt from the cues (escaped, settings dropped).
  r.get("/read/:doc/captions", async (c) => {
    const row = documentOf(c.req.param("doc"));
    if (row?.format !== "media" || row.status !== "indexed") return c.text("no such file", 404);
    const sidecar = await sidecarOf(resolveInLibrary(app.config.libraryDir, row.path));
    const bytes = sidecar ? await readLibraryFile(sidecar, 16 * 2 ** 20).catch(() => null) : null;
    if (!bytes) return c.text("no subtitles", 404);
    return c.body(toWebVtt(readCues(decodeText(bytes).text).cues), 200, {
      "content-type": "text/vtt; charset=utf-8",
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=3600",
    });
  });

  // A video or audio file for the reader's player, with range requests: only an indexed media document's own file.
  r.get("/read/:doc/media", async (c) => {
    const row = documentOf(c.req.param("doc"));
    const type = row ? MEDIA_TYPES[extname(row.path).toLowerCase()] : undefined;
    if (row?.format !== "media" || row.status !== "indexed" || !type) return c.text("no such file", 404);
    const res = await fileResponse(resolveInLibrary(app.config.libraryDir, row.path), type, c.req.header("range"), {
      "cache-control": "private, max-age=3600",
      [OWN_CSP_HEADER]: "sandbox; default-src 'none'",
    });
    return res ?? c.text("no such file", 404);
  });
  r.get("/read/:doc/original", async (c) => {
    const id = c.req.param("doc");
    const row = documentOf(id);
    const chrome = chromeOf(c);
    const fail = (message: string) =>
      c.html(<MessagePage chrome={chrome} title="Original layout not available" message={message} />, 404);
    if (row?.status !== "indexed" || (row.format !== "epub" && row.format !== "markdown"))
      return fail("Only indexed EPUB and Markdown books have an original layout; the text view shows every book.");
    const doc = docOf(row);
    const abs = resolveInLibrary(app.config.libraryDir, row.path);
    try {
      if (row.format === "markdown")
        return c.html(
          <OriginalView
            {...chrome}
            doc={doc}
            html={(await markdownRenderer()).renderBookMarkdown(await markdownSource(abs))}
            textUrl={`/read/${id}`}
            prevUrl={null}
            nextUrl={null}
            label="whole book"
          />,
        );
      const spine = intParam(c.req.query("spine")) ?? 0;
      const chapter = await (await epubReader()).epubChapter(
        abs,
        spine,
        parseLimitsOf(app.config),
        (path) => `/read/${id}/image?path=${encodeURIComponent(path)}`,
        (i) => `/read/${id}/original?spine=${i}`,
      );
      return c.html(
        <OriginalView
          {...chrome}
          doc={doc}
          html={chapter.html}
          textUrl={`/read/${id}`}
          prevUrl={spine > 0 ? `/read/${id}/original?spine=${spine - 1}` : null}
          nextUrl={spine + 1 < chapter.spineCount ? `/read/${id}/original?spine=${spine + 1}` : null}
          label={`file ${spine + 1} of ${chapter.spineCount}`}
        />,
      );
    } catch (err) {
      if (!(err instanceof OriginalUnavailableError))
        app.log.warn({ path: row.path, err: (err as Error).message }, "original layout failed");
      return fail(
        err instanceof OriginalUnavailableError ? err.message : `The book could not be read: ${(err as Error).message}`,
      );
    }
  });

  // The PDF itself, for the browser's own viewer (`#page=N`): only an indexed PDF's own file, never a path from the request.
  r.get("/read/:doc/file", async (c) => {
    const id = c.req.param("doc");
    const row = documentOf(id);
    if (row?.format !== "pdf" || row.status !== "indexed") return c.text("no such file", 404);
    try {
      const bytes = await readLibraryFile(
        resolveInLibrary(app.config.libraryDir, row.path),
        app.config.maxFileMb * 1024 * 1024,
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
  });

  r.get("/read/:doc/image", async (c) => {
    const id = c.req.param("doc");
    const row = documentOf(id);
    const path = c.req.query("path") ?? "";
    if (row?.format !== "epub" || !path) return c.text("no such image", 404);
    const image = await (await epubReader())
      .epubImage(resolveInLibrary(app.config.libraryDir, row.path), path, parseLimitsOf(app.config))
      .catch(() => null);
    if (!image) return c.text("no such image", 404);
    return c.body(new Uint8Array(image.bytes), 200, pictureHeaders(image.type));
  });
  return r;
}

/** MIME types of the media files the reader plays. */
const MEDIA_TYPES: Record<string, string> = {
  ".mp4": "video/mp4",
  ".m4v": "video/mp4",
  ".mkv": "video/x-matroska",
  ".webm": "video/webm",
  ".mov": "video/quicktime",
  ".ogv": "video/ogg",
  ".mp3": "audio/mpeg",
  ".m4a": "audio/mp4",
  ".ogg": "audio/ogg",
  ".oga": "audio/ogg",
  ".opus": "audio/ogg",
  ".wav": "audio/wav",
  ".flac": "audio/flac",
};

/**
 * The player for a media document over the transcript range shown: from the
 * start of the passage holding its first character to the end of the one
 * holding its last (a `#t=start,end` media fragment).
 */
function mediaOf(app: Almanac, row: DocumentRow, range: { start: number; end: number }): ReaderMedia | null {
  const type = MEDIA_TYPES[extname(row.path).toLowerCase()];
  if (!type) return null;
  const from = Number((app.pages.labelAt(row.id, range.start) ?? "0").split("-")[0]);
  const to = Number(app.pages.labelAt(row.id, Math.max(range.start, range.end - 1))?.split("-")[1]);
  const start = Number.isFinite(from) ? from : 0;
  return {
    kind: type.startsWith("audio/") ? "audio" : "video",
    src: `/read/${row.id}/media#t=${start}${Number.isFinite(to) && to > start ? `,${to}` : ""}`,
    captions: `/read/${row.id}/captions`,
    label: formatTime(start),
  };
}

function docOf(row: DocumentRow): ReaderDoc {
  return {
    id: row.id,
    title: row.title ?? row.path,
    author: row.author,
    year: row.year,
    path: row.path,
    collection: row.collection,
    format: row.format,
  };
}
