import { type Context, Hono } from "hono";
import { THEMES } from "../../../views/layout.js";
import { type HitView, SearchPage } from "../../../views/search.js";
import { SettingsPage, StatusPage } from "../../../views/status.js";
import { CategoryPage, SurvivalPage } from "../../../views/survival.js";
import type { Almanac } from "../../app/almanac.js";
import { AlmanacError } from "../../errors.js";
import { oldSourceLine } from "../../generate/dated.js";
import { citationLabel, excerptOf, toSources } from "../../generate/sources.js";
import { categoryPassages } from "../../generate/survival.js";
import { CATEGORY_NAMES, type SurvivalCategory } from "../../ingest/categories.js";
import { DOC_ID } from "../../library/paths.js";
import { searchFilter } from "../../retrieve/filter.js";
import { highlightTerms } from "../../retrieve/highlight.js";
import { limitNotice, parseQuery } from "../../retrieve/query-syntax.js";
import { folderBytes } from "../../state/disk-usage.js";
import { PAGE_SETTINGS, saveSetting } from "../../state/settings.js";
import { receiveModelUpload } from "../model-upload.js";
import { chromeOf, intParam, safeBack, setTheme } from "./chrome.js";
import { libraryLine, libraryNotices } from "./library-summary.js";
import { MessagePage } from "./message-page.js";

/** Search results per page, and the deepest page served. */
const PAGE_SIZE = 10;
const MAX_PAGE = 20;
const FORMATS = ["epub", "pdf", "html", "zim", "media", "markdown", "text"];

/**
 * Survival, search, status and settings pages:
 * `GET /survival`, `GET /survival/:category`, `GET /search`, `GET /status`
 * (HTML for browsers, JSON for `?format=json` or clients that do not accept
 * HTML), `GET /settings`, `POST /settings`, `POST /settings/theme`.
 */
