import { type Context, Hono } from "hono";
import { THEMES } from "../../../views/layout.js";
import { type HitView, SearchPage } from "../../../views/search.js";
import { SettingsPage } from "../../../views/settings.js";
import { CategoryPage, SurvivalPage } from "../../../views/survival.js";
import type { AppServices } from "../../app/services.js";
import { oldSourceLine } from "../../generate/dated.js";
import { citationLabel, excerptOf, toSources } from "../../generate/sources.js";
import { categoryPassages } from "../../generate/survival.js";
import { LOCALES } from "../../i18n/index.js";
import { CATEGORY_NAMES, type SurvivalCategory } from "../../ingest/categories.js";
import { languageTag } from "../../ingest/language.js";
import { DOC_ID } from "../../library/paths.js";
import { searchFilter } from "../../retrieve/filter.js";
import { highlightTerms } from "../../retrieve/highlight.js";
import { limitNotice, parseQuery } from "../../retrieve/query-syntax.js";
import { PAGE_SETTINGS } from "../../state/settings.js";
import {
  accountLocaleOf,
  chosenLocaleOf,
  chromeOf,
  i18nOf,
  intParam,
  safeBack,
  setLocale,
  setTheme,
} from "./chrome.js";
import { libraryLine, libraryNotices } from "./library-summary.js";
import { MessagePage } from "./message-page.js";
import { modelRoutes, type StatusDeps, statusPage } from "./status-page.js";

/** Search results per page, and the deepest page served. */
const PAGE_SIZE = 10;
const MAX_PAGE = 20;
const FORMATS = ["epub", "pdf", "html", "zim", "media", "markdown", "text"];

/** What the survival, search, status and settings pages use. */
export type PageServices = Pick<
  AppServices,
  "accounts" | "config" | "library" | "models" | "search" | "settings" | "status" | "writable"
>;

/**
 * Survival, search, status and settings pages:
 * `GET /survival`, `GET /survival/:category`, `GET /search`, `GET /status`
 * (HTML for browsers, JSON for `?format=json` or clients that do not accept
 * HTML), the status page's model forms, `GET /settings`, `POST /settings`, `POST /settings/theme`,
 * `POST /settings/language`.
 */
export function pageRoutes(services: PageServices): Hono {
  const d: StatusDeps = { services, disk: { at: 0, bytes: 0 } };
  const r = new Hono();
  r.get("/survival", (c) => survivalPage(c, services));
  r.get("/survival/:category", (c) => categoryPage(c, services));
  r.get("/search", (c) => searchPage(c, services));
  r.get("/status", (c) => statusPage(c, d));
  r.route("/", modelRoutes(services));
  r.get("/settings", (c) => settingsPage(c, services, c.req.query("saved") === "1"));
  r.post("/settings", (c) => saveSettings(c, services));
  r.post("/settings/theme", (c) => saveTheme(c));
  r.post("/settings/language", (c) => saveLanguage(c, services));
  return r;
}

/** `GET /survival`: the survival topics, with the library line and its notices. */
async function survivalPage(c: Context, s: PageServices): Promise<Response> {
  const status = await s.status();
  const chrome = chromeOf(c);
  return c.html(
    <SurvivalPage
      {...chrome}
      categories={CATEGORY_NAMES}
      libraryLine={libraryLine(status, chrome.i18n)}
      notices={libraryNotices(status, chrome.i18n)}
    />,
  );
}

/** `GET /survival/:category`: the topic's passages, each with its steps, and a line under old sources. */
async function categoryPage(c: Context, s: PageServices): Promise<Response> {
  const category = CATEGORY_NAMES.find((n) => n === c.req.param("category"));
  const chrome = chromeOf(c);
  if (!category)
    return c.html(
      <MessagePage
        chrome={chrome}
        title={chrome.i18n.t("common.notFound")}
        message={chrome.i18n.t("survival.missing")}
      />,
      404,
    );
  const passages = await categoryPassages(
    s.search,
    category as SurvivalCategory,
    (d, o) => s.library.pages.labelAt(d, o),
    s.library.meta,
  );
  return c.html(
    <CategoryPage
      {...chrome}
      category={category}
      categories={CATEGORY_NAMES}
      passages={passages.map((p) => ({
        label: citationLabel(p.source),
        url: p.source.url,
        text: excerptOf(p.source.text),
        steps: p.steps,
        dated: p.dated ? oldSourceLine(p.source.year) : null,
      }))}
    />,
  );
}

