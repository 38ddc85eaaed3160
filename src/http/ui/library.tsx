import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { streamSSE } from "hono/streaming";
import { DocumentTable, type DocumentView, LibraryPage, ProgressPanel } from "../../../views/library.js";
import type { Almanac } from "../../app/almanac.js";
import { formatOf } from "../../ingest/parse.js";
import { collectionOf, docIdOf, PathEscapeError, resolveInLibrary } from "../../library/paths.js";
import { ProgressMeter } from "../../library/progress-meter.js";
import { describeIoError } from "../../library/scan.js";
import { listTrash, moveToTrash, restoreFromTrash, TRASH_DAYS, TrashError } from "../../library/trash.js";
import { saveUpload, UPLOAD_ACCEPT, UploadRejectedError } from "../../library/upload.js";
import { getDocument, listDocuments } from "../../state/documents.js";
import { roleAtLeast } from "../access.js";
import { chromeOf } from "./chrome.js";
import { askFirst } from "./confirm.js";
import { libraryNotices } from "./library-summary.js";

/** Files one upload request may carry. */
const MAX_UPLOAD_FILES = 50;
/** Why a process that opened the index read-only refuses library changes. */
const READ_ONLY = "This process cannot change the library (it reads the index beside the server).";
/** The library page's SSE stream sends at most one update per this many ms. */
const PUSH_MS = 500;

