import type { ProgressView, TrashView } from "../src/view-models.js";
import { Layout, type PageChrome } from "./layout.js";

/** One document row as the library page shows it. */
export interface DocumentView {
  id: string;
  path: string;
  title: string;
  collection: string;
  format: string;
  /** queued, indexing, indexed, failed or skipped. */
  state: string;
  /** The failure or skip reason, or an indexed document's warning. */
  reason: string | null;
  chunks: number;
  tags: string[];
}

function duration(s: number): string {
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** The live progress panel (re-sent over SSE as indexing goes on). */
export function ProgressPanel(props: { progress: ProgressView; counts: Record<string, number> }) {
  const p = props.progress;
  const c = props.counts;
  const summary = `${c.indexed ?? 0} indexed · ${c.queued ?? 0} queued · ${c.failed ?? 0} failed · ${c.skipped ?? 0} skipped`;
  return (
    <div id="progress" class="card" role="status">
      {p.busy ? (
        <>
          <p>
            <strong>Indexing:</strong> {p.filesDone} of {p.filesTotal} files
            {p.chunksPerSecond !== null ? ` · ${p.chunksPerSecond} chunks/s` : ""}
            {p.etaSeconds !== null ? ` · about ${duration(p.etaSeconds)} left` : ""}
          </p>
          <progress max={Math.max(1, p.filesTotal)} value={p.filesDone} aria-label="Indexing progress">
            {p.filesDone}/{p.filesTotal}
          </progress>
          {p.current ? <p class="meta">Now: {p.current}</p> : null}
          {p.articles ? (
            <>
              <p class="meta">
                {p.articles.done.toLocaleString("en")} of {p.articles.total.toLocaleString("en")} articles
                {p.articles.articlesPerSecond !== null ? ` · ${p.articles.articlesPerSecond} articles/s` : ""}
                {p.articles.etaSeconds !== null
                  ? ` · about ${duration(p.articles.etaSeconds)} left in this archive`
                  : ""}
              </p>
              <progress max={Math.max(1, p.articles.total)} value={p.articles.done} aria-label="Archive progress">
                {p.articles.done}/{p.articles.total}
              </progress>
            </>
          ) : null}
          <p class="meta">Books indexed so far are already searchable.</p>
        </>
      ) : (
        <p>Up to date.</p>
      )}
      <p class="meta">{summary}</p>
    </div>
  );
}

/** The documents table (re-sent over SSE when a document changes). */
export function DocumentTable(props: { documents: DocumentView[]; canManage: boolean }) {
  return (
    <div id="documents" class="table-wrap">
      <table class="stacked">
        <caption class="visually-hidden">Documents in the library</caption>
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col">State</th>
            <th scope="col">Chunks</th>
            <th scope="col">Collection · tags</th>
            {props.canManage ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.documents.map((d) => (
            <tr id={`doc-${d.id}`}>
              <td>
                {d.state === "indexed" ? <a href={`/read/${d.id}`}>{d.title}</a> : d.title}
                <div class="meta">
                  {d.path} · {d.format}
                </div>
              </td>
              <td data-label="State">
                <span class={d.state === "failed" ? "state-failed" : undefined}>{d.state}</span>
                {d.reason ? <div class="meta">{d.reason}</div> : null}
              </td>
              <td data-label="Chunks">{d.chunks}</td>
              <td data-label="Collection">
                {d.collection}
                {d.tags.length ? <div class="meta">{d.tags.join(", ")}</div> : null}
              </td>
              {props.canManage ? (
                <td>
                  <div class="row">
                    {d.state === "indexed" ? (
                      <a class="button quiet" href={`/search?doc=${d.id}`} aria-label={`Search in ${d.title}`}>
                        Search
                      </a>
                    ) : null}
                    <form method="post" action={`/library/${d.id}/reindex`}>
                      <button type="submit" class="quiet" aria-label={`Re-index ${d.title}`}>
                        Re-index
                      </button>
                    </form>
                    <form method="post" action={`/library/${d.id}/remove`}>
                      <button type="submit" class="quiet" aria-label={`Remove ${d.title}`}>
                        Remove
                      </button>
                    </form>
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {props.documents.length === 0 ? (
        <p>The library is empty. Upload a book, or copy books into the library folder.</p>
      ) : null}
    </div>
  );
}

/** Removed books that can still be restored, newest first (admins only; nothing when empty). */
function TrashList(props: { trash: TrashView[]; trashDays: number }) {
  if (props.trash.length === 0) return null;
  return (
    <section class="card" aria-labelledby="trash-heading">
      <h2 id="trash-heading">Trash</h2>
      <p class="meta">
        Removed books stay here, in the data folder, for {props.trashDays} days; then they are deleted.
      </p>
      <div class="table-wrap">
        <table class="stacked">
          <thead>
            <tr>
              <th scope="col">Book</th>
              <th scope="col">Removed</th>
              <th scope="col">Days left</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {props.trash.map((t) => (
              <tr id={`trash-${t.id}`}>
                <td>
                  {t.title ?? t.originalPath}
                  {t.title ? <div class="meta">{t.originalPath}</div> : null}
                </td>
                <td data-label="Removed">{t.trashedAt.slice(0, 16).replace("T", " ")} UTC</td>
                <td data-label="Days left">{t.daysLeft}</td>
                <td>
                  <form method="post" action={`/library/trash/${t.id}/restore`}>
                    <button type="submit" class="quiet" aria-label={`Restore ${t.title ?? t.originalPath}`}>
                      Restore
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
    libraryPath: string;
    notices: string[];
    /** Removed books that can be restored; empty for people who cannot manage the library. */
    trash: TrashView[];
    /** Days a removed book stays in the trash before it is deleted. */
    trashDays: number;
  },
) {
  return (
    <Layout title="Library — Almanac" page="library" wide theme={props.theme} viewer={props.viewer}>
      <h1>Library</h1>
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
      <div hx-ext="sse" sse-connect="/library/events">
        <div sse-swap="progress">
          <ProgressPanel progress={props.progress} counts={props.counts} />
        </div>
        {props.canManage ? (
          <form method="post" action="/library/upload" enctype="multipart/form-data" class="card">
            <div class="dropzone">
              <p>
                <label for="files">
                  <strong>Add books</strong> (EPUB, PDF, web pages, Markdown, text, ZIM archives, video or audio with
                  .srt/.vtt subtitles; up to {props.maxFileMb} MB each; copy larger files straight into the library
                  folder): choose files or drop them here.
                </label>
              </p>
              <input type="file" id="files" name="files" multiple accept={props.accept} required />
              <div class="row" style="margin-top:.5rem">
                <label for="collection">Collection</label>
                <input type="text" id="collection" name="collection" list="collections" placeholder="general" />
                <datalist id="collections">
                  {props.collections.map((c) => (
                    <option value={c} />
                  ))}
                </datalist>
                <button type="submit">Upload</button>
              </div>
            </div>
          </form>
        ) : null}
        <div sse-swap="documents">
          <DocumentTable documents={props.documents} canManage={props.canManage} />
        </div>
      </div>
      <TrashList trash={props.trash} trashDays={props.trashDays} />
      <p class="meta">Library folder: {props.libraryPath}</p>
    </Layout>
  );
}