export function pageRoutes(app: Almanac): Hono {
  const r = new Hono();
  let disk = { at: 0, bytes: 0 };

  r.get("/survival", async (c) => {
    const status = await app.status();
    return c.html(
      <SurvivalPage
        {...chromeOf(c)}
        categories={CATEGORY_NAMES}
        libraryLine={libraryLine(status)}
        notices={libraryNotices(status)}
      />,
    );
  });
  r.get("/survival/:category", async (c) => {
    const category = CATEGORY_NAMES.find((n) => n === c.req.param("category"));
    if (!category)
      return c.html(
        <MessagePage chrome={chromeOf(c)} title="Not found" message="There is no such survival topic." />,
        404,
      );
    const passages = await categoryPassages(
      app.retriever,
      category as SurvivalCategory,
      (d, o) => app.pages.labelAt(d, o),
      app.documentMeta,
    );
    return c.html(
      <CategoryPage
        {...chromeOf(c)}
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
  });

  r.get("/search", async (c) => {
    const q = (c.req.query("q") ?? "").trim().slice(0, 500);
    const form = {
      q,
      collection: c.req.query("collection") ?? "",
      tag: c.req.query("tag") ?? "",
      format: FORMATS.includes(c.req.query("format") ?? "") ? (c.req.query("format") as string) : "",
      doc: DOC_ID.test(c.req.query("doc") ?? "") ? (c.req.query("doc") as string) : "",
      collections: app.indexer.collections(),
      tags: [...CATEGORY_NAMES],
      formats: FORMATS,
    };
    const page = Math.min(MAX_PAGE, Math.max(1, intParam(c.req.query("page")) ?? 1));
    let hits: HitView[] = [];
    let hasNext = false;
    let ms: number | null = null;
    if (q) {
      const t0 = performance.now();
      const results = await app.retriever.search(q, {
        k: page * PAGE_SIZE + 1,
        filter: searchFilter({
          collection: form.collection,
          tags: form.tag ? [form.tag] : [],
          format: form.format,
          docId: form.doc,
        }),
      });
      ms = performance.now() - t0;
      hasNext = results.length > page * PAGE_SIZE && page < MAX_PAGE;
      const sources = toSources(results, (d, o) => app.pages.labelAt(d, o), app.documentMeta);
      hits = sources.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((s) => ({
        rank: s.index,
        label: citationLabel(s),
        url: s.url,
        parts: highlightTerms(s.text, q),
        path: s.path,
      }));
    }
    const notice = q ? limitNotice(parseQuery(q)) : null;
    return c.html(
      <SearchPage {...chromeOf(c)} form={form} hits={hits} page={page} hasNext={hasNext} ms={ms} notice={notice} />,
    );
  });

  r.get("/status", async (c) => {
    const wantsHtml = c.req.query("format") !== "json" && (c.req.header("accept") ?? "").includes("text/html");
    // The page lists what is in the models folder now; JSON clients polling every few seconds skip the header reads.
    if (wantsHtml) await app.runtime.rescan();
    const status = await app.status();
    if (!wantsHtml) return c.json(status);
    if (Date.now() - disk.at > 30_000) disk = { at: Date.now(), bytes: await folderBytes(app.config.dataDir) };
    return c.html(
      <StatusPage
        {...chromeOf(c)}
        status={status}
        diskBytes={disk.bytes}
        dataDir={app.config.dataDir}
        switched={c.req.query("switched") ?? null}
        uploaded={c.req.query("uploaded") ?? null}
        unloaded={c.req.query("unloaded") ?? null}
        unloadedRole={c.req.query("role") === "reranker" ? "reranker" : "chat"}
        reranker={c.req.query("reranker") ?? null}
      />,
    );
  });

  /**
   * A status-page model form: plain posts, so they work without JavaScript. Success redirects back to the
   * models section; a missing file or the wrong kind of model is the form's fault (4xx), a model that fails to load ours.
   */
  const modelForm = (path: string, failure: string, run: (c: Context) => Promise<string>) =>
    r.post(path, async (c) => {
      try {
        return c.redirect(`/status?${await run(c)}#models`, 303);
      } catch (err) {
        const status = err instanceof AlmanacError ? err.status : 500;
        return c.html(<MessagePage chrome={chromeOf(c)} title={failure} message={(err as Error).message} />, status);
      }
    });
  modelForm("/status/models/use", "Model not switched", async (c) => {
    const form = await c.req.parseBody();
    const file = typeof form.file === "string" ? form.file : "";
    if (form.role === "embedding") {
      await app.models.useEmbedding(file);
      return "";
    }
    if (form.role === "reranker") return `reranker=${encodeURIComponent((await app.models.useReranker(file)).id)}`;
    const entry = await app.models.useChat(file);
    return `switched=${encodeURIComponent(entry.id)}`;
  });
  modelForm("/status/models/unload", "Model not unloaded", async (c) => {
    const form = await c.req.parseBody();
    const role = form.role === "reranker" ? "reranker" : "chat";
    const entry = app.models.unload(role);
    return entry ? `unloaded=${encodeURIComponent(entry.id)}&role=${role}` : "";
  });
  // Streamed to the models folder, never parsed into memory.
  modelForm("/status/models/upload", "Model not added", async (c) => {
    const entry = await receiveModelUpload(app, c.req.raw);
    return `uploaded=${encodeURIComponent(entry.id)}`;
  });

  const settings = (c: Context, saved: boolean, errors: string[] = []) =>
    c.html(
      <SettingsPage
        {...chromeOf(c)}
        topK={app.config.topK}
        maxAnswerTokens={app.config.maxAnswerTokens}
        saved={saved}
        errors={errors}
      />,
      errors.length ? 400 : 200,
    );
  r.get("/settings", (c) => settings(c, c.req.query("saved") === "1"));
  r.post("/settings", async (c) => {
    const form = await c.req.parseBody();
    const errors: string[] = [];
    if (app.lock)
      for (const key of PAGE_SETTINGS) {
        const v = form[key];
        if (typeof v !== "string") continue;
        const err = saveSetting(app.db, app.config, key, v);
        if (err) errors.push(err);
      }
    else errors.push("This process reads the index beside the server and cannot save settings.");
    return errors.length ? settings(c, false, errors) : c.redirect("/settings?saved=1", 303);
  });
  r.post("/settings/theme", async (c) => {
    const form = await c.req.parseBody();
    const theme = THEMES.find((t) => t === form.theme);
    if (theme) setTheme(c, theme);
    return c.redirect(safeBack(form.back), 303);
  });
  return r;
}
