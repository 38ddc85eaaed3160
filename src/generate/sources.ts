import type { SearchResult } from "../retrieve/search.js";

/** A citation as returned by the API: book › chapter › passage, with offsets into the document text. */
export interface Source {
  /** 1-based number the answer cites as `[n]`. */
  index: number;
  title: string;
  author: string | null;
  /** Chapter or heading path, " › "-joined. */
  chapter: string;
  path: string;
  collection: string;
  /** Character offsets [start, end) into the document's normalised text. */
  start: number;
  end: number;
  snippet: string;
  score: number;
  tags: string[];
  /** Full passage text (used for prompting and extractive answers; not part of the API payload). */
  text: string;
}

/** Shortens a passage to about `max` characters at a word boundary. */
export function snippetOf(text: string, max = 280): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(" ", max);
  return `${flat.slice(0, cut > max / 2 ? cut : max)}…`;
}

/** Numbers search results as citable sources. */
export function toSources(results: readonly SearchResult[]): Source[] {
  return results.map((r, i) => ({
    index: i + 1,
    title: r.chunk.title,
    author: r.chunk.author,
    chapter: r.chunk.heading_path,
    path: r.chunk.path,
    collection: r.chunk.collection,
    start: r.chunk.start_offset,
    end: r.chunk.end_offset,
    snippet: snippetOf(r.chunk.text),
    score: Number(r.score.toFixed(4)),
    tags: r.chunk.tags,
    text: r.chunk.text,
  }));
}

/** The API form of a source: everything except the full passage text. */
export function publicSource(s: Source): Omit<Source, "text"> {
  const { text: _text, ...rest } = s;
  return rest;
}

/** "Title › Chapter" label for a source. */
export function citationLabel(s: Pick<Source, "title" | "chapter">): string {
  return s.chapter ? `${s.title} › ${s.chapter}` : s.title;
}
