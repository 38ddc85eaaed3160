import type { ChunkHit, ChunkRecord } from "./schema.js";
import { textOfSearchText } from "./search-text.js";

/**
 * LanceDB rows (Arrow structs: list columns as Arrow vectors) as plain search
 * hits: tags and vectors become arrays, and the tuned layout's `search_text`
 * gives back the passage as `text` ({@link textOfSearchText}).
 */
export function normaliseRows(rows: unknown[]): ChunkHit[] {
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
