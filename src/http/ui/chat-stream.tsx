import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { MessageItem } from "../../../views/message.js";
import { ChatQueueFullError, ChatTimeoutError } from "../../errors.js";
import type { I18n } from "../../i18n/index.js";
import { branchPositions } from "../../state/conversation-tree.js";
import { ownerOf } from "../conversation-owner.js";
import { type ChatDeps, messageView, runAnswer, upkeepConversation } from "./answer-runner.js";
import { i18nOf } from "./chrome.js";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The `done` event of an answer that is not running (unknown, already streamed, or another browser's). */
const gone = (text: string) => `<div class="msg assistant"><p class="meta">${escapeHtml(text)}</p></div>`;

/** The `done` event's warning for an answer that failed: the model busy, or our fault (logged). */
function failedAnswer(d: ChatDeps, err: unknown, i18n: I18n): string {
  const full = err instanceof ChatQueueFullError;
  const late = err instanceof ChatTimeoutError;
  if (!full && !late) d.services.log.error({ err: (err as Error).message }, "answer failed");
  const message = full
    ? i18n.t("answer.busy", { waiting: err.waiting, seconds: err.retryAfterSeconds })
    : late
      ? i18n.t("answer.late", { timeout: err.timeoutSeconds, seconds: err.retryAfterSeconds })
      : i18n.t("answer.failed");
  return `<div class="msg assistant"><p role="alert" class="warning">${escapeHtml(message)}</p></div>`;
}

/**
 * `GET /ui/answer/:id/stream`: runs an answer asked for by this browser and
 * streams it as SSE: `status` (what it is reading), `token` (escaped text) and
 * `done` (the saved message, or why there is none). The browser going away
 * stops the generation, as the Stop button does.
 */
export function streamAnswer(c: Context, d: ChatDeps): Response {
  const id = c.req.param("id") ?? "";
  const p = d.pending.start(id, ownerOf(c));
  const i18n = i18nOf(c);
  return streamSSE(c, async (stream) => {
    if (!p) {
      await stream.writeSSE({ event: "done", data: gone(i18n.t("chat.gone")) });
      return;
    }
    stream.onAbort(() => p.controller.abort());
    let queue = Promise.resolve();
    const send = (event: string, data: string) => {
      queue = queue.then(() => stream.writeSSE({ event, data })).catch(() => {});
    };
    try {
      const saved = await runAnswer(d.services, p, {
        i18n,
        onStatus: (t) => send("status", escapeHtml(t)),
        onText: (t) => send("token", escapeHtml(t)),
      });
      await queue;
      const position = branchPositions(d.services.conversations.messages(saved.conversationId)).get(saved.id);
      send("done", String(await (<MessageItem message={messageView(saved, i18n, position)} i18n={i18n} />).toString()));
      upkeepConversation(d.services, saved.conversationId);
    } catch (err) {
      send("done", failedAnswer(d, err, i18n));
    } finally {
      d.pending.finish(id);
      await queue;
    }
  });
}

/** `POST /ui/answer/:id/stop`: stops this browser's answer (204, or 404 when none); without htmx, back to the chat. */
export function stopAnswer(c: Context, d: ChatDeps): Response {
  const stopped = d.pending.stop(c.req.param("id") ?? "", ownerOf(c));
  if (c.req.header("hx-request")) return c.body(null, stopped ? 204 : 404);
  return c.redirect("/chat", 303);
}
