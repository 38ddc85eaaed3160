import { PROMPT_STYLES, STYLE_NAMES } from "../src/view-models.js";
import { Layout, type PageChrome } from "./layout.js";
import { MessageItem, type MessageView } from "./message.js";

// The cited source's shape, where http/conversation-owner.ts has always taken it from.
export type { SourceView } from "./message.js";

/** A conversation in the sidebar. */
export interface ConversationLink {
  id: string;
  title: string;
}

/** The conversation list: search, then links, newest first. */
export function ConversationList(props: { conversations: ConversationLink[]; currentId: string | null; find: string }) {
  return (
    <nav aria-label="Conversations" id="conversations">
      <p>
        <a class="button" href="/chat">
          New conversation
        </a>
      </p>
      <form method="get" action="/chat">
        <label class="visually-hidden" for="find">
          Search conversations
        </label>
        <input type="search" id="find" name="find" value={props.find} placeholder="Search conversations" />
      </form>
      <ul class="conversations">
        {props.conversations.map((c) => (
          <li>
            <a href={`/chat/${c.id}`} {...(c.id === props.currentId ? { "aria-current": "page" } : {})}>
              {c.title}
            </a>
          </li>
        ))}
      </ul>
      {props.conversations.length === 0 ? (
        <p class="meta">{props.find ? "No conversation matches." : "No saved conversations yet."}</p>
      ) : null}
      <details>
        <summary class="button quiet">Export or import all</summary>
        <p>
          <a class="button quiet" href="/chat/export.jsonl">
            Export all (.jsonl)
          </a>{" "}
          <a class="button quiet" href="/chat/export.md">
            Export all (.md)
          </a>
        </p>
        <form method="post" action="/chat/import" enctype="multipart/form-data" class="row">
          <label for="import-file">Import a .jsonl or .md export</label>
          <input
            type="file"
            id="import-file"
            name="file"
            accept=".jsonl,.md,.markdown,application/x-ndjson,text/markdown"
            required
          />
          <button type="submit" class="quiet">
            Import
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
    /** "12 books · 3,400 passages · answers: extractive", plus indexing progress. */
    libraryLine: string;
    notices: string[];
  },
) {
  const cur = props.current;
  return (
    <Layout
      title={cur ? `${cur.title} — Almanac` : "Almanac"}
      page="chat"
      wide
      theme={props.theme}
      viewer={props.viewer}
    >
      <div class="layout">
        <details class="drawer" {...(props.find ? { open: true } : {})}>
          <summary>Conversations</summary>
          <ConversationList conversations={props.conversations} currentId={cur?.id ?? null} find={props.find} />
        </details>
        <section aria-label="Conversation">
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
              <h1 style="margin-right:auto">{cur.title}</h1>
              <a class="button quiet" href={`/chat/${cur.id}/export.md`}>
                Export .md
              </a>
              <a class="button quiet" href={`/chat/${cur.id}/export.jsonl`}>
                Export .jsonl
              </a>
            </div>
          ) : (
            <h1>Ask the library</h1>
          )}
          <div id="thread">
            {props.messages.map((m) => (
              <MessageItem message={m} />
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
              Question
            </label>
            <input type="text" id="q" name="q" placeholder="e.g. How do I purify water?" required autocomplete="off" />
            <button type="submit">Ask</button>
            <div class="style">
              <label for="style" class="meta">
                Answer style
              </label>
              <select id="style" name="style">
                {PROMPT_STYLES.map((st) => (
                  <option value={st}>{STYLE_NAMES[st]}</option>
                ))}
              </select>
            </div>
          </form>
          <p class="meta">
            Search syntax: <code>"exact phrase"</code>, <code>+must</code>, <code>-exclude</code>. Or open a{" "}
            <a href="/survival">survival topic</a>.
          </p>
          {cur ? (
            <details>
              <summary class="button quiet">Rename or delete</summary>
              <form method="post" action={`/chat/${cur.id}/rename`} class="row">
                <label for="title">Title</label>
                <input type="text" id="title" name="title" value={cur.title} maxlength={120} required />
                <button type="submit" class="quiet">
                  Rename
                </button>
              </form>
              <form method="post" action={`/chat/${cur.id}/delete`}>
                <button type="submit" class="quiet">
                  Delete conversation
                </button>
              </form>
            </details>
          ) : null}
        </section>
      </div>
    </Layout>
  );
}