function tagsOf(json: string | null): string[] {
  try {
    const v: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

/** Every document with its state; queued files not yet in the state table appear as `queued`. */
function documentViews(app: Almanac): { documents: DocumentView[]; counts: Record<string, number> } {
  const queued = new Set(app.indexer.queuedPaths());
  const counts: Record<string, number> = { indexed: 0, queued: 0, indexing: 0, failed: 0, skipped: 0 };
  const documents: DocumentView[] = listDocuments(app.db).map((d) => {
    queued.delete(d.path);
    const state = d.status === "pending" ? "queued" : d.status;
    return {
      id: d.id,
      path: d.path,
      title: d.title ?? d.path,
      collection: d.collection,
      format: d.format,
      state,
      reason: d.status === "indexed" ? d.warning : d.error,
      chunks: d.chunkCount,
      tags: tagsOf(d.tags),
    };
  });
  for (const path of queued)
    documents.push({
      id: docIdOf(path),
      path,
      title: path,
      collection: collectionOf(path),
      format: formatOf(path) ?? "text",
      state: "queued",
      reason: null,
      chunks: 0,
      tags: [],
    });
  for (const d of documents) counts[d.state] = (counts[d.state] ?? 0) + 1;
  return { documents, counts };
}

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
export function libraryRoutes(app: Almanac): Hono {
  const r = new Hono();
  const meter = new ProgressMeter(app.indexer);
  const cfg = app.config;

  const page = async (c: Context, messages: string[], status: 200 | 400 = 200) => {
    const { documents, counts } = documentViews(app);
    const canManage = app.lock !== null && roleAtLeast(c.get("principal").role, "admin");
    return c.html(
      <LibraryPage
        {...chromeOf(c)}
        progress={meter.snapshot()}
        counts={counts}
        documents={documents}
        collections={app.indexer.collections()}
        canManage={canManage}
        maxFileMb={cfg.maxFileMb}
        accept={UPLOAD_ACCEPT}
        messages={messages}
        libraryPath={cfg.libraryDir}
        notices={libraryNotices(await app.status())}
        trash={canManage ? await listTrash(cfg.dataDir) : []}
      />,
      status,
    );
  };
  r.get("/library", (c) => page(c, []));

  r.get("/library/events", (c) =>
    streamSSE(c, async (stream) => {
      let timer: NodeJS.Timeout | null = null;
      let documentsChanged = true;
      const push = async () => {
        timer = null;
        const { documents, counts } = documentViews(app);
        await stream.writeSSE({
          event: "progress",
          data: String(await (<ProgressPanel progress={meter.snapshot()} counts={counts} />).toString()),
        });
        if (documentsChanged) {
          documentsChanged = false;
          await stream.writeSSE({
            event: "documents",
            data: String(
              await (
                <DocumentTable
                  documents={documents}
                  canManage={app.lock !== null && roleAtLeast(c.get("principal").role, "admin")}
                />
              ).toString(),
            ),
          });
        }
      };
      const schedule = () => {
        timer ??= setTimeout(() => void push().catch(() => {}), PUSH_MS);
      };
      const onDocument = () => {
        documentsChanged = true;
        schedule();
      };
      app.indexer.on("progress", schedule);
      app.indexer.on("document", onDocument);
      app.indexer.on("idle", onDocument);
      const done = new Promise<void>((resolve) => {
        stream.onAbort(resolve);
        app.shutdown.signal.addEventListener("abort", () => resolve(), { once: true });
      });
      await push();
      const keepAlive = setInterval(() => void stream.write(": keep-alive\n\n").catch(() => {}), 15_000);
      await done;
      clearInterval(keepAlive);
      if (timer) clearTimeout(timer);
      app.indexer.off("progress", schedule);
      app.indexer.off("document", onDocument);
      app.indexer.off("idle", onDocument);
    }),
  );

  r.post(
    "/library/upload",
    bodyLimit({
      maxSize: cfg.maxUploadMb * 1024 * 1024,
      onError: (c) =>
        page(c, [`The upload is over the ${cfg.maxUploadMb} MB limit (maxUploadMb); send fewer files at a time.`], 400),
    }),
    async (c) => {
      if (!app.lock) return page(c, [READ_ONLY], 400);
      // A body undici cannot parse as a form (no boundary, a broken part header, a CR or LF in a name) is the sender's fault.
      const form = await c.req.parseBody({ all: true }).catch(() => null);
      if (!form)
        return page(
          c,
          [
            "The upload could not be read: it is not well-formed multipart/form-data. Send the books from this page's form.",
          ],
          400,
        );
      const raw = form.files;
      const files = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
        (f): f is File => f instanceof File,
      );
      const collection = typeof form.collection === "string" ? form.collection.trim() : "";
      if (files.length === 0) return page(c, ["Choose one or more books to upload."], 400);
      if (files.length > MAX_UPLOAD_FILES) return page(c, [`At most ${MAX_UPLOAD_FILES} files per upload.`], 400);
      const messages: string[] = [];
      let saved = 0;
      for (const f of files) {
        try {
          const rel = await saveUpload(
            cfg.libraryDir,
            collection === "general" ? "" : collection,
            { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) },
            cfg.maxFileMb * 1024 * 1024,
          );
          app.indexer.enqueue(rel);
          saved++;
          messages.push(`Added ${rel}; it is queued for indexing.`);
        } catch (err) {
          if (!(err instanceof UploadRejectedError)) app.log.error({ err: (err as Error).message }, "upload failed");
          messages.push(
            err instanceof UploadRejectedError
              ? `Not added: ${err.message}`
              : `Not added: ${f.name}: could not be saved`,
          );
        }
      }
      return page(c, messages, saved > 0 ? 200 : 400);
    },
  );

  r.post("/library/:doc/reindex", (c) => {
    const row = getDocument(app.db, c.req.param("doc"));
    if (!row || !app.lock) return page(c, ["No such document."], 400);
    app.indexer.reindex(row.path);
    return c.redirect("/library", 303);
  });
  r.post("/library/:doc/remove", async (c) => {
    const row = getDocument(app.db, c.req.param("doc"));
    if (!row || !app.lock) return page(c, ["No such document."], 400);
    const asked = await askFirst(c, {
      title: `Remove ${row.title ?? row.path}?`,
      message: `${row.path} moves out of the library folder into the trash in the data folder, and leaves search. You can restore it from the library page for ${TRASH_DAYS} days; after that it is deleted.`,
      confirm: "Remove",
      cancel: "/library",
      page: "library",
    });
    if (asked) return asked;
    let message = `Removed ${row.path}: it is in the trash for ${TRASH_DAYS} days and can be restored from the library page.`;
    try {
      await moveToTrash(
        cfg.dataDir,
        cfg.libraryDir,
        resolveInLibrary(cfg.libraryDir, row.path),
        row.title ?? undefined,
      );
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT")
        return page(c, [`Could not move ${row.path} to the trash: ${describeIoError(err)}`], 400);
      message = `${row.path} was no longer in the library folder; it is removed from the index.`;
    }
    // The watcher would see the file go too, but only when watching; this makes search forget it either way.
    app.indexer.enqueue(row.path, "remove");
    return page(c, [message]);
  });
  r.post("/library/trash/:id/restore", async (c) => {
    if (!app.lock) return page(c, [READ_ONLY], 400);
    try {
      const rel = await restoreFromTrash(cfg.dataDir, cfg.libraryDir, c.req.param("id"));
      app.indexer.enqueue(rel);
      return page(c, [`Restored ${rel}; it is queued for indexing.`]);
    } catch (err) {
      if (err instanceof TrashError || err instanceof PathEscapeError) return page(c, [err.message], 400);
      app.log.error({ err: (err as Error).message }, "restore from the trash failed");
      return page(c, [`Not restored: ${describeIoError(err)}`], 400);
    }
  });
  return r;
}
