import type { Child } from "hono/jsx";
import type { I18n, TextPart } from "../src/view-models.js";
import { Layout, type PageChrome } from "./layout.js";
import { MarkedText } from "./passage-text.js";
import { tagName } from "./topic-name.js";

/** One search hit as shown. */
export interface HitView {
  rank: number;
  label: string;
  url: string;
  parts: TextPart[];
  path: string;
}

/** The search form's current values and choices. */
export interface SearchForm {
  q: string;
  collection: string;
  tag: string;
  format: string;
  doc: string;
  collections: string[];
  tags: string[];
  formats: string[];
  /** The language filter's ISO 639-1 code, "" for any. */
  lang: string;
  /** The languages of the indexed documents, offered in the filter by name. */
  langs: string[];
}

function Select(props: {
  name: string;
  label: string;
  value: string;
  options: string[];
  any: string;
  /** The shown name of an option (the value itself by default). */
  nameOf?: (option: string) => string;
}) {
  return (
    <label>
      {props.label}{" "}
      <select name={props.name}>
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option value={o} selected={o === props.value}>
            {props.nameOf ? props.nameOf(o) : o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The search page: ranked passages with the query's words marked, filters, syntax help and pagination. */
export function SearchPage(
  props: PageChrome & {
    form: SearchForm;
    hits: HitView[];
    page: number;
    hasNext: boolean;
    ms: number | null;
    /** Why the query was simplified (too many operators), when it was. */
    notice?: string | null;
  },
) {
  const f = props.form;
  const i18n: I18n = props.i18n;
  const t = i18n.t;
  const link = (page: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({
      q: f.q,
      collection: f.collection,
      tag: f.tag,
      lang: f.lang,
      format: f.format,
      doc: f.doc,
    }))
      if (v) q.set(k, v);
    q.set("page", String(page));
    return `/search?${q.toString()}`;
  };
  return (
    <Layout
      title={f.q ? `${f.q} — ${t("nav.search")} — Almanac` : `${t("nav.search")} — Almanac`}
      page="search"
      theme={props.theme}
      viewer={props.viewer}
      i18n={props.i18n}
    >
      <h1>{t("search.heading")}</h1>
      <form method="get" action="/search">
        <div class="ask">
          <label class="visually-hidden" for="sq">
            {t("search.words")}
          </label>
          <input type="search" id="sq" name="q" value={f.q} placeholder={t("search.placeholder")} required />
          <button type="submit">{t("search.submit")}</button>
        </div>
        <div class="row" style="margin-block-start:.5rem">
          <Select
            name="collection"
            label={t("search.collection")}
            value={f.collection}
            options={f.collections}
            any={t("search.any")}
          />
          <Select
            name="tag"
            label={t("search.topic")}
            value={f.tag}
            options={f.tags}
            any={t("search.any")}
            nameOf={(tag) => tagName(i18n, tag)}
          />
          <Select name="format" label={t("search.format")} value={f.format} options={f.formats} any={t("search.any")} />
          {f.langs.length > 1 ? (
            <Select
              name="lang"
              label={t("search.language")}
              value={f.lang}
              options={f.langs}
              any={t("search.any")}
              nameOf={i18n.language}
            />
          ) : null}
          {f.doc ? <input type="hidden" name="doc" value={f.doc} /> : null}
        </div>
      </form>
      <p class="meta">{i18n.rich<Child>("search.syntax", { code: (parts) => <code>{parts}</code> })}</p>
      {props.notice ? (
        <p role="status" class="warning">
          {props.notice}
        </p>
      ) : null}
      {props.ms !== null ? (
        <p class="meta" role="status">
          {props.hits.length === 0
            ? t("search.none")
            : t("search.results", { from: props.hits[0]?.rank ?? 0, to: props.hits.at(-1)?.rank ?? 0 })}{" "}
          · {t("search.ms", { ms: Math.round(props.ms) })}
          {f.doc ? ` · ${t("search.inDoc")}` : ""}
        </p>
      ) : null}
      <ol class="sources">
        {props.hits.map((h) => (
          <li>
            <div class="where">
              <a href={h.url}>
                {i18n.number(h.rank)}. {h.label}
              </a>
            </div>
            <div class="passage">
              <MarkedText parts={h.parts} />
            </div>
            <div class="meta">{h.path}</div>
          </li>
        ))}
      </ol>
      <nav class="pager" aria-label={t("search.pages")}>
        {props.page > 1 ? (
          <a class="button quiet" href={link(props.page - 1)} rel="prev">
            {t("search.prev")}
          </a>
        ) : (
          <span />
        )}
        {props.hasNext ? (
          <a class="button quiet" href={link(props.page + 1)} rel="next">
            {t("search.next")}
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}
