import { formatTime } from "../ingest/time.js";
import type { SearchResult } from "../retrieve/search.js";
import type { DocumentMeta } from "../state/documents.js";

/** A citation as returned by the API: book › chapter › passage, with offsets into the document text. */
export interface Source {
  /** 1-based number the answer cites as `[n]`. */
  index: number;
  /** The document's id (see `docIdOf`). */
  docId: string;
  /** Where the reader opens this passage, highlighted: a path on this server ({@link citationUrl}). */
  url: string;
  title: string;
  author: string | null;
  /** The document's publication year from its metadata (e.g. 1911); null or absent when unknown. Shown on the citation. */
  year?: number | null;
  /** Chapter or heading path, " › "-joined. */
  chapter: string;
  path: string;
  collection: string;
  /** Character offsets [start, end) into the document's normalised text. */
  start: number;
  end: number;
  /** Paginated documents (PDF): the printed label of the page the passage starts on; null otherwise. */
  page: string | null;
  /** Video and audio (from subtitles): the seconds the passage covers in the media; null otherwise. */
  time: { start: number; end: number } | null;
  snippet: string;
  score: number;
  tags: string[];
  /** Full passage text (used for prompting and extractive answers; not part of the API payload). */
  text: string;
  /** The list lead-in carried from an earlier chunk, or null (context for prompts and answers; not part of the API payload). */
  leadIn: string | null;
}

/**
 * The reader link for a cited passage: `/read/<docId>?start=S&end=E#passage`.
 * Relative to the server; the API makes it absolute with the request's origin.
 */
export function citationUrl(docId: string, start: number, end: number): string {
  return `/read/${docId}?start=${start}&end=${end}#passage`;
}

/** Shortens a passage to about `max` characters at a word boundary. */
export function snippetOf(text: string, max = 280): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(" ", max);
  return `${flat.slice(0, cut > max / 2 ? cut : max)}…`;
}

/** Shortens a passage to about `max` characters like {@link snippetOf}, but keeps its line breaks (lists, steps). */
export function excerptOf(text: string, max = 700): string {
  if (text.length <= max) return text;
  const cut = Math.max(text.lastIndexOf("\n", max), text.lastIndexOf(" ", max));
  return `${text.slice(0, cut > max / 2 ? cut : max).trimEnd()} …`;
}

/** Looks up the page label of an offset in a paginated document (see `PageIndex`). */
export type PageLookup = (docId: string, offset: number) => string | null;

/**
 * Looks up what the documents table knows of a document: title, author,
 * publication year, publisher, language (`documentMetaLookup` in
 * `state/documents.ts` builds one). A ZIM article's id gets its archive's facts.
 * @returns undefined for an unknown id.
 */
export type DocumentMetaLookup = (documentId: string) => DocumentMeta | undefined;

/**
 * Numbers search results as citable sources.
 * @param pageOf - page labels for PDF passages; without it `page` is null.
 * @param metaOf - document facts; with it each source carries its document's `year` (null when unknown).
 */
export function toSources(
  results: readonly SearchResult[],
  pageOf?: PageLookup,
  metaOf?: DocumentMetaLookup,
): Source[] {
  return results.map((r, i) => ({
    ...(metaOf ? { year: metaOf(r.chunk.doc_id)?.year ?? null } : {}),
    index: i + 1,
    docId: r.chunk.doc_id,
    url: citationUrl(r.chunk.doc_id, r.chunk.start_offset, r.chunk.end_offset),
    title: r.chunk.title,
    author: r.chunk.author,
    chapter: r.chunk.heading_path,
    path: r.chunk.path,
    collection: r.chunk.collection,
    start: r.chunk.start_offset,
    end: r.chunk.end_offset,
    page: r.chunk.format === "pdf" && pageOf ? pageOf(r.chunk.doc_id, r.chunk.start_offset) : null,
    time: r.chunk.format === "media" && pageOf ? timeOf(r.chunk, pageOf) : null,
    snippet: snippetOf(r.chunk.text),
    score: Number(r.score.toFixed(4)),
    tags: r.chunk.tags,
    text: r.chunk.text,
    leadIn: r.chunk.lead_in ?? null,
  }));
}

/**
 * Keeps the sources an answer cites and numbers them 1…N in the order of
 * first use, so an answer never shows gaps such as [1], [3], [4].
 * @param order - the cited source numbers, in order of first use (numbers not in `sources` are ignored).
 * @returns the renumbered sources and the map from old to new numbers.
 */
export function renumberSources(
  sources: readonly Source[],
  order: readonly number[],
): { sources: Source[]; map: Map<number, number> } {
  const map = new Map<number, number>();
  const out: Source[] = [];
  for (const n of order) {
    const s = sources.find((x) => x.index === n);
    if (!s || map.has(n)) continue;
    map.set(n, out.length + 1);
    out.push({ ...s, index: out.length + 1 });
  }
  return { sources: out, map };
}

/**
 * The API form of a source: everything except the full passage text, with
 * `url` made absolute against `origin` (e.g. `http://almanac.lan:8080`) when given.
 */
export function publicSource(s: Source, origin = ""): Omit<Source, "text" | "leadIn"> {
  const { text: _text, leadIn: _leadIn, ...rest } = s;
  return { ...rest, year: s.year ?? null, url: `${origin}${s.url}` };
}

/** A media passage's span: the start of the passage its first character is in, the end of the one its last is in. */
function timeOf(chunk: SearchResult["chunk"], pageOf: PageLookup): { start: number; end: number } | null {
  const first = pageOf(chunk.doc_id, chunk.start_offset)?.split("-");
  const last = pageOf(chunk.doc_id, Math.max(chunk.start_offset, chunk.end_offset - 1))?.split("-");
  const start = Number(first?.[0]);
  const end = Number(last?.[1]);
  return Number.isFinite(start) && Number.isFinite(end) ? { start, end } : null;
}

/**
 * The title with its year: "South (1919)". A title that already ends with
 * that year ("Boy Scouts Handbook 1911", "The Complete Angler, 1653") has it
 * moved into the brackets, so it is not said twice.
 */
export function datedTitle(title: string, year: number | null | undefined): string {
  if (!year) return title;
  const bare = title.replace(new RegExp(`[\\s,;:–—-]*\\(?${year}\\)?$`), "").trim();
  return `${bare || title} (${year})`;
}

/**
 * "Title (year) › Chapter" label for a source (the year when known, see
 * {@link datedTitle}), with "(p. 12)" when it has a page and "(at 1:05–1:40)"
 * when it has media times.
 */
export function citationLabel(
  s: Pick<Source, "title" | "chapter"> & { year?: number | null; page?: string | null; time?: Source["time"] },
): string {
  const title = datedTitle(s.title, s.year);
  const base = s.chapter ? `${title} › ${s.chapter}` : title;
  if (s.time) return `${base} (at ${formatTime(s.time.start)}–${formatTime(s.time.end)})`;
  return s.page ? `${base} (p. ${s.page})` : base;
}
