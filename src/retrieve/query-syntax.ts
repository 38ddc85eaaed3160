import { segmentWords } from "../ingest/segment.js";
import { isStopWord } from "./stop-words.js";
import { stem } from "./terms.js";

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
  /**
   * Clauses left out because the query went past {@link QUERY_LIMITS}
   * (duplicates folded first), per kind; all zero for an ordinary query.
   */
  dropped: { phrases: number; required: number; excluded: number };
}

/**
 * The most clauses of each kind one query keeps, after folding duplicates
 * (case- and space-insensitive). Past them the query is simplified: the first
 * ones in query order are kept and the rest dropped, and {@link limitNotice}
 * says so.
 *
 * Why: LanceDB 0.x builds a `BooleanQuery` recursively, and a few hundred
 * `Must` clauses overflow the stack of its search thread, which ends the whole
 * process with SIGSEGV (docs/upstream/lancedb-boolean-must-overflow.md). No
 * real question needs more than a handful of operators; these limits leave an
 * order of magnitude to spare and stay far below the crash.
 *
 * - `phrases`: quoted phrases of two or more words (default 8);
 * - `required`: `+word` and one-word `"quotes"` (default 16);
 * - `excluded`: `-word` and `-"phrase"` (default 16).
 *
 * Free words are one `should` clause whatever their number, and the request
 * cap on query length bounds them.
 */
export const QUERY_LIMITS = { phrases: 8, required: 16, excluded: 16 } as const;

type LimitedKind = keyof typeof QUERY_LIMITS;

function kindOf(c: QueryClause): LimitedKind {
  if (c.occur === "must_not") return "excluded";
  return c.phrase ? "phrases" : "required";
}

/**
 * Folds duplicate clauses and keeps at most {@link QUERY_LIMITS} of each kind,
 * in query order.
 * @returns the kept clauses and how many of each kind were dropped.
 */
function boundClauses(clauses: QueryClause[]): Pick<ParsedQuery, "clauses" | "dropped"> {
  const seen = new Set<string>();
  const kept: QueryClause[] = [];
  const counts = { phrases: 0, required: 0, excluded: 0 };
  const dropped = { phrases: 0, required: 0, excluded: 0 };
  for (const c of clauses) {
    const key = `${c.occur}|${c.phrase}|${c.text.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const kind = kindOf(c);
    if (counts[kind] >= QUERY_LIMITS[kind]) {
      dropped[kind]++;
      continue;
    }
    counts[kind]++;
    kept.push(c);
  }
  return { clauses: kept, dropped };
}

/**
 * A sentence for people when {@link parseQuery} simplified the query, e.g.
 * "This search used the first 8 quoted phrases and ignored 3 more (at most 8
 * quoted phrases, 16 required and 16 excluded words a search).".
 * @returns the sentence, or null when nothing was dropped.
 */
export function limitNotice(query: ParsedQuery): string | null {
  const { phrases, required, excluded } = query.dropped;
  const parts: string[] = [];
  if (phrases) parts.push(`the first ${QUERY_LIMITS.phrases} quoted phrases and ignored ${phrases} more`);
  if (required) parts.push(`the first ${QUERY_LIMITS.required} required words and ignored ${required} more`);
  if (excluded) parts.push(`the first ${QUERY_LIMITS.excluded} excluded words and ignored ${excluded} more`);
  if (parts.length === 0) return null;
  return `This search used ${parts.join("; ")} (at most ${QUERY_LIMITS.phrases} quoted phrases, ${QUERY_LIMITS.required} required and ${QUERY_LIMITS.excluded} excluded words a search).`;
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
 * left to the index tokenizer. Repeated clauses are folded and each kind is
 * capped at {@link QUERY_LIMITS}; `dropped` counts what was left out.
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
    if (!/[\p{L}\p{M}\p{N}]/u.test(raw)) continue;
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
  const bounded = boundClauses(clauses);
  if (free.length > 0) bounded.clauses.unshift({ text: free.join(" "), phrase: false, occur: "should" });
  // The embedder and the answerer see each kept required text once, in query order.
  const kept = new Set(bounded.clauses.filter((c) => c.occur === "must").map((c) => c.text));
  const freeWords = new Set(free);
  const text = positive.filter((p) => freeWords.has(p) || (kept.has(p) && kept.delete(p))).join(" ");
  return { ...bounded, text, hasPhrase, source: query };
}

function words(text: string): string[] {
  return segmentWords(text.toLowerCase(), " ").match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
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
  const stems = words(passage).map((w) => stem(w));
  const set = new Set(stems);
  for (const c of query.clauses) {
    if (c.occur === "should") continue;
    const needle = words(c.text)
      .filter((w) => c.phrase || !isStopWord(w))
      .map((w) => stem(w));
    const present = c.phrase ? containsRun(stems, needle) : needle.every((w) => set.has(w));
    if ((c.occur === "must") !== present) return false;
  }
  return true;
}
