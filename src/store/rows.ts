import type { ChunkHit, ChunkRecord } from "./schema.js";
import { textOfSearchText } from "./search-text.js";

/**
 * LanceDB rows (Arrow structs: list columns as Arrow vectors) as plain search
 * hits: tags and vectors become arrays, and the tuned layout's `search_text`
 * gives back the passage as `text` ({@link textOfSearchText}).
 */
function normaliseRows(rows: unknown[]): ChunkHit[] {
  return rows.map((r) => {
    const row = r as Record<string, unknown>;
    const tags = row.tags as { toArray?: () => unknown[] } | unknown[] | null;
    const vector = row.vector as { toArray?: () => ArrayLike<number> } | number[] | null | undefined;
    const hit: ChunkHit = {
      ...(row as unknown as ChunkHit),
      tags: Array.isArray(tags) ? (tags as string[]) : tags?.toArray ? (tags.toArray() as string[]) : [],
    };
    if (vector) hit.vector = Array.isArray(vector) ? vector : Array.from(vector.toArray?.() ?? []);
    else delete hit.vector;
    if (typeof row.search_text === "string") {
      hit.text = textOfSearchText(row.search_text, hit);
      delete (hit as { search_text?: string }).search_text;
    }
    return hit;
  });
}

/** The parts of an Arrow table (a LanceDB `toArrow()` result) that {@link hitsOfArrow} reads. */
export interface ArrowColumns {
  numRows: number;
  schema: { fields: ReadonlyArray<{ name: string }> };
  getChild(name: string): { get(index: number): unknown } | null;
}

/**
 * A query's Arrow table as plain rows, read a column at a time, then through
 * {@link normaliseRows}. Reading a column's values directly skips the
 * per-row struct proxies of `toArray()`, whose spread into a plain object was
 * the larger part of a search's JavaScript time (about 1.5 ms for 40 rows).
 * Source: Apache Arrow JS, `Table.getChild` and `Vector.get`.
 */
export function hitsOfArrow(table: ArrowColumns): ChunkHit[] {
  const rows = Array.from({ length: table.numRows }, () => ({}) as Record<string, unknown>);
  for (const { name } of table.schema.fields) {
    const column = table.getChild(name);
    if (!column) continue;
    for (let i = 0; i < rows.length; i++) (rows[i] as Record<string, unknown>)[name] = column.get(i);
  }
  return normaliseRows(rows);
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
