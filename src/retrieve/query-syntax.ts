import { STOP_WORDS, stem } from "./terms.js";

/** How a clause takes part in matching (Lucene's BooleanClause.Occur). */
export type Occur = "should" | "must" | "must_not";

/** One clause of a parsed search query: a word run, a single required/excluded word, or a phrase. */
export interface QueryClause {
  text: string;
  /** Match the words adjacent and in order (needs token positions in the index). */
  phrase: boolean;
  occur: Occur;
}

/** A parsed search query. */
export interface ParsedQuery {
  /** Clauses in query order; all free words are merged into one `should` clause, first. */
  clauses: QueryClause[];
  /**
   * The positive text with the syntax removed (free words, required words and
   * phrases), for the embedder and the extractive answerer. Empty when the
   * query only excludes.
   */
  text: string;
  /** True when the query has a quoted phrase (hybrid fusion then leans lexical). */
  hasPhrase: boolean;
  /** The query as typed. */
  source: string;
}

const TOKEN = /([+-]?)"([^"]*)"|([+-]?)(\S+)/g;

/**
 * Parses web-search syntax, as users know it from search engines:
 *
 * - `"exact phrase"` must appear as a phrase;
 * - `+word` / `+"phrase"` must appear;
 * - `-word` / `-"phrase"` must not appear;
 * - everything else is a free word that adds to the score (BM25 OR).
 *
 * A `+`/`-` counts only at the start of a word, so "covid-19" and "e-mail"
 * stay words. An unmatched quote is ignored. Punctuation inside free words is
 * left to the index tokenizer.
 */
export function parseQuery(query: string): ParsedQuery {
  const free: string[] = [];
  const clauses: QueryClause[] = [];
  const positive: string[] = [];
  let hasPhrase = false;
  const balanced = (query.match(/"/g)?.length ?? 0) % 2 === 0;
  const source = balanced ? query : query.replace(/"/g, " ");
  for (const m of source.matchAll(TOKEN)) {
    const quoted = m[2];
    const sign = (quoted !== undefined ? m[1] : m[3]) ?? "";
    const raw = (quoted ?? m[4] ?? "").replace(/\s+/g, " ").trim();
    if (!/[\p{L}\p{N}]/u.test(raw)) continue;
    if (quoted !== undefined) {
      const single = !raw.includes(" ");
      if (sign === "-") clauses.push({ text: raw, phrase: !single, occur: "must_not" });
      else {
        clauses.push({ text: raw, phrase: !single, occur: "must" });
        positive.push(raw);
        hasPhrase ||= !single;
      }
    } else if (sign === "-") clauses.push({ text: raw, phrase: false, occur: "must_not" });
    else if (sign === "+") {
      clauses.push({ text: raw, phrase: false, occur: "must" });
      positive.push(raw);
    } else {
      free.push(raw);
      positive.push(raw);
    }
  }
  if (free.length > 0) clauses.unshift({ text: free.join(" "), phrase: false, occur: "should" });
  return { clauses, text: positive.join(" "), hasPhrase, source: query };
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Whether a passage obeys the query's required, phrase and excluded clauses,
 * matching stemmed words ({@link stem}). Vector search knows nothing of
 * operators, so its candidates are checked here; stop words are ignored in
 * required words, as the BM25 index ignores them.
 */
export function satisfies(query: ParsedQuery, passage: string): boolean {
  const stems = words(passage).map(stem);
  const set = new Set(stems);
  for (const c of query.clauses) {
    if (c.occur === "should") continue;
    const needle = words(c.text)
      .filter((w) => c.phrase || !STOP_WORDS.has(w))
      .map(stem);
    const present = c.phrase ? containsRun(stems, needle) : needle.every((w) => set.has(w));
    if ((c.occur === "must") !== present) return false;
  }
  return true;
}
