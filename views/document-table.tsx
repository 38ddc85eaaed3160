import type { I18n } from "../src/view-models.js";
import { tagName } from "./topic-name.js";

/** The button that reads a document again: Retry for a failed one, Re-index for the rest. */
function again(d: DocumentView) {
  return d.state === "failed"
    ? ({ label: "lib.retry", title: "lib.retryTitle" } as const)
    : ({ label: "lib.reindex", title: "lib.reindexTitle" } as const);
}

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
  /** ISO 639-1 code of the document's language (metadata or detected), or null when unknown. */
  lang: string | null;
}

/** A document state's name in the page's language (the state itself when the catalogs do not know it). */
function stateName(i18n: I18n, state: string): string {
  const key = `state.${state}`;
  return i18n.has(key) ? i18n.t(key) : state;
}

/** The documents table (re-sent over SSE when a document changes). */
export function DocumentTable(props: { documents: DocumentView[]; canManage: boolean; i18n: I18n }) {
  const { i18n } = props;
  const t = i18n.t;
  return (
    <div id="documents" class="table-wrap">
      <table class="stacked">
        <caption class="visually-hidden">{t("lib.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("lib.document")}</th>
            <th scope="col">{t("lib.state")}</th>
            <th scope="col">{t("lib.chunks")}</th>
            <th scope="col">{t("lib.collectionTags")}</th>
            {props.canManage ? <th scope="col">{t("lib.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.documents.map((d) => (
            <tr id={`doc-${d.id}`}>
              <td>
                {d.state === "indexed" ? (
                  <a href={`/read/${d.id}`}>
                    <bdi>{d.title}</bdi>
                  </a>
                ) : (
                  <bdi>{d.title}</bdi>
                )}
                <div class="meta">
                  {/* A title or path in another script keeps its own direction in a right-to-left page ("South!", not "!South"). */}
                  <bdi>{d.path}</bdi> · {d.format}
                  {d.lang ? ` · ${i18n.language(d.lang)}` : null}
                </div>
              </td>
              <td data-label={t("lib.state")}>
                <span class={d.state === "failed" ? "state-failed" : undefined}>{stateName(i18n, d.state)}</span>
                {d.reason ? <div class="meta">{d.reason}</div> : null}
              </td>
              <td data-label={t("lib.chunks")}>{i18n.number(d.chunks)}</td>
              <td data-label={t("lib.collection")}>
                {d.collection}
                {d.tags.length ? <div class="meta">{i18n.list(d.tags.map((tag) => tagName(i18n, tag)))}</div> : null}
              </td>
              {props.canManage ? (
                <td>
                  <div class="row">
                    {d.state === "indexed" ? (
                      <a
                        class="button quiet"
                        href={`/search?doc=${d.id}`}
                        aria-label={t("lib.searchIn", { title: d.title })}
                      >
                        {t("search.submit")}
                      </a>
                    ) : null}
                    <form method="post" action={`/library/${d.id}/reindex`}>
                      {/* A failed file is not read again until it changes; Retry reads it now (after a setting changed). */}
                      <button type="submit" class="quiet" aria-label={t(again(d).title, { title: d.title })}>
                        {t(again(d).label)}
                      </button>
                    </form>
                    <form method="post" action={`/library/${d.id}/remove`}>
                      <button type="submit" class="quiet" aria-label={t("lib.removeTitle", { title: d.title })}>
                        {t("lib.remove")}
                      </button>
                    </form>
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {props.documents.length === 0 ? <p>{t("lib.empty")}</p> : null}
    </div>
  );
}
