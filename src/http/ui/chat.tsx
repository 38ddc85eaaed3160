import { type Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { ChatPage, ConversationList, MessageItem, RatingForm, StreamingAnswer } from "../../../views/chat.js";
import type { Almanac } from "../../app.js";
import { styleOf } from "../../generate/styles.js";
import type { ChatMessage } from "../../models/runtime.js";
import { conversationJsonl, conversationMarkdown, importConversationsJsonl } from "../../state/conversation-export.js";
import { titleFromQuestion } from "../../state/conversations.js";
import { messageView, PendingAnswers, runAnswer } from "./answer-runner.js";
import { chromeOf, ownerOf } from "./chrome.js";
import { libraryLine, libraryNotices } from "./library-summary.js";
import { MessagePage } from "./message-page.js";

/** Earlier turns sent with a question, so follow-ups keep their topic. */
const HISTORY_TURNS = 8;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Chat routes: `GET /chat` and `/chat/:id` (the page), `POST /chat/ask`
 * (saves the question; with htmx it returns the question and a streaming
 * answer placeholder, without JavaScript it answers and redirects),
 * `GET /ui/answer/:id/stream` (SSE: `status`, `token`, `done`),
 * `POST /ui/answer/:id/stop`, rename, delete and export. Conversations are the
 * browser's own (its owner cookie); another browser's id reads as not found.
 */
export function chatRoutes(app: Almanac): Hono {
  const r = new Hono();
  const pending = new PendingAnswers();
  const store = app.conversations;
  const cfg = app.config;

  const page = async (c: Context, id: string | null) => {
    const owner = ownerOf(c);
    const find = (c.req.query("find") ?? "").slice(0, 200);
    const current = id ? store.get(owner, id) : undefined;
    if (id && !current)
      return c.html(
        <MessagePage
          chrome={chromeOf(c)}
          title="Not found"
          message="That conversation does not exist (or was deleted)."
        />,
        404,
      );
    const status = await app.status();
    return c.html(
      <ChatPage
        {...chromeOf(c)}
        conversations={store.list(owner, find)}
        current={current ?? null}
        messages={current ? store.messages(current.id).map(messageView) : []}
        find={find}
        libraryLine={libraryLine(status)}
        notices={libraryNotices(status)}
      />,
    );
  };
  // Every conversation of this browser as one JSON Lines file, and the way back in.
  r.get("/chat/export.jsonl", (c) => {
    const owner = ownerOf(c);
    const body = store
      .list(owner, "", 100_000)
      .reverse()
      .map((conv) => conversationJsonl(conv, store.messages(conv.id)))
      .join("");
    c.header("content-disposition", "attachment; filename=almanac-conversations.jsonl");
    c.header("content-type", "application/x-ndjson; charset=utf-8");
    return c.body(body);
  });
  r.post("/chat/import", async (c) => {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File) || file.size === 0) return c.text("choose a .jsonl file exported from Almanac", 400);
    if (file.size > 32 * 2 ** 20) return c.text("the file is over 32 MB", 413);
    const result = importConversationsJsonl(store, ownerOf(c), await file.text());
    if (result.messages === 0) return c.text("no messages found in that file", 400);
    return c.redirect(`/chat?imported=${result.conversations}`, 303);
  });
  r.get("/chat", (c) => page(c, null));
  r.get("/chat/:id", (c) => page(c, c.req.param("id")));

  r.post("/chat/ask", async (c) => {
    const owner = ownerOf(c);
    const form = await c.req.parseBody();
    const q = typeof form.q === "string" ? form.q.trim().slice(0, cfg.maxMessageChars) : "";
    const tag = typeof form.tag === "string" && form.tag ? form.tag : null;
    if (!q) return c.html(<p class="meta">Type a question first.</p>, 400);
    const asked = typeof form.conversation === "string" ? store.get(owner, form.conversation) : undefined;
    const conversation = asked ?? store.create(owner, titleFromQuestion(q));
    const history: ChatMessage[] = store
      .messages(conversation.id)
      .slice(-HISTORY_TURNS)
      .map((m) => ({ role: m.role, content: m.content }));
    history.push({ role: "user", content: q });
    const question = store.add(conversation.id, { role: "user", content: q });
    const job = {
      owner,
      conversationId: conversation.id,
      history,
      filter: tag ? { tags: [tag] } : null,
      style: styleOf(form.style),
    };
    if (!c.req.header("hx-request")) {
      // No JavaScript: answer now, then show the saved conversation.
      const p = pending.start(pending.add(job), owner);
      if (!p) throw new Error("pending answer vanished");
      const saved = await runAnswer(app, p);
      return c.redirect(`/chat/${conversation.id}#m-${saved.id}`, 303);
    }
    const id = pending.add(job);
    c.header("HX-Push-Url", `/chat/${conversation.id}`);
    return c.html(
      <>
        <MessageItem message={messageView(question)} />
        <StreamingAnswer pendingId={id} />
        <input type="hidden" name="conversation" id="conversation" value={conversation.id} hx-swap-oob="true" />
        {asked ? null : (
          <div id="conversations" hx-swap-oob="outerHTML">
            <ConversationList conversations={store.list(owner)} currentId={conversation.id} find="" />
          </div>
        )}
      </>,
    );
  });

  r.get("/ui/answer/:id/stream", (c) => {
    const owner = ownerOf(c);
    const id = c.req.param("id");
    const p = pending.start(id, owner);
    return streamSSE(c, async (stream) => {
      if (!p) {
        await stream.writeSSE({
          event: "done",
          data: '<div class="msg assistant"><p class="meta">This answer is no longer running; reload the page to see it.</p></div>',
        });
        return;
      }
      // The browser going away (tab closed) stops the generation like the Stop button does.
      stream.onAbort(() => p.controller.abort());
      let queue = Promise.resolve();
      const send = (event: string, data: string) => {
        queue = queue.then(() => stream.writeSSE({ event, data })).catch(() => {});
      };
      try {
        const saved = await runAnswer(app, p, {
          onStatus: (t) => send("status", escapeHtml(t)),
          onText: (t) => send("token", escapeHtml(t)),
        });
        await queue;
        send("done", String(await (<MessageItem message={messageView(saved)} />).toString()));
      } catch (err) {
        app.log.error({ err: (err as Error).message }, "answer failed");
        send(
          "done",
          '<div class="msg assistant"><p role="alert" class="warning">The answer failed; see the server log.</p></div>',
        );
      } finally {
        pending.finish(id);
        await queue;
      }
    });
  });

  r.post("/ui/answer/:id/stop", (c) => {
    const stopped = pending.stop(c.req.param("id"), ownerOf(c));
    if (c.req.header("hx-request")) return c.body(null, stopped ? 204 : 404);
    return c.redirect("/chat", 303);
  });

  r.post("/chat/:id/messages/:mid/rate", async (c) => {
    const form = await c.req.parseBody();
    const id = c.req.param("id");
    const mid = Number(c.req.param("mid"));
    const choice = typeof form.rating === "string" ? form.rating : "";
    const rating = choice === "up" ? 1 : choice === "down" ? -1 : null;
    const note = typeof form.note === "string" ? form.note : "";
    if (!Number.isInteger(mid) || !store.rate(ownerOf(c), id, mid, rating, note)) return c.text("no such answer", 404);
    if (c.req.header("hx-request") !== "true") return c.redirect(`/chat/${id}#m-${mid}`, 303);
    const saved = store.messages(id).find((m) => m.id === mid);
    return c.html(
      <RatingForm
        url={`/chat/${id}/messages/${mid}/rate`}
        rating={saved?.rating ?? null}
        note={saved?.ratingNote ?? null}
      />,
    );
  });
  r.post("/chat/:id/rename", async (c) => {
    const form = await c.req.parseBody();
    const id = c.req.param("id");
    store.rename(ownerOf(c), id, typeof form.title === "string" ? form.title : "");
    return c.redirect(`/chat/${id}`, 303);
  });
  r.post("/chat/:id/delete", (c) => {
    store.delete(ownerOf(c), c.req.param("id"));
    return c.redirect("/chat", 303);
  });
  r.get("/chat/:id/:file{export\\.(md|jsonl)}", (c) => {
    const conversation = store.get(ownerOf(c), c.req.param("id"));
    if (!conversation) return c.text("no such conversation", 404);
    const rows = store.messages(conversation.id);
    const md = c.req.param("file").endsWith(".md");
    const name = `${
      conversation.title
        .replace(/[^\p{L}\p{N} _-]+/gu, "")
        .trim()
        .slice(0, 60) || "conversation"
    }.${md ? "md" : "jsonl"}`;
    c.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    c.header("content-type", md ? "text/markdown; charset=utf-8" : "application/x-ndjson; charset=utf-8");
    return c.body(md ? conversationMarkdown(conversation, rows) : conversationJsonl(conversation, rows));
  });
  return r;
}
