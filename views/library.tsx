import type { Child } from "hono/jsx";
import type { I18n, ProgressView, TrashView } from "../src/view-models.js";
import { DocumentTable, type DocumentView } from "./document-table.js";
import { Layout, type PageChrome } from "./layout.js";

/** A book just uploaded, as its notice shows it: queued or being indexed, then indexed with a link to it. */
export interface UploadView {
  path: string;
  state: string;
  /** The book's title once indexed (its path before). */
  title: string;
  /** The reader link, once it is indexed. */
  url: string | null;
}

/** The notices of the books just uploaded (re-sent over SSE as they are indexed). */
export function UploadNotices(props: { uploads: UploadView[]; i18n: I18n }) {
  const { t } = props.i18n;
  if (props.uploads.length === 0) return null;
  return (
    <div id="uploads" role="status" class="card">
      {props.uploads.map((u) =>
        u.state === "indexed" && u.url ? (
          <p>
            {t("lib.ready", { title: u.title })} <a href={u.url}>{t("lib.openBook")}</a>
          </p>
        ) : u.state === "failed" || u.state === "skipped" ? (
          <p class="state-failed">
            <bdi>{u.path}</bdi> · {t(u.state === "failed" ? "state.failed" : "state.skipped")}
          </p>
        ) : (
          <p>{t("lib.added", { path: u.path })}</p>
        ),
      )}
    </div>
  );
}

/** The live progress panel (re-sent over SSE as indexing goes on). */
export function ProgressPanel(props: { progress: ProgressView; counts: Record<string, number>; i18n: I18n }) {
  const p = props.progress;
  const c = props.counts;
  const { i18n } = props;
  const t = i18n.t;
  const summary = t("lib.summary", {
    indexed: c.indexed ?? 0,
    queued: c.queued ?? 0,
    failed: c.failed ?? 0,
    skipped: c.skipped ?? 0,
  });
  return (
    <div id="progress" class="card" role="status">
      {p.busy ? (
        <>
          <p>
            {i18n.rich<Child>("lib.indexing", {
              b: (parts) => <strong>{parts}</strong>,
              done: p.filesDone,
              total: p.filesTotal,
            })}
            {p.chunksPerSecond !== null ? ` · ${t("lib.rate", { rate: p.chunksPerSecond })}` : ""}
            {p.etaSeconds !== null ? ` · ${t("lib.left", { time: i18n.duration(p.etaSeconds) })}` : ""}
          </p>
          {p.filesDone === 0 && p.currentFraction === null ? (
            // Nothing measured yet (one file, no embedding model): a moving bar, not an empty one.
            <progress aria-label={t("lib.progress")}>
              {p.filesDone}/{p.filesTotal}
            </progress>
          ) : (
            <progress
              max={Math.max(1, p.filesTotal)}
              value={p.filesDone + (p.currentFraction ?? 0)}
              aria-label={t("lib.progress")}
            >
              {p.filesDone}/{p.filesTotal}
            </progress>
          )}
          {p.current ? <p class="meta">{t("lib.now", { file: p.current })}</p> : null}
          {p.articles ? (
            <>
              <p class="meta">
                {t("lib.articles", { done: p.articles.done, total: p.articles.total })}
                {p.articles.articlesPerSecond !== null
                  ? ` · ${t("lib.articleRate", { rate: p.articles.articlesPerSecond })}`
                  : ""}
                {p.articles.etaSeconds !== null
                  ? ` · ${t("lib.archiveLeft", { time: i18n.duration(p.articles.etaSeconds) })}`
                  : ""}
              </p>
              <progress
                max={Math.max(1, p.articles.total)}
                value={p.articles.done}
                aria-label={t("lib.archiveProgress")}
              >
                {p.articles.done}/{p.articles.total}
              </progress>
            </>
          ) : null}
          <p class="meta">{t("lib.searchable")}</p>
        </>
      ) : (
        <p>{t("lib.upToDate")}</p>
      )}
      <p class="meta">{summary}</p>
    </div>
  );
}

