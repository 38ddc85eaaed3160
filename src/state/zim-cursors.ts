import { eq } from "drizzle-orm";
import type { StateDb } from "./db.js";
import { zimCursors } from "./schema.js";

/** A ZIM archive's indexing position (see the `zim_cursors` table). */
export interface ZimCursor {
  /** `uuid:md5` of the archive the cursor belongs to. */
  identity: string;
  /** Next article position to index. */
  next: number;
  /** Articles and chunks written before `next`. */
  articles: number;
  chunks: number;
  /** Front-article positions in the archive. */
  total: number;
}

/** The cursor of a ZIM document, or null when none is stored. */
export function getZimCursor(db: StateDb, docId: string): ZimCursor | null {
  const row = db.select().from(zimCursors).where(eq(zimCursors.docId, docId)).get();
  return row
    ? { identity: row.identity, next: row.next, articles: row.articles, chunks: row.chunks, total: row.total }
    : null;
}

/** Stores a ZIM document's cursor (upsert). */
export function putZimCursor(db: StateDb, docId: string, cursor: ZimCursor): void {
  const values = { ...cursor, updatedAt: Date.now() };
  db.insert(zimCursors)
    .values({ docId, ...values })
    .onConflictDoUpdate({ target: zimCursors.docId, set: values })
    .run();
}

/** Forgets a ZIM document's cursor (the archive left the library, changed, or failed). */
export function deleteZimCursor(db: StateDb, docId: string): void {
  db.delete(zimCursors).where(eq(zimCursors.docId, docId)).run();
}

/** Forgets every ZIM cursor (the whole index is being rebuilt). */
export function deleteAllZimCursors(db: StateDb): void {
  db.delete(zimCursors).run();
}
