/**
 * The indexed text of a chunk, and the chunk text recovered from it. Pure and
 * free of LanceDB, so parse workers can build rows.
 *
 * The table stores a chunk's text once, inside `search_text`, after its book
 * title, heading path and list lead-in: BM25 needs those words in the same
 * field, and the reader needs the text alone, which is the field less a
 * prefix rebuilt from the row's own `title`, `heading_path` and `lead_in` columns.
 */
import { segmentWords, unsegmentWords } from "../ingest/segment.js";

/** The columns the search text is made of. */
export interface SearchTextParts {
  title: string;
  heading_path: string;
  lead_in: string | null;
  text: string;
}

function prefixOf(parts: Omit<SearchTextParts, "text">): string {
  return `${parts.title}\n${parts.heading_path}\n${parts.lead_in ? `${parts.lead_in}\n` : ""}`;
}

/**
 * `title \n heading path \n [lead-in \n] text`: what the main BM25 field indexes, with the words of
 * Chinese, Japanese, Thai, Lao, Khmer and Burmese runs separated by U+200B ({@link segmentWords}).
 */
export function searchTextOf(parts: SearchTextParts): string {
  return segmentWords(prefixOf(parts) + parts.text);
}

/**
 * The chunk text inside a stored `search_text`.
 * @returns the text after the prefix; the whole field if it does not start with
 * the prefix (a row written by other code), so nothing is ever cut wrongly.
 */
export function textOfSearchText(searchText: string, parts: Omit<SearchTextParts, "text">): string {
  const prefix = prefixOf(parts);
  const plain = unsegmentWords(searchText);
  return plain.startsWith(prefix) ? plain.slice(prefix.length) : plain;
}
