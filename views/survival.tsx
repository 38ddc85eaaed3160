import type { I18n } from "../src/view-models.js";
import { Layout, type PageChrome, viewerCan } from "./layout.js";
import { PassageText } from "./passage-text.js";
import { ReadAloud } from "./read-aloud.js";
import { TopicIcon } from "./topic-icons.js";
import { tagName } from "./topic-name.js";

/** A passage as the survival page shows it. */
export interface PassageView {
  label: string;
  url: string;
  text: string;
  steps: number;
  /** A warning that the source is old and its advice may be out of date, or null. */
  dated: string | null;
}

/** A survival topic's name in the page's language (the slug, spaced, for a topic the catalogs do not know). */
function topicName(i18n: I18n, slug: string): string {
  const name = tagName(i18n, slug);
  return name === slug ? slug.replace(/-/g, " ") : name;
}

/**
 * The ask box. A visitor who may ask posts the question; one who may not is told why, and the question
 * goes as `GET /chat?q=`, which sign-in sends back to, so it survives (a refused post cannot be replayed).
 */
function AskForm(props: PageChrome & { label: string; placeholder: string; tag?: string }) {
  const { t } = props.i18n;
  const may = viewerCan(props.viewer, "user");
  return (
    <form class="ask" method={may ? "post" : "get"} action={may ? "/chat/ask" : "/chat"}>
      {props.tag ? <input type="hidden" name="tag" value={props.tag} /> : null}
      <label class="visually-hidden" for="q">
        {props.label}
      </label>
      <input type="text" id="q" name="q" placeholder={props.placeholder} required />
      <button type="submit">{t("common.ask")}</button>
      {may ? null : <p class="meta">{t("survival.signInToAsk")}</p>}
    </form>
  );
}

function LargeTypeToggle(props: PageChrome & { back: string }) {
  const on = props.theme === "survival";
  return (
    <form method="post" action="/settings/theme" class="row">
      <input type="hidden" name="theme" value={on ? "auto" : "survival"} />
      <input type="hidden" name="back" value={props.back} />
      <button type="submit" class="quiet" aria-pressed={on ? "true" : "false"}>
        {props.i18n.t(on ? "survival.largeOn" : "survival.largeOff")}
      </button>
    </form>
  );
}

/** The survival landing page: category tiles, an ask box, and the large-type toggle. Works with no model. */
export function SurvivalPage(props: PageChrome & { categories: string[]; libraryLine: string; notices: string[] }) {
  const t = props.i18n.t;
  return (
    <Layout
      title={`${t("survival.title")} — Almanac`}
      page="survival"
      theme={props.theme}
      viewer={props.viewer}
      i18n={props.i18n}
    >
      <div class="row">
        <h1 style="margin-inline-end:auto">{t("survival.title")}</h1>
        <LargeTypeToggle {...props} back="/survival" />
      </div>
      <p class="meta">{props.libraryLine}</p>
      {props.notices.map((n) => (
        <p role="alert" class="warning">
          {n}
        </p>
      ))}
      <ul class="tiles" aria-label={t("survival.topics")}>
        {props.categories.map((c) => (
          <li>
            <a href={`/survival/${c}`}>
              <TopicIcon topic={c} />
              <span>{topicName(props.i18n, c)}</span>
            </a>
          </li>
        ))}
      </ul>
      <AskForm {...props} label={t("common.question")} placeholder={t("survival.placeholder")} />
    </Layout>
  );
}

/** One category's best passages, each opening in the reader. */
export function CategoryPage(props: PageChrome & { category: string; passages: PassageView[]; categories: string[] }) {
  const t = props.i18n.t;
  const name = topicName(props.i18n, props.category);
  return (
    <Layout
      title={`${name} — ${t("survival.title")} — Almanac`}
      page="survival"
      theme={props.theme}
      viewer={props.viewer}
      i18n={props.i18n}
    >
      <p>
        <a href="/survival">{t("survival.allTopics")}</a>
      </p>
      <div class="row">
        <h1 style="margin-inline-end:auto">{name}</h1>
        <LargeTypeToggle {...props} back={`/survival/${props.category}`} />
      </div>
      {props.passages.length === 0 ? (
        <p>{t("survival.empty", { name })}</p>
      ) : (
        <ol class="sources">
          {props.passages.map((p) => (
            <li data-speak-scope>
              <div class="where">
                <a href={p.url}>{p.label}</a>
              </div>
              {p.dated ? <p class="meta">{p.dated}</p> : null}
              <PassageText text={p.text} />
              <ReadAloud i18n={props.i18n} />
              <p>
                <a href={p.url}>{t("survival.read")}</a>
                {p.steps > 0 ? <span class="meta"> · {t("survival.steps", { steps: p.steps })}</span> : null}
              </p>
            </li>
          ))}
        </ol>
      )}
      <AskForm
        {...props}
        label={t("survival.questionAbout", { name })}
        placeholder={t("survival.askAbout", { name })}
        tag={props.category}
      />
    </Layout>
  );
}
