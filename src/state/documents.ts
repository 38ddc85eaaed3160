import { eq } from "drizzle-orm";
import type { StateDb } from "./db.js";
import { documents } from "./schema.js";

/** Columns of a `documents` row that can be set. */
export type DocumentValues = Partial<typeof documents.$inferInsert>;

/** Updates the state row of one library-relative path and stamps `updatedAt`; a missing row is left missing. */
export function updateDocument(db: StateDb, path: string, values: DocumentValues): void {
  db.update(documents)
    .set({ ...values, updatedAt: Date.now() })
    .where(eq(documents.path, path))
    .run();
}
