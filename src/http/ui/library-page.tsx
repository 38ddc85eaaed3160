import type { Context } from "hono";
import type { DocumentView } from "../../../views/document-table.js";
import { LibraryPage, type UploadView } from "../../../views/library.js";
import type { AppServices } from "../../app/services.js";
import { formatOf } from "../../ingest/parse.js";
import { collectionOf, docIdOf } from "../../library/paths.js";
import type { ProgressMeter } from "../../library/progress-meter.js";
import { listTrash, TRASH_DAYS } from "../../library/trash.js";
import { UPLOAD_ACCEPT } from "../../library/upload.js";
import { roleAtLeast } from "../access.js";
import { chromeOf } from "./chrome.js";
import { libraryNotices } from "./library-summary.js";

/** What the library routes use: the library, the config's folders and limits, and whether this process may write. */
export type LibraryServices = Pick<AppServices, "config" | "library" | "log" | "shutdown" | "status" | "writable">;

/** What every library handler is given: the services and the progress meter over the indexer's events. */
export interface LibraryDeps {
  readonly services: LibraryServices;
  readonly meter: ProgressMeter;
}

function tagsOf(json: string | null): string[] {
  try {
    const v: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

/** Every document with its state; queued files not yet in the state table appear as `queued`. */
export function documentViews(library: AppServices["library"]): {
  documents: DocumentView[];
  counts: Record<string, number>;
} {
  const queued = new Set(library.indexer.queuedPaths());
  const counts: Record<string, number> = { indexed: 0, queued: 0, indexing: 0, failed: 0, skipped: 0 };
  const documents: DocumentView[] = library.documents.list().map((d) => {
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
      // The language is shown by name beside the format; its lang-xx tag would say it twice.
      tags: tagsOf(d.tags).filter((t) => !t.startsWith("lang-")),
      lang: d.lang,
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
      lang: null,
    });
  for (const d of documents) counts[d.state] = (counts[d.state] ?? 0) + 1;
  return { documents, counts };
}

/** The notices of the books at `paths` (library-relative), from the document views the page already made. */
export function uploadViews(documents: readonly DocumentView[], paths: readonly string[]): UploadView[] {
  if (paths.length === 0) return [];
  const byPath = new Map(documents.map((d) => [d.path, d]));
  return paths.map((path) => {
    const d = byPath.get(path);
    const state = d?.state ?? "queued";
    return { path, state, title: d?.title ?? path, url: state === "indexed" && d ? `/read/${d.id}` : null };
  });
}

/** Whether this request may change the library: an admin, on the process that writes the index. */
export function canManage(c: Context, d: LibraryDeps): boolean {
  return d.services.writable && roleAtLeast(c.get("principal").role, "admin");
}

/** `GET /library`, and the answer of each library form: progress, upload form, documents, trash and messages. */
export async function libraryPage(
  c: Context,
  d: LibraryDeps,
  messages: string[],
  status: 200 | 400 = 200,
  uploaded: readonly string[] = [],
): Promise<Response> {
  const { config, library } = d.services;
  const { documents, counts } = documentViews(library);
  const manage = canManage(c, d);
  const chrome = chromeOf(c);
  return c.html(
    <LibraryPage
      {...chrome}
      progress={d.meter.snapshot()}
      counts={counts}
      documents={documents}
      collections={library.indexer.collections()}
      canManage={manage}
      maxFileMb={config.maxFileMb}
      accept={UPLOAD_ACCEPT}
      messages={messages}
      uploads={uploadViews(documents, uploaded)}
      libraryPath={config.libraryDir}
      notices={libraryNotices(await d.services.status(), chrome.i18n)}
      trash={manage ? await listTrash(config.dataDir) : []}
      trashDays={TRASH_DAYS}
    />,
    status,
  );
}
