import { extname } from "node:path";
import { type Context, Hono } from "hono";
import { type ReaderMedia, ReaderView } from "../../../views/reader.js";
import { decodeText } from "../../ingest/decode.js";
import { readCues, toWebVtt } from "../../ingest/subtitles.js";
import { formatTime } from "../../ingest/time.js";
import { sidecarOf } from "../../library/media.js";
import { resolveInLibrary } from "../../library/paths.js";
import { readLibraryFile } from "../../reader/library-file.js";
import { type ReaderPage, readerPage } from "../../reader/page.js";
import type { DocumentRow } from "../../state/schema.js";
import { OWN_CSP_HEADER } from "../headers.js";
import { fileResponse } from "../range.js";
import { chromeOf, readerQueryOf } from "./chrome.js";
import { MessagePage } from "./message-page.js";
import { docOf, documentOf, type ReaderServices } from "./reader-docs.js";
import { epubImage, originalLayout, pdfFile } from "./reader-original.js";

/**
 * The reader, `GET /read/:doc`: one chapter with the cited range
 * (`?start=&end=`) highlighted, or the chapter at `?at=` or `?chapter=`.
 * Out-of-range offsets open the document without a highlight; an unknown
 * document is a 404 page. The text shown is the stored normalised text that
 * citation offsets index. Also the media player's file and captions, and the
 * original layout (`reader-original.tsx`).
 */
export function readerRoutes(services: ReaderServices): Hono {
  const r = new Hono();
  r.get("/read/:doc", (c) => readText(c, services));
  r.get("/read/:doc/captions", (c) => captions(c, services));
  r.get("/read/:doc/media", (c) => mediaFile(c, services));
  r.get("/read/:doc/original", (c) => originalLayout(c, services));
  r.get("/read/:doc/file", (c) => pdfFile(c, services));
  r.get("/read/:doc/image", (c) => epubImage(c, services));
  return r;
}

/** The original file's URL for a reader page: Markdown's rendering, the EPUB chapter file, or the PDF at its page. */
function originalUrlOf(row: DocumentRow, page: ReaderPage): string | null {
  if (row.format === "markdown") return `/read/${row.id}/original`;
  if (row.format === "epub" && page.spineIndex !== null) return `/read/${row.id}/original?spine=${page.spineIndex}`;
  if (row.format === "pdf" && page.physicalPage !== null) return `/read/${row.id}/file#page=${page.physicalPage}`;
  return null;
}

/** `GET /read/:doc`: the stored text of one chapter, the cited range highlighted; a 404 page until it is indexed. */
function readText(c: Context, s: ReaderServices): Response | Promise<Response> {
  const id = c.req.param("doc") ?? "";
  const row = documentOf(s, id);
  const text = row ? s.library.documents.text(id) : null;
  const chrome = chromeOf(c);
  if (!row || !text) {
    const t = chrome.i18n.t;
    const why = row ? t("reader.notReady", { title: row.title ?? row.path, status: row.status }) : t("reader.noDoc");
    return c.html(<MessagePage chrome={chrome} title={t("common.notAvailable")} message={why} />, 404);
  }
  const page = readerPage(text, row.title ?? row.path, readerQueryOf(c));
  return c.html(
    <ReaderView
      {...chrome}
      originalUrl={originalUrlOf(row, page)}
      doc={docOf(row)}
      page={page}
      media={row.format === "media" ? mediaOf(s, row, page.highlight ?? page.chapter) : null}
    />,
  );
}

/** `GET /read/:doc/captions`: the media's subtitles as WebVTT for the player's captions track, rebuilt from the cues (escaped, settings dropped). */
async function captions(c: Context, s: ReaderServices): Promise<Response> {
  const row = documentOf(s, c.req.param("doc"));
  if (row?.format !== "media" || row.status !== "indexed") return c.text("no such file", 404);
  const sidecar = await sidecarOf(resolveInLibrary(s.config.libraryDir, row.path));
  const bytes = sidecar ? await readLibraryFile(sidecar, 16 * 2 ** 20).catch(() => null) : null;
  if (!bytes) return c.text("no subtitles", 404);
  return c.body(toWebVtt(readCues(decodeText(bytes).text).cues), 200, {
    "content-type": "text/vtt; charset=utf-8",
    "x-content-type-options": "nosniff",
    "cache-control": "private, max-age=3600",
  });
}

/** `GET /read/:doc/media`: a video or audio file for the reader's player, with range requests; only an indexed media document's own file. */
async function mediaFile(c: Context, s: ReaderServices): Promise<Response> {
  const row = documentOf(s, c.req.param("doc"));
  const type = row ? MEDIA_TYPES[extname(row.path).toLowerCase()] : undefined;
  if (row?.format !== "media" || row.status !== "indexed" || !type) return c.text("no such file", 404);
  const res = await fileResponse(resolveInLibrary(s.config.libraryDir, row.path), type, c.req.header("range"), {
    "cache-control": "private, max-age=3600",
    [OWN_CSP_HEADER]: "sandbox; default-src 'none'",
  });
  return res ?? c.text("no such file", 404);
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
function mediaOf(s: ReaderServices, row: DocumentRow, range: { start: number; end: number }): ReaderMedia | null {
  const type = MEDIA_TYPES[extname(row.path).toLowerCase()];
  if (!type) return null;
  const from = Number((s.library.pages.labelAt(row.id, range.start) ?? "0").split("-")[0]);
  const to = Number(s.library.pages.labelAt(row.id, Math.max(range.start, range.end - 1))?.split("-")[1]);
  const start = Number.isFinite(from) ? from : 0;
  return {
    kind: type.startsWith("audio/") ? "audio" : "video",
    src: `/read/${row.id}/media#t=${start}${Number.isFinite(to) && to > start ? `,${to}` : ""}`,
    captions: `/read/${row.id}/captions`,
    label: formatTime(start),
  };
}
