import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { formatTime, type I18n, type ReaderBlockView, type ReaderPageView } from "../src/view-models.js";
import { Layout, type PageChrome } from "./layout.js";
import { ReadAloud } from "./read-aloud.js";

/** The document facts the reader shows above the text. */
export interface ReaderDoc {
  id: string;
  title: string;
  author: string | null;
  /** Publication year from the document's metadata, when known. */
  year?: number | null;
  path: string;
  collection: string;
  format: string;
}

function BlockView(props: { block: ReaderBlockView; firstMark: boolean }) {
  const b = props.block;
  let marked = false;
  const parts = b.parts.map((p) => {
    if (!p.marked) return p.text;
    const id = props.firstMark && !marked ? "passage" : undefined;
    marked = true;
    return <mark {...(id ? { id } : {})}>{p.text}</mark>;
  });
  const id = `s-${b.start}`;
  switch (b.kind === "heading" ? b.level : 0) {
    case 2:
      return (
        <h2 id={id} dir="auto">
          {parts}
        </h2>
      );
    case 3:
      return (
        <h3 id={id} dir="auto">
          {parts}
        </h3>
      );
    case 4:
      return (
        <h4 id={id} dir="auto">
          {parts}
        </h4>
      );
    case 5:
      return (
        <h5 id={id} dir="auto">
          {parts}
        </h5>
      );
    case 6:
      return (
        <h6 id={id} dir="auto">
          {parts}
        </h6>
      );
    default:
      return (
        <p id={id} dir="auto">
          {parts}
        </p>
      );
  }
}

/** A video or audio file the reader plays: its URL (with a `#t=start,end` media fragment) and the start as text. */
export interface ReaderMedia {
  kind: "video" | "audio";
  src: string;
  /** The subtitles as WebVTT, for the captions track. */
  captions: string;
  label: string;
}

/**
 * The reader: one chapter of a book as the index holds it, the cited passage
 * highlighted (`<mark id="passage">`, so `#passage` scrolls to it without
 * JavaScript), the table of contents, and previous/next chapter links. All
 * book text goes through JSX escaping: a book cannot inject markup here.
 */
