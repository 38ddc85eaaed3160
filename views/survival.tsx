import { Layout, type PageChrome } from "./layout.js";

/** A passage as the survival page shows it. */
export interface PassageView {
  label: string;
  url: string;
  text: string;
  steps: number;
  /** A warning that the source is old and its advice may be out of date, or null. */
  dated: string | null;
}

function LargeTypeToggle(props: PageChrome & { back: string }) {
  const on = props.theme === "survival";
  return (
    <form method="post" action="/settings/theme" class="row">
      <input type="hidden" name="theme" value={on ? "auto" : "survival"} />
      <input type="hidden" name="back" value={props.back} />
      <button type="submit" class="quiet" aria-pressed={on ? "true" : "false"}>
        {on ? "Large type: on" : "Large type: off"}
      </button>
    </form>
  );
}

/** The survival landing page: category tiles, an ask box, and the large-type toggle. Works with no model. */
export function SurvivalPage(props: PageChrome & { categories: string[]; libraryLine: string; notices: string[] }) {
  return (
    <Layout title="Survival — Almanac" page="survival" theme={props.theme} viewer={props.viewer}>
      <div class="row">
        <h1 style="margin-right:auto">Survival</h1>
        <LargeTypeToggle {...props} back="/survival" />
      </div>
      <p class="meta">{props.libraryLine}</p>
      {props.notices.map((n) => (
        <p role="alert" class="warning">
          {n}
        </p>
      ))}
      <ul class="tiles" aria-label="Survival topics">
        {props.categories.map((c) => (
          <li>
            <a href={`/survival/${c}`}>{c.replace(/-/g, " ")}</a>
          </li>
        ))}
      </ul>
      <form class="ask" method="post" action="/chat/ask">
        <label class="visually-hidden" for="q">
          Question
        </label>
        <input type="text" id="q" name="q" placeholder="Ask, e.g. How do I treat a burn?" required />
        <button type="submit">Ask</button>
      </form>
    </Layout>
  );
}

/** One category's best passages, each opening in the reader. */
export function CategoryPage(props: PageChrome & { category: string; passages: PassageView[]; categories: string[] }) {
  const name = props.category.replace(/-/g, " ");
  return (
    <Layout title={`${name} — Survival — Almanac`} page="survival" theme={props.theme} viewer={props.viewer}>
      <p>
        <a href="/survival">← All topics</a>
      </p>
      <div class="row">
        <h1 style="margin-right:auto;text-transform:capitalize">{name}</h1>
        <LargeTypeToggle {...props} back={`/survival/${props.category}`} />
      </div>
      {props.passages.length === 0 ? (
        <p>No passage in the library is tagged {name} yet. Add a book that covers it to the library folder.</p>
      ) : (
        <ol class="sources">
          {props.passages.map((p) => (
            <li>
              <div class="where">
                <a href={p.url}>{p.label}</a>
              </div>
              {p.dated ? <p class="meta">{p.dated}</p> : null}
              <p style="white-space:pre-line">{p.text}</p>
              <p>
                <a href={p.url}>Read in the book</a>
                {p.steps > 0 ? <span class="meta"> · {p.steps} steps</span> : null}
              </p>
            </li>
          ))}
        </ol>
      )}
      <form class="ask" method="post" action="/chat/ask">
        <input type="hidden" name="tag" value={props.category} />
        <label class="visually-hidden" for="q">
          Question about {name}
        </label>
        <input type="text" id="q" name="q" placeholder={`Ask about ${name}`} required />
        <button type="submit">Ask</button>
      </form>
    </Layout>
  );
}
