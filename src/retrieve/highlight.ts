import { parseQuery } from "./query-syntax.js";
import { queryTerms, stem } from "./terms.js";

/** A run of a block's text, marked when it lies inside the highlighted range. */
export interface TextPart {
  text: string;
  marked: boolean;
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;

/**
 * Splits a passage into parts with the query's words marked: a passage word
 * is marked when its stem ({@link stem}) is one of the query's positive terms,
 * so "boiling" is marked for "boil". Excluded (`-word`) terms and stop words
 * are never marked.
 * @returns parts that concatenate back to `text` exactly.
 */
export function highlightTerms(text: string, query: string): TextPart[] {
  const wanted = new Set(queryTerms(parseQuery(query).text));
  if (wanted.size === 0) return [{ text, marked: false }];
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of text.matchAll(WORD)) {
    if (!wanted.has(stem(m[0]))) continue;
    const start = m.index as number;
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    parts.push({ text: m[0], marked: true });
    at = start + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return parts;
}
