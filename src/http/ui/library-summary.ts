import type { AppServices } from "../../app/services.js";
import type { I18n } from "../../i18n/index.js";

/** The `/status` snapshot the summaries read. */
type AppStatus = Awaited<ReturnType<AppServices["status"]>>;

/** The one-line library summary above the thread, saying what is searchable while indexing runs. */
export function libraryLine(s: AppStatus, i18n: I18n): string {
  const books = i18n.t("summary.books", { books: s.documents.indexed, passages: s.chunks });
  const answers = i18n.t(s.mode.answers === "rag" ? "summary.rag" : "summary.extractive");
  if (!s.indexing.busy) return `${books} · ${answers}`;
  const total = s.indexing.processed + s.indexing.queued + (s.indexing.current ? 1 : 0);
  return i18n.t("summary.indexing", { done: s.indexing.processed, total, books, answers });
}

/** Notices for the top of the page: a read-only index, a full disk, an unavailable library folder, missing collections. */
export function libraryNotices(s: AppStatus, i18n: I18n): string[] {
  const out: string[] = [];
  if (s.readOnlyReason) out.push(s.readOnlyReason);
  if (s.rebuild?.state === "running")
    out.push(i18n.t("notice.rebuild", { done: s.rebuild.done, total: s.rebuild.total }));
  if (s.disk?.paused) out.push(i18n.t("notice.diskPaused", { reason: s.disk.reason ?? "" }));
  if (!s.library.available) out.push(i18n.t("notice.libraryGone", { reason: s.library.reason ?? "" }));
  if (s.library.missingCollections.length > 0)
    out.push(i18n.t("notice.collectionsMissing", { names: i18n.list(s.library.missingCollections) }));
  return out;
}
