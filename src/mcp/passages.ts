// What the MCP tools read: passages found by search, and windows of a document's text around them, each
// named by a stable passage id that a model can follow to the next or previous window.
import type { AppServices } from "../app/services.js";
import { citationLabel, toSources } from "../generate/sources.js";
import { searchFilter } from "../retrieve/filter.js";

/** A passage id: `<document id>:<start>-<end>`, character offsets into the document's normalised text. */
export type PassageId = string;

/** The parts of a {@link PassageId}, or null for a string that is not one. */
export function parsePassageId(id: string): { docId: string; start: number; end: number } | null {
  const at = id.lastIndexOf(":");
  const m = /^(\d+)-(\d+)$/.exec(id.slice(at + 1));
  if (at <= 0 || !m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  return end > start ? { docId: id.slice(0, at), start, end } : null;
}

/** The id of a passage. */
export const passageId = (docId: string, start: number, end: number): PassageId => `${docId}:${start}-${end}`;

/** What the tools use of the app. */
export type PassageServices = Pick<AppServices, "search" | "library" | "ask">;

/** A passage as the `search` tool returns it. */
export interface FoundPassage {
  id: PassageId;
  /** Book › chapter, with the page or time when known. */
  citation: string;
  /** The reader link that opens it highlighted (absolute against `origin`). */
  url: string;
  text: string;
  score: number;
}

/** The `search` tool's filters. */
export interface PassageQuery {
  query: string;
  k: number;
  collection?: string | undefined;
  tags?: string[] | undefined;
  format?: string | undefined;
  document?: string | undefined;
}

/**
 * Ranked passages for a query, in the server's default retrieval mode.
 * @param origin - `http://host:port`, for absolute reader links ("" keeps them relative).
 * @throws StorageError when the index cannot be read.
 */
export async function findPassages(s: PassageServices, q: PassageQuery, origin: string): Promise<FoundPassage[]> {
  const filter = searchFilter({ tags: q.tags, collection: q.collection, docId: q.document, format: q.format });
  const results = await s.search.search(q.query, { k: q.k, filter });
  const sources = toSources(results, (d, o) => s.library.pages.labelAt(d, o), s.library.meta);
  return sources.map((src, i) => ({
    id: passageId(src.docId, src.start, src.end),
    citation: citationLabel(src),
    url: `${origin}${src.url}`,
    text: src.text,
    score: Number((results[i]?.score ?? 0).toFixed(4)),
  }));
}

/** A window of a document's text, as the `read` tool returns it. */
export interface PassageWindow {
  id: PassageId;
  document: string;
  title: string;
  /** The section's heading path, " › "-joined ("" before the first heading). */
  section: string;
  text: string;
  /** The window before and after this one (across a section boundary at its ends), or null at the document's ends. */
  previous: PassageId | null;
  next: PassageId | null;
}

/** Thrown by {@link readWindow} for an id that names no stored text; the message says what to do instead. */
export class PassageNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PassageNotFoundError";
  }
}

/**
 * The text around `start`–`end` of a document, at most `chars` characters
 * (default 1,500, at most 8,000), never crossing the section it starts in,
 * cut at paragraph breaks where it can: so a model with a small context reads
 * a long article a section at a time, following `next`.
 * @throws PassageNotFoundError when the document is unknown or has no stored text (a ZIM article's passage is
 *   its search text).
 */
export function readWindow(
  s: Pick<PassageServices, "library">,
  at: { docId: string; start: number; end: number },
  chars = 1500,
): PassageWindow {
  const size = Math.max(200, Math.min(8000, chars));
  const row = s.library.documents.get(at.docId);
  const stored = row ? s.library.documents.text(at.docId) : null;
  if (!row || !stored)
    throw new PassageNotFoundError(
      `no stored text for document ${at.docId}: use the passage text that search returned, or search again`,
    );
  const { text, sections } = stored;
  const start = Math.max(0, Math.min(at.start, text.length));
  const section = sections.find((x) => x.start <= start && start < x.end) ?? {
    headingPath: [],
    start: 0,
    end: text.length,
  };
  // Grow the cited span to the budget, inside its section, then snap both ends to paragraph breaks.
  const want = Math.max(size, Math.min(at.end, section.end) - start);
  let from = Math.max(section.start, start - Math.floor((want - (Math.min(at.end, section.end) - start)) / 2));
  let to = Math.min(section.end, from + want);
  from = Math.max(section.start, to - want);
  const para = text.lastIndexOf("\n\n", start);
  if (para >= from && para > section.start) from = para + 2;
  const paraEnd = text.indexOf("\n\n", Math.max(at.end, from + Math.floor(size / 2)));
  if (paraEnd > 0 && paraEnd < to) to = paraEnd;
  return {
    id: passageId(at.docId, from, to),
    document: at.docId,
    title: row.title ?? row.path,
    section: section.headingPath.join(" › "),
    text: text.slice(from, to).trim(),
    previous: from > 0 ? passageId(at.docId, Math.max(0, from - size), from) : null,
    next: to < text.length ? passageId(at.docId, to, Math.min(text.length, to + size)) : null,
  };
}
