import { type Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { ChatPage, ConversationList, MessageItem, RatingForm, StreamingAnswer } from "../../../views/chat.js";
import type { Almanac } from "../../app/almanac.js";
import { ChatQueueFullError, ChatTimeoutError } from "../../errors.js";
import { promptHistory } from "../../generate/memory.js";
import { styleOf } from "../../generate/styles.js";
import type { ChatMessage } from "../../models/chat-model.js";
import { searchFilter } from "../../retrieve/filter.js";
import { conversationJsonl, importConversationsJsonl, importMessages } from "../../state/conversation-export.js";
import { conversationMarkdown, parseConversationsMarkdown } from "../../state/conversation-markdown.js";
import { branchPositions, threadOf } from "../../state/conversation-tree.js";
import { type Conversation, type MessageRow, titleFromQuestion } from "../../state/conversations.js";
import { ownerOf } from "../conversation-owner.js";
import { messageView, PendingAnswers, runAnswer, threadViews, upkeepConversation } from "./answer-runner.js";
import { chromeOf, formField } from "./chrome.js";
import { askFirst } from "./confirm.js";
import { libraryLine, libraryNotices } from "./library-summary.js";
import { MessagePage } from "./message-page.js";

/** An export download: `<name>.md` (Markdown) or `<name>.jsonl` (JSON Lines), with a UTF-8 file name. */
function exportResponse(c: Context, name: string, md: boolean, body: string): Response {
  c.header(
    "content-disposition",
    `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${md ? "md" : "jsonl"}`)}`,
  );
  c.header("content-type", md ? "text/markdown; charset=utf-8" : "application/x-ndjson; charset=utf-8");
  return c.body(body);
}

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
  const questionOf = (form: Record<string, unknown>) => formField(form, "q").trim().slice(0, cfg.maxMessageChars);

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
        messages={current ? threadViews(app, current.id) : []}
        find={find}
        libraryLine={libraryLine(status)}
        notices={libraryNotices(status)}
      />,
    );
  };
  // Every conversation of the owner as one JSON Lines (every branch) or Markdown (the branches on show) file, and the way back in.
  r.get("/chat/:file{export\\.(md|jsonl)}", (c) => {
    const md = c.req.param("file").endsWith(".md");
    const body = store
      .list(ownerOf(c), "", 100_000)
      .reverse()
      .map((conv) => {
        const { thread, all } = store.thread(conv.id);
        return md ? conversationMarkdown(conv, thread) : conversationJsonl(conv, all);
      })
      .join(md ? "\n" : "");
    return exportResponse(c, "almanac-conversations", md, body);
  });
  r.post("/chat/import", async (c) => {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File) || file.size === 0)
      return c.text("choose a .jsonl or .md file exported from Almanac", 400);
    if (file.size > 32 * 2 ** 20) return c.text("the file is over 32 MB", 413);
    const text = await file.text();
    const markdown = /\.(md|markdown)$/i.test(file.name) || !text.trimStart().startsWith("{");
    const result = markdown
      ? importMessages(store, ownerOf(c), parseConversationsMarkdown(text))
      : importConversationsJsonl(store, ownerOf(c), text);
    if (result.messages === 0) return c.text("no messages found in that file", 400);
    return c.redirect(`/chat?imported=${result.conversations}`, 303);
  });
  r.get("/chat", (c) => page(c, null));
  r.get("/chat/:id", (c) => page(c, c.req.param("id")));

  /**
   * Answers a saved question: the history is the thread before it (with the
   * conversation's summary, `generate/memory.ts`). With htmx the reply is the
   * question and a streaming answer, appended to the thread or (`replace`,
   * for an edit or a retry) replacing it, and with `sidebar` the refreshed
   * conversation list; without JavaScript it answers now and shows the saved conversation.
   */
  const answerQuestion = async (
    c: Context,
    conversation: Conversation,
    question: MessageRow,
    earlier: MessageRow[],
    form: Record<string, unknown>,
    replace: boolean,
    sidebar = false,
  ) => {
    const owner = ownerOf(c);
    const summary =
      conversation.summary && conversation.summaryUpto !== null
        ? { text: conversation.summary, upto: conversation.summaryUpto }
        : null;
    const history: ChatMessage[] = [...promptHistory(earlier, summary), { role: "user", content: question.content }];
    const tag = typeof form.tag === "string" && form.tag ? form.tag : null;
    const job = {
      owner,
      conversationId: conversation.id,
      parentId: question.id,
      history,
      filter: tag ? searchFilter({ tags: [tag] }) : null,
      style: styleOf(form.style),
    };
    if (!c.req.header("hx-request")) {
      // No JavaScript: answer now, then show the saved conversation.
      const p = pending.start(pending.add(job), owner);
      if (!p) throw new Error("pending answer vanished");
      const saved = await runAnswer(app, p);
      upkeepConversation(app, conversation.id);
      return c.redirect(`/chat/${conversation.id}#m-${saved.id}`, 303);
    }
    const id = pending.add(job);
    c.header("HX-Push-Url", `/chat/${conversation.id}`);
    return c.html(
      <>
        {replace ? (
          threadViews(app, conversation.id).map((m) => <MessageItem message={m} />)
        ) : (
          <MessageItem message={messageView(question)} />
        )}
        <StreamingAnswer pendingId={id} />
        <input type="hidden" name="conversation" id="conversation" value={conversation.id} hx-swap-oob="true" />
        {sidebar ? (
          <div id="conversations" hx-swap-oob="outerHTML">
            <ConversationList conversations={store.list(owner)} currentId={conversation.id} find="" />
          </div>
        ) : null}
      </>,
    );
  };

  r.post("/chat/ask", async (c) => {
    const owner = ownerOf(c);
    const form = await c.req.parseBody();
    const q = questionOf(form);
    if (!q) return c.html(<p class="meta">Type a question first.</p>, 400);
    const asked = typeof form.conversation === "string" ? store.get(owner, form.conversation) : undefined;
    const conversation = asked ?? store.create(owner, titleFromQuestion(q));
    const earlier = store.thread(conversation.id).thread;
    const question = store.add(conversation.id, { role: "user", content: q });
    // A new conversation also refreshes the sidebar.
    return answerQuestion(c, conversation, question, earlier, form, false, !asked);
  });

  // Edit a question: a sibling question with the same parent, and a new answer to it.
  r.post("/chat/:id/messages/:mid/edit", async (c) => {
    const conversation = store.get(ownerOf(c), c.req.param("id"));
    const form = await c.req.parseBody();
    const q = questionOf(form);
    if (!conversation || !q) return c.text("no such question, or an empty one", conversation ? 400 : 404);
    const { all } = store.thread(conversation.id);
    const edited = all.find((m) => m.id === Number(c.req.param("mid")) && m.role === "user");
    if (!edited) return c.text("no such question", 404);
    const earlier = edited.parentId === null ? [] : threadOf(all, edited.parentId);
    const question = store.add(conversation.id, { role: "user", content: q, parentId: edited.parentId });
    return answerQuestion(c, conversation, question, earlier, form, true);
  });

  // Answer again: a sibling answer to the same question.
  r.post("/chat/:id/messages/:mid/retry", async (c) => {
    const conversation = store.get(ownerOf(c), c.req.param("id"));
    if (!conversation) return c.text("no such conversation", 404);
    const { all } = store.thread(conversation.id);
    const answer = all.find((m) => m.id === Number(c.req.param("mid")) && m.role === "assistant");
    const question = all.find((m) => m.id === answer?.parentId && m.role === "user");
    if (!question) return c.text("no such answer", 404);
    const earlier = question.parentId === null ? [] : threadOf(all, question.parentId);
    store.showBranch(ownerOf(c), conversation.id, question.id, true);
    return answerQuestion(c, conversation, question, earlier, await c.req.parseBody(), true);
  });

  // Switch to a sibling branch: the thread through that message, down to its newest answer.
  r.post("/chat/:id/messages/:mid/show", (c) => {
    const id = c.req.param("id");
    const mid = Number(c.req.param("mid"));
    if (!Number.isInteger(mid) || !store.showBranch(ownerOf(c), id, mid)) return c.text("no such message", 404);
    return c.redirect(`/chat/${id}#m-${mid}`, 303);
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
        const position = branchPositions(store.messages(saved.conversationId)).get(saved.id);
        send("done", String(await (<MessageItem message={messageView(saved, position)} />).toString()));
        upkeepConversation(app, saved.conversationId);
      } catch (err) {
        const full = err instanceof ChatQueueFullError;
        const late = err instanceof ChatTimeoutError;
        if (!full && !late) app.log.error({ err: (err as Error).message }, "answer failed");
        send(
          "done",
          `<div class="msg assistant"><p role="alert" class="warning">${
            full
              ? `The model is busy with ${err.waiting} other questions. Ask again in about ${err.retryAfterSeconds} seconds.`
              : late
                ? `The model stayed busy for ${err.timeoutSeconds} seconds. Ask again in about ${err.retryAfterSeconds} seconds.`
                : "The answer failed; see the server log."
          }</p></div>`,
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
    const choice = formField(form, "rating");
    const rating = choice === "up" ? 1 : choice === "down" ? -1 : null;
    const note = formField(form, "note");
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
    store.rename(ownerOf(c), id, formField(form, "title"));
    return c.redirect(`/chat/${id}`, 303);
  });
  r.post("/chat/:id/delete", async (c) => {
    const conversation = store.get(ownerOf(c), c.req.param("id"));
    if (!conversation) return c.text("no such conversation", 404);
    const asked = await askFirst(c, {
      title: `Delete “${conversation.title}”?`,
      message: "The conversation and every answer in it are deleted for good. Export it first to keep a copy.",
      confirm: "Delete conversation",
      cancel: `/chat/${conversation.id}`,
      page: "chat",
    });
    if (asked) return asked;
    store.delete(ownerOf(c), conversation.id);
    return c.redirect("/chat", 303);
  });
  r.get("/chat/:id/:file{export\\.(md|jsonl)}", (c) => {
    const conversation = store.get(ownerOf(c), c.req.param("id"));
    if (!conversation) return c.text("no such conversation", 404);
    const md = c.req.param("file").endsWith(".md");
    const { thread, all } = store.thread(conversation.id);
    const rows = md ? thread : all;
    const name =
      conversation.title
        .replace(/[^\p{L}\p{N} _-]+/gu, "")
        .trim()
        .slice(0, 60) || "conversation";
    return exportResponse(
      c,
      name,
      md,
      md ? conversationMarkdown(conversation, rows) : conversationJsonl(conversation, rows),
    );
  });
  return r;
}
