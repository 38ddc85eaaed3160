import type { Context } from "hono";
import { RatingForm } from "../../../views/message.js";
import { conversationJsonl } from "../../state/conversation-export.js";
import { conversationMarkdown } from "../../state/conversation-markdown.js";
import { ownerOf } from "../conversation-owner.js";
import type { ChatDeps } from "./answer-runner.js";
import { formField, i18nOf } from "./chrome.js";
import { askFirst } from "./confirm.js";

/** An export download: `<name>.md` (Markdown) or `<name>.jsonl` (JSON Lines), with a UTF-8 file name. */
export function exportResponse(c: Context, name: string, md: boolean, body: string): Response {
  c.header(
    "content-disposition",
    `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${md ? "md" : "jsonl"}`)}`,
  );
  c.header("content-type", md ? "text/markdown; charset=utf-8" : "application/x-ndjson; charset=utf-8");
  return c.body(body);
}

/** `POST /chat/:id/messages/:mid/rate`: thumbs up, down or cleared, with a note; htmx gets the refreshed form. */
export async function rateAnswer(c: Context, d: ChatDeps): Promise<Response> {
  const store = d.services.conversations;
  const form = await c.req.parseBody();
  const id = c.req.param("id") ?? "";
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
      i18n={i18nOf(c)}
    />,
  );
}

/** `POST /chat/:id/rename`: a new title, then back to the conversation. */
export async function renameConversation(c: Context, d: ChatDeps): Promise<Response> {
  const form = await c.req.parseBody();
  const id = c.req.param("id") ?? "";
  d.services.conversations.rename(ownerOf(c), id, formField(form, "title"));
  return c.redirect(`/chat/${id}`, 303);
}

/** `POST /chat/:id/delete`: asks first ({@link askFirst}), then deletes the conversation for good. */
export async function deleteConversation(c: Context, d: ChatDeps): Promise<Response> {
  const store = d.services.conversations;
  const conversation = store.get(ownerOf(c), c.req.param("id") ?? "");
  if (!conversation) return c.text("no such conversation", 404);
  const { t } = i18nOf(c);
  const asked = await askFirst(c, {
    title: t("chat.deleteTitle", { title: conversation.title }),
    message: t("chat.deleteMessage"),
    confirm: t("chat.delete"),
    cancel: `/chat/${conversation.id}`,
    page: "chat",
  });
  if (asked) return asked;
  store.delete(ownerOf(c), conversation.id);
  return c.redirect("/chat", 303);
}

/** `GET /chat/:id/export.{md,jsonl}`: one conversation, the branches on show as Markdown or every branch as JSON Lines. */
export function exportConversation(c: Context, d: ChatDeps): Response {
  const store = d.services.conversations;
  const conversation = store.get(ownerOf(c), c.req.param("id") ?? "");
  if (!conversation) return c.text("no such conversation", 404);
  const md = c.req.param("file")?.endsWith(".md") === true;
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
}