/** The search form as asked: the query and its filters, each kept only when valid, and the choices offered. */
function searchForm(c: Context, s: PageServices) {
  const format = c.req.query("format") ?? "";
  const doc = c.req.query("doc") ?? "";
  const langs = s.library.documents.languages();
  const lang = c.req.query("lang") ?? "";
  return {
    q: (c.req.query("q") ?? "").trim().slice(0, 500),
    collection: c.req.query("collection") ?? "",
    tag: c.req.query("tag") ?? "",
    format: FORMATS.includes(format) ? format : "",
    doc: DOC_ID.test(doc) ? doc : "",
    collections: s.library.indexer.collections(),
    tags: [...CATEGORY_NAMES],
    formats: FORMATS,
    lang: langs.includes(lang) ? lang : "",
    langs,
  };
}

/** `GET /search`: a page of hits for `?q=` with the filters, query words marked, and how long it took. */
async function searchPage(c: Context, s: PageServices): Promise<Response> {
  const form = searchForm(c, s);
  const { q } = form;
  const page = Math.min(MAX_PAGE, Math.max(1, intParam(c.req.query("page")) ?? 1));
  let hits: HitView[] = [];
  let hasNext = false;
  let ms: number | null = null;
  if (q) {
    const t0 = performance.now();
    const results = await s.search.search(q, {
      k: page * PAGE_SIZE + 1,
      filter: searchFilter({
        collection: form.collection,
        tags: [form.tag, form.lang ? languageTag(form.lang) : ""],
        format: form.format,
        docId: form.doc,
      }),
    });
    ms = performance.now() - t0;
    hasNext = results.length > page * PAGE_SIZE && page < MAX_PAGE;
    const sources = toSources(results, (d, o) => s.library.pages.labelAt(d, o), s.library.meta);
    hits = sources.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((src) => ({
      rank: src.index,
      label: citationLabel(src),
      url: src.url,
      parts: highlightTerms(src.text, q),
      path: src.path,
    }));
  }
  const notice = q ? limitNotice(parseQuery(q)) : null;
  return c.html(
    <SearchPage {...chromeOf(c)} form={form} hits={hits} page={page} hasNext={hasNext} ms={ms} notice={notice} />,
  );
}

/** `GET /settings`, and the answer of a refused save: the answering options and this browser's theme. */
function settingsPage(
  c: Context,
  s: PageServices,
  saved: boolean,
  errors: string[] = [],
): Response | Promise<Response> {
  return c.html(
    <SettingsPage
      {...chromeOf(c)}
      chosenLocale={chosenLocaleOf(c) ?? accountLocaleOf(c)}
      signedIn={c.get("principal").account !== undefined}
      topK={s.config.topK}
      maxAnswerTokens={s.config.maxAnswerTokens}
      anonymousRole={s.config.anonymousRole}
      saved={saved}
      errors={errors}
    />,
    errors.length ? 400 : 200,
  );
}

/** `POST /settings`: saves each page setting posted ({@link PAGE_SETTINGS}); a bad value is shown, not saved. */
async function saveSettings(c: Context, s: PageServices): Promise<Response> {
  const form = await c.req.parseBody();
  const errors: string[] = [];
  if (s.writable)
    for (const key of PAGE_SETTINGS) {
      const v = form[key];
      if (typeof v !== "string") continue;
      const err = s.settings.save(key, v);
      if (err) errors.push(err);
    }
  else errors.push(i18nOf(c).t("settings.readOnly"));
  return errors.length ? settingsPage(c, s, false, errors) : c.redirect("/settings?saved=1", 303);
}

/** `POST /settings/theme`: remembers this browser's theme and goes back. */
async function saveTheme(c: Context): Promise<Response> {
  const form = await c.req.parseBody();
  const theme = THEMES.find((t) => t === form.theme);
  if (theme) setTheme(c, theme);
  return c.redirect(safeBack(form.back), 303);
}

/**
 * `POST /settings/language`: remembers this browser's language (`auto` forgets it) and, for a signed-in
 * account, saves it to the account too, so the next device it signs in on starts in it; then goes back.
 */
async function saveLanguage(c: Context, s: Pick<PageServices, "accounts" | "writable">): Promise<Response> {
  const form = await c.req.parseBody();
  const locale = LOCALES.find((l) => l === form.lang);
  if (locale || form.lang === "auto") {
    setLocale(c, locale ?? null);
    const account = c.get("principal").account;
    // A read-only process cannot write the state database; the device's cookie still carries the choice.
    if (account && s.writable) s.accounts.users.setLanguage(account.id, locale ?? null);
  }
  return c.redirect(safeBack(form.back), 303);
}
