import { asc, eq } from "drizzle-orm";
import type { StateDb } from "./db.js";
import { type DocumentRow, documents } from "./schema.js";

/** Columns of a `documents` row that can be set. */
export type DocumentValues = Partial<typeof documents.$inferInsert>;

/** Updates the state row of one library-relative path and stamps `updatedAt`; a missing row is left missing. */
export function updateDocument(db: StateDb, path: string, values: DocumentValues): void {
  db.update(documents)
    .set({ ...values, updatedAt: Date.now() })
    .where(eq(documents.path, path))
    .run();
}

/** One document's state row by id, or undefined. */
export function getDocument(db: StateDb, id: string): DocumentRow | undefined {
  return db.select().from(documents).where(eq(documents.id, id)).get();
}

/** Every document's state row, ordered by collection then path. */
export function listDocuments(db: StateDb): DocumentRow[] {
  return db.select().from(documents).orderBy(asc(documents.collection), asc(documents.path)).all();
}
