import { raw } from "hono/html";
import type { I18n } from "../src/view-models.js";
import { renderAnswerHtml } from "./markdown.js";
import { ReadAloud } from "./read-aloud.js";

/** A cited source as the page shows it. */
export interface SourceView {
  index: number;
  /** "Book › Chapter". */
  label: string;
  /** Reader link with the passage highlighted. */
  url: string;
  snippet: string;
  path: string;
}

/** One saved message as the page shows it. */
export interface MessageView {
  id: number;
  role: "user" | "assistant";
  content: string;
  sources: SourceView[];
  /** "Extracted from 3 passages in 41 ms · first text 12 ms" and the like. */
  meta: string;
  /** Answers: where the rating form posts, and the rating so far (1, −1 or null) with its note. */
  rateUrl: string | null;
  rating: number | null;
  ratingNote: string | null;
  /** This message's place among its siblings ("2/3"), with the forms that show the others; null when it has none. */
  branch: BranchView | null;
  /** Where editing this question (user) or answering again (assistant) posts. */
  forkUrl: string;
}

/** A message's place among its siblings and where "show the previous/next" posts. */
export interface BranchView {
  index: number;
  count: number;
  previousUrl: string | null;
  nextUrl: string | null;
}

/** "‹ 2/3 ›": switches the thread to the previous or next sibling branch (plain forms; each shows the page again). */
export function BranchSwitcher(props: { branch: BranchView; what: "question" | "answer"; i18n: I18n }) {
  const b = props.branch;
  const t = props.i18n.t;
  const q = props.what === "question";
  const step = (url: string | null, label: string, text: string) =>
    url ? (
      <form method="post" action={url}>
        <button type="submit" class="quiet" aria-label={label}>
          {text}
        </button>
      </form>
    ) : (
      <button type="button" class="quiet" disabled aria-label={label}>
        {text}
      </button>
    );
  return (
    <div class="row branch">
      {step(b.previousUrl, t(q ? "msg.prevQuestion" : "msg.prevAnswer"), props.i18n.dir === "rtl" ? "›" : "‹")}
      <span class="meta">
        {props.i18n.number(b.index)}/{props.i18n.number(b.count)}
      </span>
      {step(b.nextUrl, t(q ? "msg.nextQuestion" : "msg.nextAnswer"), props.i18n.dir === "rtl" ? "‹" : "›")}
    </div>
  );
}

/**
 * Helpful / not helpful for one answer, with an optional note. A plain form
 * (it posts and comes back without JavaScript); with htmx it swaps itself.
 * Pressing the chosen button again clears the rating.
 */
export function RatingForm(props: { url: string; rating: number | null; note: string | null; i18n: I18n }) {
  const { url, rating } = props;
  const t = props.i18n.t;
  return (
    <form class="rate row" method="post" action={url} hx-post={url} hx-swap="outerHTML">
      <button
        type="submit"
        name="rating"
        value={rating === 1 ? "clear" : "up"}
        class="quiet"
        aria-pressed={rating === 1 ? "true" : "false"}
      >
        {t("msg.helpful")}
      </button>
      <button
        type="submit"
        name="rating"
        value={rating === -1 ? "clear" : "down"}
        class="quiet"
        aria-pressed={rating === -1 ? "true" : "false"}
      >
        {t("msg.notHelpful")}
      </button>
      <input
        type="text"
        name="note"
        maxlength={1000}
        value={props.note ?? ""}
        placeholder={t("msg.note")}
        aria-label={t("msg.noteLabel")}
      />
      {rating ? (
        <span class="meta" role="status">
          {t(rating > 0 ? "msg.ratedUp" : "msg.ratedDown")}
        </span>
      ) : null}
    </form>
  );
}

/**
 * An answer: sanitized Markdown with `[n]` linking to the reader, **Read aloud** (for the message around it,
 * its `data-speak-scope`), then the cited passages.
 */
