import * as lancedb from "@lancedb/lancedb";
import { segmentWords } from "../ingest/segment.js";
import type { ChunkHit, ChunkStore, LexicalProfile } from "../store/chunk-store.js";
import { sqlString } from "../store/sql.js";
import type { ParsedQuery } from "./query-syntax.js";
import { dropStopWords } from "./terms.js";

/**
 * How many more main-field hits than asked for are re-scored with the
 * heading boost. Hits below them are fetched only when their heading score
 * could lift them into the top k ({@link missedByMain}), which a margin makes rare.
 */
export const HEADING_RERANK_MARGIN = 30;

/**
 * How many main-field hits to fetch for a top `k`: `k` plus
 * {@link HEADING_RERANK_MARGIN}, or twice `k` for deep searches (the
 * evaluation's 200), where a margin of 30 left a few hundred chunks to fetch
 * again on one query in three.
 */
export function mainDepth(k: number): number {
  return k + Math.max(HEADING_RERANK_MARGIN, k);
}

/**
 * Heading hits left to fetch by id above which the main query runs again
 * five times deeper instead, up to {@link MAIN_DEPTH_MAX}: a deeper list has a
 * lower floor, which rules most of them out. At 1M chunks a fetch of 700–1,000
 * ids took 100–260 ms, and a main query 200 deep about 20 ms more than 40 deep.
 */
export const MISSED_FETCH_MAX = 100;
/** The deepest the main query goes before the rest is fetched by id. */
export const MAIN_DEPTH_MAX = 1000;

/**
 * How many heading-field hits are fetched to look up the boosts. A main hit
 * outside them gets no boost, though it may deserve up to the weight times
 * the last one's score; at this depth that changes no ranking on SciFact or
 * Cranfield (docs/retrieval.md).
 */
export const HEADING_BOOST_DEPTH = 1000;

/** Query words of unspaced scripts split as the indexed text is ({@link segmentWords}), with spaces. */
function spaced(text: string): string {
  return segmentWords(text, " ");
}

/**
 * Turns a parsed query into the main LanceDB full-text query: free words
 * (less question and function words) as one BM25 OR-match over
 * `search_text`, phrases as phrase queries, `+`/`−` clauses as
 * MUST/MUST_NOT. The `baseline` profile passes the text as a plain match on `text`.
 * @returns null when nothing positive is left to match (an empty or exclude-only query).
 */
export function mainQuery(query: ParsedQuery, lexical: LexicalProfile): lancedb.FullTextQuery | null {
  if (lexical === "baseline") return query.text ? new lancedb.MatchQuery(query.text, "text") : null;
  if (!query.clauses.some((c) => c.occur !== "must_not")) return null;
  const occur = { should: lancedb.Occur.Should, must: lancedb.Occur.Must, must_not: lancedb.Occur.MustNot };
  const clauses: Array<[lancedb.Occur, lancedb.FullTextQuery]> = query.clauses.map((c) => [
    occur[c.occur],
    c.phrase
      ? new lancedb.PhraseQuery(spaced(c.text), "search_text")
      : c.occur === "should"
        ? new lancedb.MatchQuery(dropStopWords(spaced(c.text)), "search_text")
        : new lancedb.MatchQuery(spaced(c.text), "search_text", { operator: lancedb.Operator.And }),
  ]);
  const only = clauses[0];
  return clauses.length === 1 && only ? only[1] : new lancedb.BooleanQuery(clauses);
}

/**
 * The heading query: the words of every positive clause as should-matches on
 * `heading_text` (book title, heading path, list titles). Its BM25 score,
 * times the heading boost, is added to the main score of the same chunk.
 * @returns null in the baseline profile, or when no positive words are left.
 */
export function headingQuery(query: ParsedQuery, lexical: LexicalProfile): lancedb.FullTextQuery | null {
  if (lexical === "baseline") return null;
  const clauses: Array<[lancedb.Occur, lancedb.FullTextQuery]> = [];
  for (const c of query.clauses) {
    if (c.occur === "must_not") continue;
    const words = c.occur === "should" ? dropStopWords(spaced(c.text)) : spaced(c.text);
    if (words.trim()) clauses.push([lancedb.Occur.Should, new lancedb.MatchQuery(words, "heading_text")]);
  }
  const only = clauses[0];
  if (!only) return null;
  return clauses.length === 1 ? only[1] : new lancedb.BooleanQuery(clauses);
}

/**
 * Adds the heading boost to main-field hits and re-ranks them:
 * `score = main + weight × heading`, where `heading` is the chunk's BM25 score
 * on the heading field (0 when it has none). Run as two separate queries this
 * is what one boolean query over both fields scores, at a fraction of the
 * cost: the boolean query defeated LanceDB's top-k pruning (4× slower at
 * 100,000 chunks, docs/retrieval.md).
 * @param hits - main hits with `_score`, best first.
 * @param heading - heading-field BM25 scores by chunk id.
 * @returns the `k` best, with `_score` boosted, best first.
 */
export function withHeadingBoost<T extends { id: string; _score?: number }>(
  hits: readonly T[],
  heading: ReadonlyMap<string, number>,
  weight: number,
  k: number,
): T[] {
  return hits
    .map((h) => ({ ...h, _score: (h._score ?? 0) + weight * (heading.get(h.id) ?? 0) }))
    .sort((a, b) => b._score - a._score)
    .slice(0, k);
}

