import { type Context, Hono } from "hono";
import { ChatPage } from "../../../views/chat.js";
import { conversationJsonl, importConversationsJsonl, importMessages } from "../../state/conversation-export.js";
import { conversationMarkdown, parseConversationsMarkdown } from "../../state/conversation-markdown.js";
import { ownerOf } from "../conversation-owner.js";
import { type ChatDeps, type ChatServices, PendingAnswers, threadViews } from "./answer-runner.js";
import { askQuestion, editQuestion, retryAnswer, showBranch } from "./chat-ask.js";
import {
  deleteConversation,
  exportConversation,
  exportResponse,
  rateAnswer,
  renameConversation,
} from "./chat-manage.js";
import { stopAnswer, streamAnswer } from "./chat-stream.js";
import { chromeOf } from "./chrome.js";
import { libraryLine, libraryNotices } from "./library-summary.js";
import { MessagePage } from "./message-page.js";

/** Largest conversations file `POST /chat/import` reads, bytes. */
const MAX_IMPORT_BYTES = 32 * 2 ** 20;

/**
 * Chat routes: `GET /chat` and `/chat/:id` (the page), `POST /chat/ask`
 * (saves the question; with htmx it returns the question and a streaming
 * answer placeholder, without JavaScript it answers and redirects),
 * `GET /ui/answer/:id/stream` (SSE: `status`, `token`, `done`),
 * `POST /ui/answer/:id/stop`, rename, delete and export. Conversations are the
 * browser's own (its owner cookie); another browser's id reads as not found.
 */
export function chatRoutes(services: ChatServices): Hono {
  const d: ChatDeps = { services, pending: new PendingAnswers() };
  const r = new Hono();
  r.get("/chat/:file{export\\.(md|jsonl)}", (c) => exportAll(c, d));
  r.post("/chat/import", (c) => importConversations(c, d));
  r.get("/chat", (c) => chatPage(c, d, null));
  r.get("/chat/:id", (c) => chatPage(c, d, c.req.param("id")));
  r.post("/chat/ask", (c) => askQuestion(c, d));
  r.post("/chat/:id/messages/:mid/edit", (c) => editQuestion(c, d));
  r.post("/chat/:id/messages/:mid/retry", (c) => retryAnswer(c, d));
  r.post("/chat/:id/messages/:mid/show", (c) => showBranch(c, d));
  r.get("/ui/answer/:id/stream", (c) => streamAnswer(c, d));
  r.post("/ui/answer/:id/stop", (c) => stopAnswer(c, d));
  r.post("/chat/:id/messages/:mid/rate", (c) => rateAnswer(c, d));
  r.post("/chat/:id/rename", (c) => renameConversation(c, d));
  r.post("/chat/:id/delete", (c) => deleteConversation(c, d));
  r.get("/chat/:id/:file{export\\.(md|jsonl)}", (c) => exportConversation(c, d));
  return r;
}

/** `GET /chat` and `GET /chat/:id`: the conversation list (filtered by `?find=`), the thread on show and the ask form. */
async function chatPage(c: Context, d: ChatDeps, id: string | null): Promise<Response> {
  const store = d.services.conversations;
  const owner = ownerOf(c);
  const find = (c.req.query("find") ?? "").slice(0, 200);
  const current = id ? store.get(owner, id) : undefined;
  const chrome = chromeOf(c);
  if (id && !current)
    return c.html(
      <MessagePage chrome={chrome} title={chrome.i18n.t("common.notFound")} message={chrome.i18n.t("chat.missing")} />,
      404,
    );
  const status = await d.services.status();
  return c.html(
    <ChatPage
      {...chrome}
      conversations={store.list(owner, find)}
      current={current ?? null}
      messages={current ? threadViews(store, current.id, chrome.i18n) : []}
      find={find}
      draft={(c.req.query("q") ?? "").slice(0, 2000)}
      libraryLine={libraryLine(status, chrome.i18n)}
      notices={libraryNotices(status, chrome.i18n)}
    />,
  );
}

/** `GET /chat/export.{md,jsonl}`: every conversation of the owner as one JSON Lines (every branch) or Markdown (the branches on show) file. */
function exportAll(c: Context, d: ChatDeps): Response {
  const store = d.services.conversations;
  const md = c.req.param("file")?.endsWith(".md") === true;
  const body = store
    .list(ownerOf(c), "", 100_000)
    .reverse()
    .map((conv) => {
      const { thread, all } = store.thread(conv.id);
      return md ? conversationMarkdown(conv, thread) : conversationJsonl(conv, all);
    })
    .join(md ? "\n" : "");
  return exportResponse(c, "almanac-conversations", md, body);
}

/** `POST /chat/import`: the way back in for an export (`.jsonl`, or Markdown), as new conversations of the owner. */
async function importConversations(c: Context, d: ChatDeps): Promise<Response> {
  const store = d.services.conversations;
  const form = await c.req.parseBody();
  const file = form.file;
  const chrome = chromeOf(c);
  const refuse = (message: string, status: 400 | 413) =>
    c.html(<MessagePage chrome={chrome} title={chrome.i18n.t("chat.importFailed")} message={message} />, status);
  if (!(file instanceof File) || file.size === 0) return refuse(chrome.i18n.t("chat.importChoose"), 400);
  if (file.size > MAX_IMPORT_BYTES)
    return refuse(chrome.i18n.t("chat.importTooLarge", { mb: MAX_IMPORT_BYTES / 2 ** 20 }), 413);
  const text = await file.text();
  const markdown = /\.(md|markdown)$/i.test(file.name) || !text.trimStart().startsWith("{");
  const result = markdown
    ? importMessages(store, ownerOf(c), parseConversationsMarkdown(text))
    : importConversationsJsonl(store, ownerOf(c), text);
  if (result.messages === 0) return refuse(chrome.i18n.t("chat.importEmpty"), 400);
  return c.redirect(`/chat?imported=${result.conversations}`, 303);
}