export function ReaderView(
  props: PageChrome & { doc: ReaderDoc; page: ReaderPageView; originalUrl: string | null; media?: ReaderMedia | null },
) {
  const { doc, page, media } = props;
  const i18n: I18n = props.i18n;
  const t = i18n.t;
  const href = (q: string) => `/read/${doc.id}?${q}`;
  let seenMark = false;
  const pageAt = new Map(page.pageStarts.map((p) => [p.start, p.label]));
  const Pager = () => (
    <nav class="pager" aria-label={t("reader.chapters")}>
      {page.prev ? (
        <a class="button quiet" href={href(`chapter=${page.prev.index}`)} rel="prev">
          {t("reader.prevChapter", { title: page.prev.title })}
        </a>
      ) : (
        <span />
      )}
      {page.next ? (
        <a class="button quiet" href={href(`chapter=${page.next.index}`)} rel="next">
          {t("reader.nextChapter", { title: page.next.title })}
        </a>
      ) : null}
    </nav>
  );
  return (
    <Layout
      title={page.chapter.title === doc.title ? doc.title : `${page.chapter.title} — ${doc.title}`}
      page="reader"
      theme={props.theme}
      viewer={props.viewer}
      i18n={props.i18n}
    >
      <article class="reader" data-speak-scope>
        <p class="meta">
          {doc.collection} · {doc.format}
          {page.chapterCount > 1
            ? ` · ${t("reader.part", { n: page.chapter.index + 1, count: page.chapterCount })}`
            : ""}
        </p>
        <h1 dir="auto">{doc.title}</h1>
        {doc.author || doc.year ? (
          <p class="meta">
            {[
              doc.author ? t("reader.by", { author: doc.author }) : "",
              doc.year ? t("reader.published", { year: String(doc.year) }) : "",
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        ) : null}
        {page.highlight ? (
          <p class="card" role="note">
            {i18n.rich<Child>("reader.cited", { link: (parts) => <a href="#passage">{parts}</a> })}
          </p>
        ) : null}
        {media ? (
          <figure class="media">
            {media.kind === "video" ? (
              <video
                controls
                preload="metadata"
                src={media.src}
                aria-label={t("reader.mediaFrom", { title: doc.title, time: media.label })}
              >
                <track kind="captions" src={media.captions} label={t("reader.subtitles")} default />
              </video>
            ) : (
              <audio
                controls
                preload="metadata"
                src={media.src}
                aria-label={t("reader.mediaFrom", { title: doc.title, time: media.label })}
              >
                <track kind="captions" src={media.captions} label={t("reader.subtitles")} default />
              </audio>
            )}
            <figcaption class="meta">{t("reader.playsFrom", { time: media.label })}</figcaption>
          </figure>
        ) : null}
        {props.originalUrl ? (
          <p>
            <a href={props.originalUrl}>{t(doc.format === "pdf" ? "reader.originalPdf" : "reader.original")}</a>
            <span class="meta">
              {" "}
              {t(
                doc.format === "pdf"
                  ? "reader.fileItself"
                  : doc.format === "epub" || doc.format === "zim"
                    ? "reader.ownFormattingPictures"
                    : "reader.ownFormatting",
              )}
            </span>
          </p>
        ) : null}
        {page.toc.length > 1 ? (
          <details class="toc">
            <summary class="button quiet">{t("reader.contents")}</summary>
            <ol>
              {page.toc.map((e) => (
                <li style={`margin-inline-start:${(e.depth - 1) * 0.9}rem`}>
                  <a
                    href={e.chapter === page.chapter.index ? `#s-${e.start}` : `${href(`at=${e.start}`)}#s-${e.start}`}
                  >
                    {e.title}
                  </a>
                </li>
              ))}
            </ol>
          </details>
        ) : null}
        <ReadAloud i18n={i18n} />
        {page.chapterCount > 1 ? <Pager /> : null}
        {/* Read aloud speaks the cited passage (its marks) when there is one, else the whole part. */}
        <div data-speak-text>
          {page.blocks.map((b) => {
            const first = !seenMark && b.parts.some((p) => p.marked);
            if (first) seenMark = true;
            const pageStart = pageAt.get(b.start);
            return (
              <>
                {pageStart && !media ? (
                  <p class="meta page-mark" id={`page-${pageStart}`}>
                    {t("reader.page", { page: pageStart })}
                  </p>
                ) : null}
                {pageStart && media ? (
                  <p class="meta page-mark">{formatTime(Number(pageStart.split("-")[0]))}</p>
                ) : null}
                <BlockView block={b} firstMark={first} />
              </>
            );
          })}
        </div>
        {page.chapterCount > 1 ? <Pager /> : null}
        <p class="meta">{doc.path}</p>
      </article>
    </Layout>
  );
}

/**
 * The original layout of one EPUB chapter or a Markdown book: HTML that has
 * already been sanitized ({@link sanitizeBookHtml}, `renderBookMarkdown`), with
 * previous/next chapter links and a way back to the text view.
 */
export function OriginalView(
  props: PageChrome & {
    doc: ReaderDoc;
    /** Sanitized HTML. */
    html: string;
    textUrl: string;
    prevUrl: string | null;
    nextUrl: string | null;
    label: string;
  },
) {
  const t = props.i18n.t;
  const Pager = () =>
    props.prevUrl || props.nextUrl ? (
      <nav class="pager" aria-label={t("reader.chapters")}>
        {props.prevUrl ? (
          <a class="button quiet" href={props.prevUrl} rel="prev">
            {t("search.prev")}
          </a>
        ) : (
          <span />
        )}
        {props.nextUrl ? (
          <a class="button quiet" href={props.nextUrl} rel="next">
            {t("search.next")}
          </a>
        ) : null}
      </nav>
    ) : null;
  return (
    <Layout
      title={t("reader.originalTitle", { title: props.doc.title })}
      page="reader"
      theme={props.theme}
      viewer={props.viewer}
      i18n={props.i18n}
    >
      <article class="reader original">
        <p class="meta">
          {props.doc.collection} · {props.doc.format} · {props.label} ·{" "}
          <a href={props.textUrl}>{t("reader.textView")}</a>
        </p>
        <h1>{props.doc.title}</h1>
        <Pager />
        <div class="book-html">{raw(props.html)}</div>
        <Pager />
      </article>
    </Layout>
  );
}
