import { eq } from "drizzle-orm";
import type { StateDb } from "./db.js";
import { updateDocument } from "./documents.js";
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

/**
 * The `zim_cursors` table as a repository for the indexer: where each ZIM
 * archive's ingest stands, moved forward together with the archive's state row.
 */
export class ZimCursorRepository {
  constructor(private readonly db: StateDb) {}

  /** The cursor of a ZIM document, or null when none is stored. */
  get(docId: string): ZimCursor | null {
    return getZimCursor(this.db, docId);
  }

  /** Stores a ZIM document's cursor (upsert). */
  put(docId: string, cursor: ZimCursor): void {
    putZimCursor(this.db, docId, cursor);
  }

  /** Forgets a ZIM document's cursor (the archive left the library, changed, failed, or is indexed again). */
  delete(docId: string): void {
    deleteZimCursor(this.db, docId);
  }

  /** Forgets every ZIM cursor (the whole index is being rebuilt). */
  deleteAll(): void {
    deleteAllZimCursors(this.db);
  }

  /**
   * Records a committed batch in one transaction: the archive's cursor moves
   * to `cursor`, and its state row (library-relative `path`) takes the chunk
   * count with the crash counter cleared (progress was made).
   */
  advance(docId: string, path: string, cursor: ZimCursor): void {
    this.db.transaction(() => {
      putZimCursor(this.db, docId, cursor);
      updateDocument(this.db, path, { chunkCount: cursor.chunks, attempts: 0 });
    });
  }
}