/** Removed books that can still be restored, newest first (admins only; nothing when empty). */
function TrashList(props: { trash: TrashView[]; trashDays: number; i18n: I18n }) {
  if (props.trash.length === 0) return null;
  const { i18n } = props;
  const tr = i18n.t;
  return (
    <section class="card" aria-labelledby="trash-heading">
      <h2 id="trash-heading">{tr("lib.trash")}</h2>
      <p class="meta">{tr("lib.trashNote", { days: props.trashDays })}</p>
      <div class="table-wrap">
        <table class="stacked">
          <thead>
            <tr>
              <th scope="col">{tr("lib.book")}</th>
              <th scope="col">{tr("lib.removed")}</th>
              <th scope="col">{tr("lib.daysLeft")}</th>
              <th scope="col">{tr("lib.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {props.trash.map((t) => (
              <tr id={`trash-${t.id}`}>
                <td>
                  {t.title ?? t.originalPath}
                  {t.title ? <div class="meta">{t.originalPath}</div> : null}
                </td>
                <td data-label={tr("lib.removed")}>
                  <time datetime={t.trashedAt}>{i18n.date(t.trashedAt)}</time>
                </td>
                <td data-label={tr("lib.daysLeft")}>{i18n.number(t.daysLeft)}</td>
                <td>
                  <form method="post" action={`/library/trash/${t.id}/restore`}>
                    <button
                      type="submit"
                      class="quiet"
                      aria-label={tr("lib.restoreTitle", { title: t.title ?? t.originalPath })}
                    >
                      {tr("lib.restore")}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The library page: live progress, upload, and every document with its state. */
export function LibraryPage(
  props: PageChrome & {
    progress: ProgressView;
    counts: Record<string, number>;
    documents: DocumentView[];
    collections: string[];
    canManage: boolean;
    maxFileMb: number;
    /** The upload input's `accept` list: every extension that is indexed, and subtitle files. */
    accept: string;
    /** Messages from the last upload or action. */
    messages: string[];
    /** Books just uploaded: their notices follow them until they are indexed. */
    uploads: UploadView[];
    libraryPath: string;
    notices: string[];
    /** Removed books that can be restored; empty for people who cannot manage the library. */
    trash: TrashView[];
    /** Days a removed book stays in the trash before it is deleted. */
    trashDays: number;
  },
) {
  const t = props.i18n.t;
  return (
    <Layout
      title={`${t("nav.library")} — Almanac`}
      page="library"
      wide
      theme={props.theme}
      viewer={props.viewer}
      i18n={props.i18n}
    >
      <h1>{t("nav.library")}</h1>
      {props.notices.map((n) => (
        <p role="alert" class="warning">
          {n}
        </p>
      ))}
      {props.messages.length > 0 ? (
        <div role="alert" class="card">
          {props.messages.map((m) => (
            <p>{m}</p>
          ))}
        </div>
      ) : null}
      <div hx-ext="sse" sse-connect={`/library/events${watchQuery(props.uploads)}`}>
        <div sse-swap="uploads">
          <UploadNotices uploads={props.uploads} i18n={props.i18n} />
        </div>
        <div sse-swap="progress">
          <ProgressPanel progress={props.progress} counts={props.counts} i18n={props.i18n} />
        </div>
        {props.canManage ? (
          <form method="post" action="/library/upload" enctype="multipart/form-data" class="card">
            <div class="dropzone">
              <p>
                <label for="files">
                  {props.i18n.rich<Child>("lib.add", {
                    b: (parts) => <strong>{parts}</strong>,
                    mb: props.maxFileMb,
                  })}
                </label>
              </p>
              <input type="file" id="files" name="files" multiple accept={props.accept} required />
              <div class="row" style="margin-block-start:.5rem">
                <label for="collection">{t("lib.collection")}</label>
                <input type="text" id="collection" name="collection" list="collections" placeholder="general" />
                <datalist id="collections">
                  {props.collections.map((c) => (
                    <option value={c} />
                  ))}
                </datalist>
                <button type="submit">{t("lib.upload")}</button>
              </div>
            </div>
          </form>
        ) : null}
        <div sse-swap="documents">
          <DocumentTable documents={props.documents} canManage={props.canManage} i18n={props.i18n} />
        </div>
      </div>
      <TrashList trash={props.trash} trashDays={props.trashDays} i18n={props.i18n} />
      <p class="meta">{t("lib.folder", { path: props.libraryPath })}</p>
    </Layout>
  );
}

/** `?watch=…` for each upload, so the event stream sends their notices as they change. */
function watchQuery(uploads: UploadView[]): string {
  const q = new URLSearchParams(uploads.map((u): [string, string] => ["watch", u.path]));
  return uploads.length ? `?${q}` : "";
}
