import type { Context } from "hono";
import { ConversationList } from "../../../views/chat.js";
import { MessageItem, StreamingAnswer } from "../../../views/message.js";
import { promptHistory } from "../../generate/memory.js";
import { styleOf } from "../../generate/styles.js";
import type { ChatMessage } from "../../models/chat-model.js";
import { searchFilter } from "../../retrieve/filter.js";
import { threadOf } from "../../state/conversation-tree.js";
import { type Conversation, type MessageRow, titleFromQuestion } from "../../state/conversations.js";
import { ownerOf } from "../conversation-owner.js";
import { type ChatDeps, messageView, runAnswer, threadViews, upkeepConversation } from "./answer-runner.js";
import { formField, i18nOf } from "./chrome.js";

/** The question of an ask or edit form, trimmed and cut to `maxMessageChars`. */
function questionOf(d: ChatDeps, form: Record<string, unknown>): string {
  return formField(form, "q").trim().slice(0, d.services.config.maxMessageChars);
}

/** How a saved question is answered: after which messages, with which form, and what the reply replaces. */
interface AnswerRequest {
  conversation: Conversation;
  question: MessageRow;
  /** The thread before the question. */
  earlier: MessageRow[];
  form: Record<string, unknown>;
  /** Whether the reply replaces the thread (an edit or a retry) rather than being appended to it. */
  replace: boolean;
  /** Whether the reply carries the refreshed conversation list (a new conversation). */
  sidebar?: boolean;
}

/**
 * Answers a saved question: the history is the thread before it (with the
 * conversation's summary, `generate/memory.ts`). With htmx the reply is the
 * question and a streaming answer, appended to the thread or (`replace`,
 * for an edit or a retry) replacing it, and with `sidebar` the refreshed
 * conversation list; without JavaScript it answers now and shows the saved conversation.
 */
async function answerQuestion(c: Context, d: ChatDeps, a: AnswerRequest): Promise<Response> {
  const { conversation, question, form } = a;
  const owner = ownerOf(c);
  const summary =
    conversation.summary && conversation.summaryUpto !== null
      ? { text: conversation.summary, upto: conversation.summaryUpto }
      : null;
  const history: ChatMessage[] = [...promptHistory(a.earlier, summary), { role: "user", content: question.content }];
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
    const p = d.pending.start(d.pending.add(job), owner);
    if (!p) throw new Error("pending answer vanished");
    const saved = await runAnswer(d.services, p);
    upkeepConversation(d.services, conversation.id);
    return c.redirect(`/chat/${conversation.id}#m-${saved.id}`, 303);
  }
  const id = d.pending.add(job);
  const i18n = i18nOf(c);
  c.header("HX-Push-Url", `/chat/${conversation.id}`);
  return c.html(
    <>
      {a.replace ? (
        threadViews(d.services.conversations, conversation.id, i18n).map((m) => <MessageItem message={m} i18n={i18n} />)
      ) : (
        <MessageItem message={messageView(question, i18n)} i18n={i18n} />
      )}
      <StreamingAnswer pendingId={id} i18n={i18n} />
      <input type="hidden" name="conversation" id="conversation" value={conversation.id} hx-swap-oob="true" />
      {a.sidebar ? (
        <div id="conversations" hx-swap-oob="outerHTML">
          <ConversationList
            conversations={d.services.conversations.list(owner)}
            currentId={conversation.id}
            find=""
            i18n={i18n}
          />
        </div>
      ) : null}
    </>,
  );
}

/** `POST /chat/ask`: saves the question (in a new conversation unless the form names one) and answers it. */
export async function askQuestion(c: Context, d: ChatDeps): Promise<Response> {
  const store = d.services.conversations;
  const owner = ownerOf(c);
  const form = await c.req.parseBody();
  const q = questionOf(d, form);
  if (!q) return c.html(<p class="meta">{i18nOf(c).t("chat.typeFirst")}</p>, 400);
  const asked = typeof form.conversation === "string" ? store.get(owner, form.conversation) : undefined;
  const conversation = asked ?? store.create(owner, titleFromQuestion(q));
  const earlier = store.thread(conversation.id).thread;
  const question = store.add(conversation.id, { role: "user", content: q });
  // A new conversation also refreshes the sidebar.
  return answerQuestion(c, d, { conversation, question, earlier, form, replace: false, sidebar: !asked });
}

/** `POST /chat/:id/messages/:mid/edit`: a sibling question with the same parent, and a new answer to it. */
export async function editQuestion(c: Context, d: ChatDeps): Promise<Response> {
  const store = d.services.conversations;
  const conversation = store.get(ownerOf(c), c.req.param("id") ?? "");
  const form = await c.req.parseBody();
  const q = questionOf(d, form);
  if (!conversation || !q) return c.text("no such question, or an empty one", conversation ? 400 : 404);
  const { all } = store.thread(conversation.id);
  const edited = all.find((m) => m.id === Number(c.req.param("mid")) && m.role === "user");
  if (!edited) return c.text("no such question", 404);
  const earlier = edited.parentId === null ? [] : threadOf(all, edited.parentId);
  const question = store.add(conversation.id, { role: "user", content: q, parentId: edited.parentId });
  return answerQuestion(c, d, { conversation, question, earlier, form, replace: true });
}

/** `POST /chat/:id/messages/:mid/retry`: answer again, a sibling answer to the same question. */
export async function retryAnswer(c: Context, d: ChatDeps): Promise<Response> {
  const store = d.services.conversations;
  const conversation = store.get(ownerOf(c), c.req.param("id") ?? "");
  if (!conversation) return c.text("no such conversation", 404);
  const { all } = store.thread(conversation.id);
  const answer = all.find((m) => m.id === Number(c.req.param("mid")) && m.role === "assistant");
  const question = all.find((m) => m.id === answer?.parentId && m.role === "user");
  if (!question) return c.text("no such answer", 404);
  const earlier = question.parentId === null ? [] : threadOf(all, question.parentId);
  store.showBranch(ownerOf(c), conversation.id, question.id, true);
  const form = await c.req.parseBody();
  return answerQuestion(c, d, { conversation, question, earlier, form, replace: true });
}

/** `POST /chat/:id/messages/:mid/show`: switch to a sibling branch, the thread through that message down to its newest answer. */
export function showBranch(c: Context, d: ChatDeps): Response {
  const id = c.req.param("id") ?? "";
  const mid = Number(c.req.param("mid"));
  if (!Number.isInteger(mid) || !d.services.conversations.showBranch(ownerOf(c), id, mid))
    return c.text("no such message", 404);
  return c.redirect(`/chat/${id}#m-${mid}`, 303);
}
