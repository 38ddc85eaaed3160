import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { streamSSE } from "hono/streaming";
import { DocumentTable } from "../../../views/document-table.js";
import { ProgressPanel, UploadNotices } from "../../../views/library.js";
import { ProgressMeter } from "../../library/progress-meter.js";
import { i18nOf } from "./chrome.js";
import { reindexDocument, removeDocument, restoreDocument, uploadBooks } from "./library-actions.js";
import {
  canManage,
  documentViews,
  type LibraryDeps,
  type LibraryServices,
  libraryPage,
  uploadViews,
} from "./library-page.js";

/** The library page's SSE stream sends at most one update per this many ms. */
const PUSH_MS = 500;

/**
 * Library routes: `GET /library` (every document with its state, chunk count,
 * collection and tags; upload; re-index; remove), `GET /library/events` (SSE:
 * `progress` and `documents` fragments as the indexer reports, at most every
 * 500 ms), `POST /library/upload` (multipart, its own body limit of
 * `maxUploadMb`; each file at most `maxFileMb`, of a supported type, saved
 * under a cleaned name inside the library root, then queued),
 * `POST /library/:doc/reindex`, `POST /library/:doc/remove` (asks first,
 * then moves the file to the trash in the data folder for 30 days) and
 * `POST /library/trash/:id/restore` (puts it back and queues it). Who may
 * manage: admins (the route table, `src/http/access.ts`).
 */
export function libraryRoutes(services: LibraryServices): Hono {
  const d: LibraryDeps = { services, meter: new ProgressMeter(services.library.indexer) };
  const { maxUploadMb } = services.config;
  const r = new Hono();
  r.get("/library", (c) => libraryPage(c, d, []));
  r.get("/library/events", (c) => libraryEvents(c, d));
  const limit = bodyLimit({
    maxSize: maxUploadMb * 1024 * 1024,
    onError: (c) => libraryPage(c, d, [i18nOf(c).t("lib.tooLarge", { mb: maxUploadMb })], 400),
  });
  r.post("/library/upload", limit, (c) => uploadBooks(c, d));
  r.post("/library/:doc/reindex", (c) => reindexDocument(c, d));
  r.post("/library/:doc/remove", (c) => removeDocument(c, d));
  r.post("/library/trash/:id/restore", (c) => restoreDocument(c, d));
  return r;
}

/**
 * `GET /library/events`: SSE `progress` (the progress panel) on each indexer
 * report, and `documents` (the table) and `uploads` (the notices of the books
 * named by `?watch=`, at most 20) when a document changed, at most every
 * {@link PUSH_MS}, with a keep-alive comment every 15 s, until the browser goes or the server stops.
 */
function libraryEvents(c: Context, d: LibraryDeps): Response {
  const { indexer } = d.services.library;
  const manage = canManage(c, d);
  const i18n = i18nOf(c);
  // The books just uploaded on this page (`?watch=` each): their notices are re-sent as they are indexed.
  const watched = (c.req.queries("watch") ?? []).slice(0, 20);
  return streamSSE(c, async (stream) => {
    let timer: NodeJS.Timeout | null = null;
    let documentsChanged = true;
    const push = async () => {
      timer = null;
      const { documents, counts } = documentViews(d.services.library);
      const progress = <ProgressPanel progress={d.meter.snapshot()} counts={counts} i18n={i18n} />;
      await stream.writeSSE({ event: "progress", data: String(await progress.toString()) });
      if (!documentsChanged) return;
      documentsChanged = false;
      const table = <DocumentTable documents={documents} canManage={manage} i18n={i18n} />;
      await stream.writeSSE({ event: "documents", data: String(await table.toString()) });
      if (watched.length === 0) return;
      const notices = <UploadNotices uploads={uploadViews(documents, watched)} i18n={i18n} />;
      await stream.writeSSE({ event: "uploads", data: String(await notices.toString()) });
    };
    const schedule = () => {
      timer ??= setTimeout(() => void push().catch(() => {}), PUSH_MS);
    };
    const onDocument = () => {
      documentsChanged = true;
      schedule();
    };
    indexer.on("progress", schedule);
    indexer.on("document", onDocument);
    indexer.on("idle", onDocument);
    const done = new Promise<void>((resolve) => {
      stream.onAbort(resolve);
      d.services.shutdown.addEventListener("abort", () => resolve(), { once: true });
    });
    await push();
    const keepAlive = setInterval(() => void stream.write(": keep-alive\n\n").catch(() => {}), 15_000);
    await done;
    clearInterval(keepAlive);
    if (timer) clearTimeout(timer);
    indexer.off("progress", schedule);
    indexer.off("document", onDocument);
    indexer.off("idle", onDocument);
  });
}