/**
 * Heading hits that the main query's top `depth` left out but whose boost
 * could still lift them into the top `k`: a chunk outside the main list
 * scores at most the list's lowest main score, so it matters only when that
 * plus `weight × heading` beats the k-th boosted score (Fagin's threshold
 * algorithm, "Optimal aggregation algorithms for middleware", PODS 2001).
 * @param main - the main query's hits with `_score`, best first, at most `depth` of them.
 * @returns chunk ids to score on the main field too; empty when the main list was exhausted.
 */
export function missedByMain(
  main: ReadonlyArray<{ id: string; _score?: number }>,
  depth: number,
  heading: ReadonlyMap<string, number>,
  weight: number,
  k: number,
): string[] {
  if (main.length < depth) return [];
  const floor = main.at(-1)?._score ?? 0;
  const kth = withHeadingBoost(main, heading, weight, k).at(-1)?._score ?? 0;
  const seen = new Set(main.map((h) => h.id));
  return [...heading].filter(([id, score]) => !seen.has(id) && floor + weight * score > kth).map(([id]) => id);
}

/**
 * The section query: every word of `required` on `heading_text` (book title,
 * heading path, list titles), with `optional` words as should-matches that rank.
 * @returns null in the baseline profile (it has no heading field) or when `required` is blank.
 */
export function sectionQuery(
  required: string,
  optional: string,
  lexical: LexicalProfile,
): lancedb.FullTextQuery | null {
  if (lexical === "baseline" || !required.trim()) return null;
  const clauses: Array<[lancedb.Occur, lancedb.FullTextQuery]> = [
    [lancedb.Occur.Must, new lancedb.MatchQuery(spaced(required), "heading_text", { operator: lancedb.Operator.And })],
  ];
  if (optional.trim()) clauses.push([lancedb.Occur.Should, new lancedb.MatchQuery(spaced(optional), "heading_text")]);
  return new lancedb.BooleanQuery(clauses);
}

/** How {@link boostedFullText} searches. */
export interface BoostedSearchOptions {
  /** The SQL predicate of the search filter (`filterToSql`), or undefined. */
  where?: string;
  /** Weight of a heading-field match added to the main BM25 score; 0 turns the heading query off. */
  headingBoost: number;
  /** Read only ids and scores (hybrid fusion's raw BM25). */
  scoresOnly?: boolean;
  /** How many boosted hits to keep; default `k`. */
  keep?: number;
}

/**
 * BM25 full-text search with the heading boost: the main query ({@link mainQuery})
 * and, when the boost is on, the heading query ({@link headingQuery}) run side
 * by side and are fused ({@link withHeadingBoost}); heading hits the main list
 * left out but whose boost could lift them into the top `k` are fetched by id
 * ({@link missedByMain}). Scores as one boolean query over both fields would, at a fraction of its cost.
 * @returns up to `keep` hits with `_score` (BM25, higher is better), best first; none for a query with nothing positive.
 * @throws StorageError when the table cannot be read.
 */
export async function boostedFullText(
  store: ChunkStore,
  query: ParsedQuery,
  k: number,
  opts: BoostedSearchOptions,
): Promise<ChunkHit[]> {
  const main = mainQuery(query, store.lexical);
  if (!main) return [];
  const { where, scoresOnly = false, headingBoost: weight } = opts;
  const heading = weight > 0 ? headingQuery(query, store.lexical) : null;
  if (!heading) return store.fullText(main, k, where, scoresOnly);
  let depth = mainDepth(k);
  let [hits, headingHits] = await Promise.all([
    store.fullText(main, depth, where, scoresOnly),
    store.fullText(heading, HEADING_BOOST_DEPTH, where, true),
  ]);
  const boosts = new Map(headingHits.map((h) => [h.id, h._score ?? 0]));
  let missed = missedByMain(hits, depth, boosts, weight, k);
  while (missed.length > MISSED_FETCH_MAX && depth < MAIN_DEPTH_MAX) {
    depth = Math.min(depth * 5, MAIN_DEPTH_MAX);
    hits = await store.fullText(main, depth, where, scoresOnly);
    missed = missedByMain(hits, depth, boosts, weight, k);
  }
  if (missed.length > 0) {
    const ids = `id IN (${missed.map(sqlString).join(", ")})`;
    hits.push(...(await store.fullText(main, missed.length, where ? `${where} AND ${ids}` : ids, scoresOnly)));
  }
  return withHeadingBoost(hits, boosts, weight, opts.keep ?? k);
}

/**
 * Raw BM25 scores of the top `k` boosted full-text hits, by chunk id (what hybrid fusion normalises).
 * Every re-scored hit keeps its boosted score ({@link HEADING_RERANK_MARGIN} more than `k`): hybrid
 * search's own full-text side ranks by the main field alone, and its candidates must all find a score here.
 * @returns an empty map before the full-text index exists or for a query with nothing positive.
 */
export async function bm25Scores(
  store: ChunkStore,
  query: ParsedQuery,
  k: number,
  opts: Omit<BoostedSearchOptions, "scoresOnly" | "keep">,
): Promise<Map<string, number>> {
  const rows = await boostedFullText(store, query, k, { ...opts, scoresOnly: true, keep: k + HEADING_RERANK_MARGIN });
  return new Map(rows.map((r) => [r.id, r._score ?? 0]));
}
