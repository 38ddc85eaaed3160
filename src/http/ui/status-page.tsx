import { type Context, Hono } from "hono";
import { StatusPage } from "../../../views/status.js";
import type { AppServices } from "../../app/services.js";
import { AlmanacError } from "../../errors.js";
import type { MessageKey } from "../../i18n/index.js";
import { MODEL_PRESETS } from "../../models/presets.js";
import { folderBytes } from "../../state/disk-usage.js";
import { requestLanAddresses } from "../lan-urls.js";
import { receiveModelUpload } from "../model-upload.js";
import { chromeOf } from "./chrome.js";
import { MessagePage } from "./message-page.js";

/** The presets `almanac models pull` knows, chat models first: the hint under "Add a GGUF model" names them. */
const PRESET_NAMES = [...MODEL_PRESETS]
  .sort((a, b) => Number(b.role === "chat") - Number(a.role === "chat"))
  .map((p) => p.name);

/** How long the status page's disk-use figure is kept before the data folder is walked again, ms. */
const DISK_TTL_MS = 30_000;

/** What the status page and its model forms use. */
export type StatusServices = Pick<AppServices, "config" | "models" | "status">;

/** What the status page is given: the services, and the last disk-use figure with when it was taken. */
export interface StatusDeps {
  readonly services: StatusServices;
  disk: { at: number; bytes: number };
}

/** `GET /status`: HTML for browsers (the models folder rescanned first), JSON for `?format=json` or clients that do not accept HTML. */
export async function statusPage(c: Context, d: StatusDeps): Promise<Response> {
  const { config, models } = d.services;
  const wantsHtml = c.req.query("format") !== "json" && (c.req.header("accept") ?? "").includes("text/html");
  // The page lists what is in the models folder now; JSON clients polling every few seconds skip the header reads.
  if (wantsHtml) await models.runtime.rescan();
  const status = await d.services.status();
  if (!wantsHtml) return c.json(status);
  if (Date.now() - d.disk.at > DISK_TTL_MS) d.disk = { at: Date.now(), bytes: await folderBytes(config.dataDir) };
  const addresses = await requestLanAddresses(c.req.url, config.host, config.port);
  return c.html(
    <StatusPage
      {...chromeOf(c)}
      status={status}
      diskBytes={d.disk.bytes}
      dataDir={config.dataDir}
      switched={c.req.query("switched") ?? null}
      uploaded={c.req.query("uploaded") ?? null}
      unloaded={c.req.query("unloaded") ?? null}
      unloadedRole={c.req.query("role") === "reranker" ? "reranker" : "chat"}
      reranker={c.req.query("reranker") ?? null}
      addresses={addresses}
      modelsDir={config.modelsDir}
      presets={PRESET_NAMES}
    />,
  );
}

/**
 * The status page's model forms, plain posts that work without JavaScript: `POST /status/models/use`,
 * `/unload` and `/upload`. Success redirects back to the models section; a missing file or the wrong kind
 * of model is the form's fault (4xx), a model that fails to load ours.
 */
export function modelRoutes(services: StatusServices): Hono {
  const r = new Hono();
  r.post("/status/models/use", (c) => modelForm(c, "status.notSwitched", () => useModel(c, services)));
  r.post("/status/models/unload", (c) => modelForm(c, "status.notUnloaded", () => unloadModel(c, services)));
  // Streamed to the models folder, never parsed into memory.
  r.post("/status/models/upload", (c) => modelForm(c, "status.notAdded", () => uploadModel(c, services)));
  return r;
}

/** Runs a model form: redirects to `/status?<query>#models`, or shows why it failed with the error's status. */
async function modelForm(c: Context, failure: MessageKey, run: () => Promise<string>): Promise<Response> {
  try {
    return c.redirect(`/status?${await run()}#models`, 303);
  } catch (err) {
    const status = err instanceof AlmanacError ? err.status : 500;
    const chrome = chromeOf(c);
    // The models' own error text stays as they wrote it (English): it names files and GGUF fields.
    return c.html(
      <MessagePage chrome={chrome} title={chrome.i18n.t(failure)} message={(err as Error).message} />,
      status,
    );
  }
}

/** `POST /status/models/use`: switches the chat model, the reranker or the embedding model to the file posted. */
async function useModel(c: Context, s: StatusServices): Promise<string> {
  const form = await c.req.parseBody();
  const file = typeof form.file === "string" ? form.file : "";
  if (form.role === "embedding") {
    await s.models.useEmbedding(file);
    return "";
  }
  if (form.role === "reranker") return `reranker=${encodeURIComponent((await s.models.useReranker(file)).id)}`;
  const entry = await s.models.useChat(file);
  return `switched=${encodeURIComponent(entry.id)}`;
}

/** `POST /status/models/unload`: unloads the chat model or the reranker. */
async function unloadModel(c: Context, s: StatusServices): Promise<string> {
  const form = await c.req.parseBody();
  const role = form.role === "reranker" ? "reranker" : "chat";
  const entry = s.models.unload(role);
  return entry ? `unloaded=${encodeURIComponent(entry.id)}&role=${role}` : "";
}

/** `POST /status/models/upload`: a GGUF streamed into the models folder. */
async function uploadModel(c: Context, s: StatusServices): Promise<string> {
  const entry = await receiveModelUpload(s, c.req.raw);
  return `uploaded=${encodeURIComponent(entry.id)}`;
}
