import type { TextPart } from "../src/view-models.js";
import { Layout, type PageChrome } from "./layout.js";

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
}

function Select(props: { name: string; label: string; value: string; options: string[] }) {
  return (
    <label>
      {props.label}{" "}
      <select name={props.name}>
        <option value="">any</option>
        {props.options.map((o) => (
          <option value={o} selected={o === props.value}>
            {o}
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
  const link = (page: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ q: f.q, collection: f.collection, tag: f.tag, format: f.format, doc: f.doc }))
      if (v) q.set(k, v);
    q.set("page", String(page));
    return `/search?${q.toString()}`;
  };
  return (
    <Layout
      title={f.q ? `${f.q} — Search — Almanac` : "Search — Almanac"}
      page="search"
      theme={props.theme}
      viewer={props.viewer}
    >
      <h1>Search the library</h1>
      <form method="get" action="/search">
        <div class="ask">
          <label class="visually-hidden" for="sq">
            Search words
          </label>
          <input type="search" id="sq" name="q" value={f.q} placeholder="e.g. boil water -iodine" required />
          <button type="submit">Search</button>
        </div>
        <div class="row" style="margin-top:.5rem">
          <Select name="collection" label="Collection" value={f.collection} options={f.collections} />
          <Select name="tag" label="Topic" value={f.tag} options={f.tags} />
          <Select name="format" label="Format" value={f.format} options={f.formats} />
          {f.doc ? <input type="hidden" name="doc" value={f.doc} /> : null}
        </div>
      </form>
      <p class="meta">
        Syntax: <code>"exact phrase"</code> must appear as written; <code>+word</code> must appear; <code>-word</code>{" "}
        must not; other words rank passages (BM25).
      </p>
      {props.notice ? (
        <p role="status" class="warning">
          {props.notice}
        </p>
      ) : null}
      {props.ms !== null ? (
        <p class="meta" role="status">
          {props.hits.length === 0 ? "No passages found." : `Results ${props.hits[0]?.rank}–${props.hits.at(-1)?.rank}`}{" "}
          · {props.ms.toFixed(0)} ms{f.doc ? " · in one document" : ""}
        </p>
      ) : null}
      <ol class="sources">
        {props.hits.map((h) => (
          <li>
            <div class="where">
              <a href={h.url}>
                {h.rank}. {h.label}
              </a>
            </div>
            <p style="white-space:pre-line">{h.parts.map((p) => (p.marked ? <mark>{p.text}</mark> : p.text))}</p>
            <div class="meta">{h.path}</div>
          </li>
        ))}
      </ol>
      <nav class="pager" aria-label="Result pages">
        {props.page > 1 ? (
          <a class="button quiet" href={link(props.page - 1)} rel="prev">
            ← Previous
          </a>
        ) : (
          <span />
        )}
        {props.hasNext ? (
          <a class="button quiet" href={link(props.page + 1)} rel="next">
            Next →
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}