export function AnswerBody(props: { content: string; sources: SourceView[]; meta: string; i18n: I18n }) {
  const links = new Map(props.sources.map((s) => [s.index, s.url]));
  return (
    <>
      <div class="answer-text" dir="auto" data-speak-text>
        {raw(renderAnswerHtml(props.content, links))}
      </div>
      <ReadAloud i18n={props.i18n} />
      {props.meta ? <p class="meta">{props.meta}</p> : null}
      {props.sources.length > 0 ? (
        <ol class="sources" aria-label={props.i18n.t("msg.sources")}>
          {props.sources.map((s) => (
            <li>
              <div class="where" dir="auto">
                <a href={s.url}>
                  [{s.index}] {s.label}
                </a>
              </div>
              <div dir="auto">{s.snippet}</div>
              <div class="meta">{s.path}</div>
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}

/**
 * One message in the thread. A question can be edited (a new branch with a
 * new answer); an answer can be asked again (a sibling answer). With htmx
 * both replace the thread and stream the new answer; without, they answer
 * and show the page.
 */
export function MessageItem(props: { message: MessageView; i18n: I18n }) {
  const m = props.message;
  const t = props.i18n.t;
  if (m.role === "user")
    return (
      <div class="msg user" id={`m-${m.id}`}>
        <p dir="auto">{m.content}</p>
        <div class="row tools">
          {m.branch ? <BranchSwitcher branch={m.branch} what="question" i18n={props.i18n} /> : null}
          <details class="edit">
            <summary class="button quiet">{t("msg.edit")}</summary>
            <form
              method="post"
              action={m.forkUrl}
              hx-post={m.forkUrl}
              hx-target="#thread"
              hx-swap="innerHTML"
              class="ask"
            >
              <label class="visually-hidden" for={`edit-${m.id}`}>
                {t("msg.editedQuestion")}
              </label>
              <input
                type="text"
                id={`edit-${m.id}`}
                name="q"
                value={m.content}
                required
                autocomplete="off"
                dir="auto"
              />
              <button type="submit">{t("msg.askAgain")}</button>
            </form>
          </details>
        </div>
      </div>
    );
  return (
    <div class="msg assistant" id={`m-${m.id}`} data-speak-scope>
      <AnswerBody content={m.content} sources={m.sources} meta={m.meta} i18n={props.i18n} />
      {m.rateUrl ? <RatingForm url={m.rateUrl} rating={m.rating} note={m.ratingNote} i18n={props.i18n} /> : null}
      <div class="row tools">
        {m.branch ? <BranchSwitcher branch={m.branch} what="answer" i18n={props.i18n} /> : null}
        <form method="post" action={m.forkUrl} hx-post={m.forkUrl} hx-target="#thread" hx-swap="innerHTML">
          <button type="submit" class="quiet">
            {t("msg.answerAgain")}
          </button>
        </form>
      </div>
    </div>
  );
}

/**
 * An answer being written: htmx's SSE extension connects to the stream, appends
 * `token` events as they come, and swaps the finished answer in on `done`
 * (which also closes the connection). Stop aborts the generation on the server.
 */
export function StreamingAnswer(props: { pendingId: string; i18n: I18n }) {
  const id = `a-${props.pendingId}`;
  return (
    <div
      class="msg assistant"
      id={id}
      hx-ext="sse"
      sse-connect={`/ui/answer/${props.pendingId}/stream`}
      sse-close="done"
      aria-busy="true"
    >
      <div class="row">
        <p class="meta" sse-swap="status" role="status">
          {props.i18n.t("msg.searching")}
        </p>
        {/* Above the answer, so it stays put while the text grows. */}
        <form
          method="post"
          action={`/ui/answer/${props.pendingId}/stop`}
          hx-post={`/ui/answer/${props.pendingId}/stop`}
          hx-swap="none"
        >
          <button type="submit" class="quiet">
            {props.i18n.t("msg.stop")}
          </button>
        </form>
      </div>
      <div class="stream" sse-swap="token" hx-swap="beforeend" aria-live="polite" />
      <div sse-swap="done" hx-target={`#${id}`} hx-swap="outerHTML" />
    </div>
  );
}
