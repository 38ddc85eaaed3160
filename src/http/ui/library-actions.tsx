import type { Context } from "hono";
import type { I18n } from "../../i18n/index.js";
import { PathEscapeError, resolveInLibrary } from "../../library/paths.js";
import { describeIoError } from "../../library/scan.js";
import { moveToTrash, restoreFromTrash, TRASH_DAYS, TrashError } from "../../library/trash.js";
import { saveUpload, UploadRejectedError } from "../../library/upload.js";
import { i18nOf } from "./chrome.js";
import { askFirst } from "./confirm.js";
import { type LibraryDeps, libraryPage } from "./library-page.js";

/** Files one upload request may carry. */
const MAX_UPLOAD_FILES = 50;

/** The files of a parsed upload form's `files` field (one or many). */
function filesOf(form: Record<string, unknown>): File[] {
  const raw = form.files;
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((f): f is File => f instanceof File);
}

/** Saves one uploaded book into the library folder and queues it. @returns the message for the page, and its library path when saved. */
async function saveOne(
  d: LibraryDeps,
  f: File,
  collection: string,
  i18n: I18n,
): Promise<{ message: string; saved: string | null }> {
  const { config, library, log } = d.services;
  try {
    const rel = await saveUpload(
      config.libraryDir,
      collection === "general" ? "" : collection,
      { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) },
      config.maxFileMb * 1024 * 1024,
    );
    library.indexer.enqueue(rel);
    return { message: i18n.t("lib.added", { path: rel }), saved: rel };
  } catch (err) {
    if (!(err instanceof UploadRejectedError)) log.error({ err: (err as Error).message }, "upload failed");
    // The rejection's own reason (a size, a format) stays as the library wrote it.
    const message =
      err instanceof UploadRejectedError
        ? i18n.t("lib.notAdded", { reason: err.message })
        : i18n.t("lib.notSaved", { name: f.name });
    return { message, saved: null };
  }
}

/** `POST /library/upload`: saves each book (at most {@link MAX_UPLOAD_FILES}) into the collection named, and queues it. */
export async function uploadBooks(c: Context, d: LibraryDeps): Promise<Response> {
  const i18n = i18nOf(c);
  if (!d.services.writable) return libraryPage(c, d, [i18n.t("lib.readOnly")], 400);
  // A body undici cannot parse as a form (no boundary, a broken part header, a CR or LF in a name) is the sender's fault.
  const form = await c.req.parseBody({ all: true }).catch(() => null);
  if (!form) return libraryPage(c, d, [i18n.t("lib.uploadUnreadable")], 400);
  const files = filesOf(form);
  const collection = typeof form.collection === "string" ? form.collection.trim() : "";
  if (files.length === 0) return libraryPage(c, d, [i18n.t("lib.chooseFiles")], 400);
  if (files.length > MAX_UPLOAD_FILES)
    return libraryPage(c, d, [i18n.t("lib.tooManyFiles", { max: MAX_UPLOAD_FILES })], 400);
  // Saved books get a notice that follows them until they are indexed; refusals stay as messages.
  const messages: string[] = [];
  const saved: string[] = [];
  for (const f of files) {
    const one = await saveOne(d, f, collection, i18n);
    if (one.saved) saved.push(one.saved);
    else messages.push(one.message);
  }
  return libraryPage(c, d, messages, saved.length > 0 ? 200 : 400, saved);
}

/** `POST /library/:doc/reindex`: queues a document to be indexed again. */
export function reindexDocument(c: Context, d: LibraryDeps): Response | Promise<Response> {
  const row = d.services.library.documents.get(c.req.param("doc") ?? "");
  if (!row || !d.services.writable) return libraryPage(c, d, [i18nOf(c).t("lib.noSuchDoc")], 400);
  d.services.library.indexer.reindex(row.path);
  return c.redirect("/library", 303);
}

/** `POST /library/:doc/remove`: asks first, then moves the file to the trash and takes it out of search. */
export async function removeDocument(c: Context, d: LibraryDeps): Promise<Response> {
  const { config, library } = d.services;
  const row = library.documents.get(c.req.param("doc") ?? "");
  const { t } = i18nOf(c);
  if (!row || !d.services.writable) return libraryPage(c, d, [t("lib.noSuchDoc")], 400);
  const asked = await askFirst(c, {
    title: t("lib.removeAsk", { title: row.title ?? row.path }),
    message: t("lib.removeMessage", { path: row.path, days: TRASH_DAYS }),
    confirm: t("lib.remove"),
    cancel: "/library",
    page: "library",
  });
  if (asked) return asked;
  let message = t("lib.removedDone", { path: row.path, days: TRASH_DAYS });
  try {
    const abs = resolveInLibrary(config.libraryDir, row.path);
    await moveToTrash(config.dataDir, config.libraryDir, abs, row.title ?? undefined);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT")
      return libraryPage(c, d, [t("lib.trashFailed", { path: row.path, reason: describeIoError(err) })], 400);
    message = t("lib.goneFromFolder", { path: row.path });
  }
  // The watcher would see the file go too, but only when watching; this makes search forget it either way.
  library.indexer.enqueue(row.path, "remove");
  return libraryPage(c, d, [message]);
}

/** `POST /library/trash/:id/restore`: puts a removed book back in the library folder and queues it. */
export async function restoreDocument(c: Context, d: LibraryDeps): Promise<Response> {
  const { config, library, log } = d.services;
  const { t } = i18nOf(c);
  if (!d.services.writable) return libraryPage(c, d, [t("lib.readOnly")], 400);
  try {
    const rel = await restoreFromTrash(config.dataDir, config.libraryDir, c.req.param("id") ?? "");
    library.indexer.enqueue(rel);
    return libraryPage(c, d, [t("lib.restored", { path: rel })]);
  } catch (err) {
    if (err instanceof TrashError || err instanceof PathEscapeError) return libraryPage(c, d, [err.message], 400);
    log.error({ err: (err as Error).message }, "restore from the trash failed");
    return libraryPage(c, d, [t("lib.notRestored", { reason: describeIoError(err) })], 400);
  }
}
