import type { Child } from "hono/jsx";
import { type I18n, PROMPT_STYLES } from "../src/view-models.js";
import { Layout, type PageChrome } from "./layout.js";
import { MessageItem, type MessageView } from "./message.js";

// The cited source's shape, where http/conversation-owner.ts has always taken it from.
export type { SourceView } from "./message.js";

/** A conversation in the sidebar. */
export interface ConversationLink {
  id: string;
  title: string;
  /** When it last changed, epoch ms: shown beside the title, so two of the same title are told apart. */
  updatedAt: number;
}

/** The conversation list: search, then links, newest first. */
export function ConversationList(props: {
  conversations: ConversationLink[];
  currentId: string | null;
  find: string;
  i18n: I18n;
}) {
  const t = props.i18n.t;
  return (
    <nav aria-label={t("chat.conversations")} id="conversations">
      <p>
        <a class="button" href="/chat">
          {t("chat.new")}
        </a>
      </p>
      <form method="get" action="/chat">
        <label class="visually-hidden" for="find">
          {t("chat.find")}
        </label>
        <input type="search" id="find" name="find" value={props.find} placeholder={t("chat.find")} />
      </form>
      <ul class="conversations">
        {props.conversations.map((c) => (
          <li>
            <a href={`/chat/${c.id}`} {...(c.id === props.currentId ? { "aria-current": "page" } : {})}>
              <span class="title" dir="auto">
                {c.title}
              </span>
              <span class="when">{props.i18n.date(c.updatedAt, sameDay(c.updatedAt) ? "dateTime" : "date")}</span>
            </a>
          </li>
        ))}
      </ul>
      {props.conversations.length === 0 ? (
        <p class="meta">{props.find ? t("chat.noMatch") : t("chat.noneYet")}</p>
      ) : null}
      <details>
        <summary class="button quiet">{t("chat.exportImport")}</summary>
        <p>
          <a class="button quiet" href="/chat/export.jsonl">
            {t("chat.exportAllJsonl")}
          </a>{" "}
          <a class="button quiet" href="/chat/export.md">
            {t("chat.exportAllMd")}
          </a>
        </p>
        <form method="post" action="/chat/import" enctype="multipart/form-data" class="row">
          <label for="import-file">{t("chat.importLabel")}</label>
          <input
            type="file"
            id="import-file"
            name="file"
            accept=".jsonl,.md,.markdown,application/x-ndjson,text/markdown"
            required
          />
          <button type="submit" class="quiet">
            {t("chat.import")}
          </button>
        </form>
      </details>
    </nav>
  );
}

/** The chat page: conversations (a drawer on phones), the thread, and the question box. */
export function ChatPage(
  props: PageChrome & {
    conversations: ConversationLink[];
    current: ConversationLink | null;
    messages: MessageView[];
    find: string;
    /** A question carried here from before sign-in (`?q=`), put in the ask box. */
    draft?: string;
    /** "12 books · 3,400 passages · answers: extractive", plus indexing progress. */
    libraryLine: string;
    notices: string[];
  },
) {
  const cur = props.current;
  const t = props.i18n.t;
  return (
    <Layout
      title={cur ? `${cur.title} — Almanac` : "Almanac"}
      page="chat"
      wide
      theme={props.theme}
      viewer={props.viewer}
      i18n={props.i18n}
    >
      <div class="layout">
        <details class="drawer" {...(props.find ? { open: true } : {})}>
          <summary>{t("chat.conversations")}</summary>
          <ConversationList
            conversations={props.conversations}
            currentId={cur?.id ?? null}
            find={props.find}
            i18n={props.i18n}
          />
        </details>
        <section aria-label={t("chat.conversation")}>
          <p class="meta" id="library-line">
            {props.libraryLine}
          </p>
          {props.notices.map((n) => (
            <p role="alert" class="warning">
              {n}
            </p>
          ))}
          {cur ? (
            <div class="row">
              <h1 style="margin-inline-end:auto" dir="auto">
                {cur.title}
              </h1>
              <a class="button quiet" href={`/chat/${cur.id}/export.md`}>
                {t("chat.exportMd")}
              </a>
              <a class="button quiet" href={`/chat/${cur.id}/export.jsonl`}>
                {t("chat.exportJsonl")}
              </a>
            </div>
          ) : (
            <h1>{t("chat.heading")}</h1>
          )}
          <div id="thread">
            {props.messages.map((m) => (
              <MessageItem message={m} i18n={props.i18n} />
            ))}
          </div>
          <form
            class="ask"
            id="ask"
            method="post"
            action="/chat/ask"
            hx-post="/chat/ask"
            hx-target="#thread"
            hx-swap="beforeend"
          >
            <input type="hidden" name="conversation" id="conversation" value={cur?.id ?? ""} />
            <label class="visually-hidden" for="q">
              {t("common.question")}
            </label>
            <input
              type="text"
              id="q"
              name="q"
              placeholder={t("chat.placeholder")}
              value={props.draft ?? ""}
              required
              autocomplete="off"
              dir="auto"
              autofocus={props.draft ? true : undefined}
            />
            <button type="submit">{t("common.ask")}</button>
            <div class="style">
              <label for="style" class="meta">
                {t("chat.style")}
              </label>
              <select id="style" name="style">
                {PROMPT_STYLES.map((st) => (
                  <option value={st}>{t(`style.${st}` as const)}</option>
                ))}
              </select>
            </div>
          </form>
          <p class="meta">
            {props.i18n.rich<Child>("chat.syntax", {
              code: (parts) => <code>{parts}</code>,
              link: (parts) => <a href="/survival">{parts}</a>,
            })}
          </p>
          {cur ? (
            <details>
              <summary class="button quiet">{t("chat.manage")}</summary>
              <form method="post" action={`/chat/${cur.id}/rename`} class="row">
                <label for="title">{t("chat.title")}</label>
                <input type="text" id="title" name="title" value={cur.title} maxlength={120} required />
                <button type="submit" class="quiet">
                  {t("chat.rename")}
                </button>
              </form>
              <form method="post" action={`/chat/${cur.id}/delete`}>
                <button type="submit" class="quiet">
                  {t("chat.delete")}
                </button>
              </form>
            </details>
          ) : null}
        </section>
      </div>
    </Layout>
  );
}

/** Whether epoch ms `at` is today, here: today's conversations show their time, older ones their date. */
function sameDay(at: number): boolean {
  return new Date(at).toDateString() === new Date().toDateString();
}
