import * as lancedb from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Int32, List, Schema, Utf8 } from "apache-arrow";

/** The LanceDB folder inside a data folder. */
export const LANCE_DIR = "lancedb";

/** The state database's `meta` key naming the table searched, when it is not {@link CHUNKS_TABLE} (an embedding switch builds a new one). */
export const ACTIVE_TABLE_KEY = "index.table";

/** Name of the single chunks table. */
export const CHUNKS_TABLE = "chunks";

/** One chunk row as stored in LanceDB. Offsets are UTF-16 indexes into the document's normalised text. */
export interface ChunkRecord {
  /** `${doc_id}:${chunk_index}`. */
  id: string;
  doc_id: string;
  /** Library-relative path, POSIX separators. */
  path: string;
  title: string;
  author: string | null;
  /** Heading path joined with " › " ("Water › Water Purification"); empty when none. */
  heading_path: string;
  spine_index: number | null;
  chunk_index: number;
  start_offset: number;
  end_offset: number;
  /** The passage; stored only inside `search_text` (`src/store/search-text.ts`) in the tuned profile. */
  text: string;
  /**
   * The list lead-in sentence carried from an earlier chunk when this chunk
   * continues a list or table (see `Chunk.leadIn`); null otherwise. Not part of `text`.
   */
  lead_in: string | null;
  /** What BM25 indexes: title and heading path, then the text, so heading words count. */
  search_text: string;
  /** Title and heading path alone: a second BM25 field whose matches add a boost. */
  heading_text: string;
  tags: string[];
  format: string;
  collection: string;
  /** L2-normalised embedding, present only when the table was created with vectors. */
  vector?: number[];
}

/** A search hit: the stored columns and the engine's raw score; `vector` only when asked for. */
export type ChunkHit = Omit<ChunkRecord, "vector" | "search_text" | "heading_text"> & {
  vector?: number[];
  /** BM25 (lexical search), higher is better. */
  _score?: number;
  /** Cosine distance (vector search), lower is better. */
  _distance?: number;
  /** Hybrid search: fused score, the raw BM25 score (null when only the vector search found it) and the cosine. */
  _relevance_score?: number;
  _bm25?: number | null;
  _cosine?: number | null;
};

/**
 * How the lexical side is built. `tuned` (the default) indexes title +
 * heading path + text with English stemming, stop words, ASCII folding and
 * positions, adds a boosted title/heading field, and understands phrases and
 * +/− operators. `baseline` is LanceDB's out-of-the-box setup — `Index.fts()`
 * on the chunk text, the query passed as a plain match — kept so the
 * evaluation can show what tuning bought.
 */
export type LexicalProfile = "tuned" | "baseline";

/** Columns a hit reads; the text comes from `search_text` (tuned) or `text` (baseline). */
const META_COLUMNS = [
  "id",
  "doc_id",
  "path",
  "title",
  "author",
  "heading_path",
  "spine_index",
  "chunk_index",
  "start_offset",
  "end_offset",
  "lead_in",
  "tags",
  "format",
  "collection",
];

/** The text columns each profile stores: the tuned one keeps the passage once, inside `search_text`. */
export function textColumns(lexical: LexicalProfile): string[] {
  return lexical === "baseline" ? ["text"] : ["search_text", "heading_text"];
}

/** The columns a search hit reads: the metadata and the column that holds the passage. */
export function hitColumns(lexical: LexicalProfile): string[] {
  return [...META_COLUMNS, lexical === "baseline" ? "text" : "search_text"];
}

/** The Arrow schema of a chunks table: `dims` adds the vector column (Float32 × dims); null makes a lexical-only table. */
export function chunkSchema(dims: number | null, lexical: LexicalProfile): Schema {
  const fields: Field[] = [
    new Field("id", new Utf8(), false),
    new Field("doc_id", new Utf8(), false),
    new Field("path", new Utf8(), false),
    new Field("title", new Utf8(), false),
    new Field("author", new Utf8(), true),
    new Field("heading_path", new Utf8(), false),
    new Field("spine_index", new Int32(), true),
    new Field("chunk_index", new Int32(), false),
    new Field("start_offset", new Int32(), false),
    new Field("end_offset", new Int32(), false),
    new Field("lead_in", new Utf8(), true),
    ...textColumns(lexical).map((name) => new Field(name, new Utf8(), false)),
    new Field("tags", new List(new Field("item", new Utf8(), true)), false),
    new Field("format", new Utf8(), false),
    new Field("collection", new Utf8(), false),
  ];
  if (dims !== null)
    fields.push(new Field("vector", new FixedSizeList(dims, new Field("item", new Float32(), true)), true));
  return new Schema(fields);
}

/**
 * The text a model reads for a chunk: book title, heading path and passage
 * ("Water › Water Purification\n…"), so a passage carries its book and chapter
 * (Khoj/AnythingLLM practice). Used for document embeddings and cross-encoder input alike.
 */
export function passageText(chunk: Pick<ChunkRecord, "title" | "heading_path" | "text" | "lead_in">): string {
  const lead = chunk.lead_in ? `${chunk.lead_in}\n` : "";
  return `${chunk.title}${chunk.heading_path ? ` › ${chunk.heading_path}` : ""}\n${lead}${chunk.text}`;
}

/**
 * Scalar indexes, by column: btree on `id` (the heading boost's threshold fetch,
 * neighbour lookups) and `doc_id`, label-list on `tags`, bitmap on `collection`
 * and `format`. Factories, because `createIndex` consumes an `Index`.
 */
export const SCALAR_INDEXES: Record<string, () => lancedb.Index> = {
  id: () => lancedb.Index.btree(),
  doc_id: () => lancedb.Index.btree(),
  tags: () => lancedb.Index.labelList(),
  collection: () => lancedb.Index.bitmap(),
  format: () => lancedb.Index.bitmap(),
};

/** The full-text index of a profile: LanceDB's defaults for `baseline`, else English stemming, stop words, folding and positions. */
export function ftsIndex(lexical: LexicalProfile): () => lancedb.Index {
  if (lexical === "baseline") return () => lancedb.Index.fts();
  return () =>
    lancedb.Index.fts({
      baseTokenizer: "simple",
      language: "English",
      stem: true,
      removeStopWords: true,
      lowercase: true,
      asciiFolding: true,
      withPosition: true,
    });
}

/** Every column maintenance indexes (the vector index aside): the full-text ones, then the scalar ones. */
export function indexedColumns(lexical: LexicalProfile): string[] {
  return [...textColumns(lexical), ...Object.keys(SCALAR_INDEXES)];
}

/** Whether `schema` has exactly the `wanted` columns, with the same types. */
export function sameColumns(schema: Schema, wanted: Schema): boolean {
  return (
    schema.fields.length === wanted.fields.length &&
    wanted.fields.every((f) => {
      const have = schema.fields.find((g) => g.name === f.name);
      return have !== undefined && String(have.type) === String(f.type);
    })
  );
}

/** Whether the table is `wanted` plus the old layout's `text` column. */
export async function hasTextCopy(table: lancedb.Table, wanted: Schema): Promise<boolean> {
  const schema = await table.schema();
  const rest = schema.fields.filter((f) => f.name !== "text");
  return rest.length === schema.fields.length - 1 && sameColumns(new Schema(rest), wanted);
}
