import type { ChunkHit, ChunkRecord } from "./schema.js";
import { textOfSearchText } from "./search-text.js";

/** The parts of an Arrow table (a LanceDB `toArrow()` result) that {@link hitsOfArrow} reads. */
export interface ArrowColumns {
  numRows: number;
  schema: { fields: ReadonlyArray<{ name: string }> };
  getChild(name: string): { get(index: number): unknown } | null;
}

type ListValue = { toArray(): ArrayLike<unknown> } | unknown[] | null | undefined;

function plainList<T>(value: ListValue): T[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : Array.from(value.toArray())) as T[];
}

/**
 * A query's Arrow table as plain search hits, read a column at a time: list
 * columns (`tags`, `vector`) become arrays (`tags` is `[]` when not read; a null `vector` is left out), and
 * the tuned layout's `search_text` gives back the passage as `text`
 * ({@link textOfSearchText}). Reading a column's values directly skips the
 * per-row struct proxies of `toArray()`, and each hit is built once, with no
 * spread or `delete` after (either left V8 slow objects that every later
 * spread paid for: a heading-boost query reads 1,000 rows).
 * Source: Apache Arrow JS, `Table.getChild` and `Vector.get`.
 */
export function hitsOfArrow(table: ArrowColumns): ChunkHit[] {
  const n = table.numRows;
  const hits = Array.from({ length: n }, () => ({}) as Record<string, unknown>);
  let searchText: { get(index: number): unknown } | null = null;
  for (const { name } of table.schema.fields) {
    const column = table.getChild(name);
    if (!column) continue;
    if (name === "search_text") searchText = column;
    else if (name === "tags")
      for (let i = 0; i < n; i++) (hits[i] as Record<string, unknown>).tags = plainList(column.get(i) as ListValue);
    else if (name === "vector")
      for (let i = 0; i < n; i++) {
        const v = column.get(i) as ListValue;
        // A chunk not embedded yet has a null vector: the hit has none, as before.
        if (v) (hits[i] as Record<string, unknown>).vector = plainList<number>(v);
      }
    else for (let i = 0; i < n; i++) (hits[i] as Record<string, unknown>)[name] = column.get(i);
  }
  for (let i = 0; i < n; i++) {
    const hit = hits[i] as Record<string, unknown>;
    hit.tags ??= [];
    if (searchText) hit.text = textOfSearchText(searchText.get(i) as string, hit as unknown as ChunkHit);
  }
  return hits as unknown as ChunkHit[];
}

/**
 * One row of a record batch as a {@link ChunkRecord} that `Table.add` accepts:
 * list columns as arrays, and `text` read back from `search_text` when the
 * tuned layout stores the passage only there.
 */
export function recordOfRow(row: { toJSON(): Record<string, unknown> }): ChunkRecord {
  const plain = row.toJSON();
  // List columns come back as Arrow vectors; LanceDB's add wants arrays.
  for (const [k, v] of Object.entries(plain))
    if (v && typeof v === "object" && "toArray" in v) plain[k] = [...(v as unknown as Iterable<unknown>)];
  const record = plain as unknown as ChunkRecord;
  if (typeof record.text !== "string") record.text = textOfSearchText(record.search_text, record);
  return record;
}
