import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppServices } from "../app/services.js";
import { publicSource, toSources } from "../generate/sources.js";
import { SEARCH_MODES, searchFilter } from "../retrieve/filter.js";
import { limitNotice, parseQuery } from "../retrieve/query-syntax.js";
import { conversationJson } from "../state/conversation-export.js";
import { ownerOf } from "./conversation-owner.js";
import { describeZodError, openAiError } from "./errors.js";
import { receiveModelUpload } from "./model-upload.js";

/** `GET /api/search` query parameters. */
export const SearchQuery = z.object({
  q: z.string().trim().min(1, "q is required").max(2000),
  k: z.coerce.number().int().min(1).max(100).default(10),
  tags: z.string().optional(),
  collection: z.string().optional(),
  document: z.string().optional(),
  mode: z.enum(SEARCH_MODES).default("auto"),
});

/** `POST /api/models/use` body: the role to switch and a file name in the models folder. */
export const UseModelBody = z.object({
  role: z.enum(["chat", "embedding", "reranker"]),
  file: z.string().trim().min(1, "file is required").max(255),
});

/** What the JSON API uses: search, the library's page labels and metadata, the models, the conversations. */
export type ApiServices = Pick<AppServices, "search" | "library" | "models" | "conversations">;

/** The 400 for a zod failure: every issue in one message, the first offending field as `param`. */
function badRequest(c: Context, error: z.ZodError): Response {
  const { message, param } = describeZodError(error);
  return openAiError(c, 400, message, "invalid_request_error", param);
}

/** `GET /api/search`: ranked passages with their scores, citation and text. */
async function searchPassages(c: Context, { search, library }: ApiServices): Promise<Response> {
  const parsed = SearchQuery.safeParse(c.req.query());
  if (!parsed.success) return badRequest(c, parsed.error);
  const { q, k, mode, collection, document } = parsed.data;
  const filter = searchFilter({ tags: parsed.data.tags, collection, docId: document });
  const t0 = performance.now();
  // Errors are typed: an unsupported mode is the client's 400, a storage failure our 503 (see server.tsx onError).
  const results = await search.search(q, { k, filter, mode });
  const sources = toSources(results, (d, o) => library.pages.labelAt(d, o), library.meta);
  return c.json({
    query: q,
    mode: mode === "auto" ? search.defaultMode : mode,
    took_ms: Number((performance.now() - t0).toFixed(2)),
    indexing: library.indexer.busy,
    // Why the query was simplified (past QUERY_LIMITS), or null.
    notice: limitNotice(parseQuery(q)),
    results: results.map((r, i) => ({
      rank: i + 1,
      score: r.score,
      bm25: r.bm25,
      cosine: r.cosine,
      rerank: r.rerank,
      document: r.chunk.doc_id,
      citation: publicSource(sources[i]!, new URL(c.req.url).origin),
      text: r.chunk.text,
    })),
  });
}

/** `POST /api/models/use`: switches a role's model (the embedding switch re-embeds in the background: 202). */
async function useModel(c: Context, { models }: ApiServices): Promise<Response> {
  const parsed = UseModelBody.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) return badRequest(c, parsed.error);
  if (parsed.data.role === "embedding") {
    // The re-embedding runs in the background; its progress is in /status (`embeddingSwitch`).
    const { entry } = await models.useEmbedding(parsed.data.file);
    return c.json({ role: "embedding", model: entry, progress: models.embeddingSwitch }, 202);
  }
  if (parsed.data.role === "reranker")
    return c.json({ role: "reranker", model: await models.useReranker(parsed.data.file) });
  // ModelChoiceError is a 404 or 400 through the server's error handler; a load failure keeps the old model.
  const entry = await models.useChat(parsed.data.file);
  return c.json({ role: "chat", model: entry });
}

/** `POST /api/models/unload`: unloads the chat model or the reranker (the embedding model is switched instead). */
async function unloadModel(c: Context, { models }: ApiServices): Promise<Response> {
  const body = (await c.req.json().catch(() => null)) as { role?: unknown } | null;
  if (body?.role !== "chat" && body?.role !== "reranker")
    return openAiError(
      c,
      400,
      "the chat model or the reranker can be unloaded; the embedding model is switched instead",
      "invalid_request_error",
      "role",
    );
  return c.json({ role: body.role, unloaded: models.unload(body.role) });
}

/** `GET /api/conversations[?q=]` and `GET /api/conversations/:id`: the caller's own saved conversations. */
function mountConversationRoutes(r: Hono, { conversations }: ApiServices): void {
  r.get("/conversations", (c) => {
    const list = conversations.list(ownerOf(c), c.req.query("q") ?? "");
    return c.json({
      object: "list",
      data: list.map((v) => ({ id: v.id, title: v.title, created_at: v.createdAt, updated_at: v.updatedAt })),
    });
  });
  r.get("/conversations/:id", (c) => {
    const conversation = conversations.get(ownerOf(c), c.req.param("id"));
    if (!conversation)
      return openAiError(c, 404, "conversation not found", "invalid_request_error", "id", "conversation_not_found");
    return c.json(conversationJson(conversation, conversations.messages(conversation.id)));
  });
}

/**
 * JSON API routes (who may use each: the route table in `access.ts`).
 * `GET /api/search` returns ranked passages with scores and citations;
 * `GET /api/conversations[?q=]` lists the caller's own saved conversations
 * and `GET /api/conversations/:id` returns one with its messages (another
 * account's id is 404). `GET /api/models` lists every GGUF file in the
 * models folder with its header facts and load state; `POST /api/models/use`
 * `{ role: "chat", file }` switches the chat model without a restart (answers
 * in flight finish on the old one); `POST /api/models/upload` adds one
 * (multipart, 201); `POST /api/models/unload` unloads the chat model or the reranker.
 * Refusals are OpenAI-shaped 400s naming the parameter; typed errors go through the server's error handler.
 */
export function apiRoutes(services: ApiServices): Hono {
  const r = new Hono();
  r.get("/search", (c) => searchPassages(c, services));
  r.get("/models", async (c) => {
    await services.models.runtime.rescan();
    return c.json({ object: "list", data: services.models.runtime.info().models });
  });
  // ModelFileError (400, 409, 413) goes through the server's error handler as an OpenAI-shaped error.
  r.post("/models/upload", async (c) => c.json({ model: await receiveModelUpload(services, c.req.raw) }, 201));
  r.post("/models/use", (c) => useModel(c, services));
  r.post("/models/unload", (c) => unloadModel(c, services));
  mountConversationRoutes(r, services);
  return r;
}
