import { sqlString } from "../store/sql.js";

/**
 * Retrieval modes. `vector` and `hybrid` need an embedding model; `rerank`
 * needs a reranker and re-scores the best first-stage passages (hybrid with an
 * embedding model, else BM25) with it. `auto` picks the strongest mode the
 * loaded models allow: rerank, then hybrid, then BM25.
 */
export const SEARCH_MODES = ["auto", "bm25", "vector", "hybrid", "rerank"] as const;

/** One of {@link SEARCH_MODES}. */
export type SearchMode = (typeof SEARCH_MODES)[number];

/** Filters shared by every search path, normalised by {@link searchFilter}. */
export interface SearchFilter {
  /** Every listed tag must be present (lower case, as the indexer stores them). */
  tags?: string[];
  collection?: string;
  /** A document id; a ZIM archive's id also selects its articles. */
  docId?: string;
  /** Book format: `epub`, `pdf`, `html`, `zim`, `media`, `markdown` or `text`. */
  format?: string;
}

/** What a caller may pass to {@link searchFilter}: tags as a list or one comma-separated string, and empty fields. */
export interface SearchFilterInput {
  tags?: readonly string[] | string | null;
  collection?: string | null;
  docId?: string | null;
  format?: string | null;
}

/**
 * The one builder of a {@link SearchFilter}, used by every route and command:
 * tags are split on commas, trimmed and lower-cased (the indexer stores them
 * lower case: `Water` and `water` are the same tag), empty fields are left out,
 * and the collection, document and format are trimmed.
 * @example searchFilter({ tags: "Water, First-Aid" }) // { tags: ["water", "first-aid"] }
 */
export function searchFilter(input: SearchFilterInput = {}): SearchFilter {
  const raw = typeof input.tags === "string" ? input.tags.split(",") : (input.tags ?? []);
  const tags = [...new Set(raw.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  const filter: SearchFilter = {};
  if (tags.length > 0) filter.tags = tags;
  const collection = input.collection?.trim();
  if (collection) filter.collection = collection;
  const docId = input.docId?.trim();
  if (docId) filter.docId = docId;
  const format = input.format?.trim().toLowerCase();
  if (format) filter.format = format;
  return filter;
}

/**
 * The SQL `WHERE` predicate (LanceDB's DataFusion dialect) for a {@link SearchFilter}.
 * @returns undefined when it filters nothing.
 */
export function filterToSql(filter: SearchFilter = {}): string | undefined {
  const parts: string[] = [];
  if (filter.tags && filter.tags.length > 0)
    parts.push(`array_has_all(tags, [${filter.tags.map(sqlString).join(", ")}])`);
  if (filter.collection) parts.push(`collection = ${sqlString(filter.collection)}`);
  // A ZIM archive's id also selects its articles (`<id>.<entry>`).
  if (filter.docId)
    parts.push(`(doc_id = ${sqlString(filter.docId)} OR starts_with(doc_id, ${sqlString(`${filter.docId}.`)}))`);
  if (filter.format) parts.push(`format = ${sqlString(filter.format)}`);
  return parts.length > 0 ? parts.join(" AND ") : undefined;
}
