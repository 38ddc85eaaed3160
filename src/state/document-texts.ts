import { eq } from "drizzle-orm";
import { type ReaderText, unpackReaderText } from "../ingest/reader-text.js";
import type { StateDb } from "./db.js";
import { documentTexts } from "./schema.js";

/** Stores a document's packed reader text (replacing any earlier one). */
export function putDocumentText(db: StateDb, docId: string, body: Uint8Array): void {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  db.insert(documentTexts)
    .values({ docId, body: buf })
    .onConflictDoUpdate({ target: documentTexts.docId, set: { body: buf } })
    .run();
}

/** Drops a document's reader text (the document left the library or failed). */
export function deleteDocumentText(db: StateDb, docId: string): void {
  db.delete(documentTexts).where(eq(documentTexts.docId, docId)).run();
}

/** A document's reader text, or null when none is stored (not indexed yet, or failed). */
export function getDocumentText(db: StateDb, docId: string): ReaderText | null {
  const row = db.select().from(documentTexts).where(eq(documentTexts.docId, docId)).get();
  return row ? unpackReaderText(row.body) : null;
}

/** Whether a document has its reader text stored. */
export function hasDocumentText(db: StateDb, docId: string): boolean {
  return (
    db.select({ docId: documentTexts.docId }).from(documentTexts).where(eq(documentTexts.docId, docId)).get() !==
    undefined
  );
}

/**
 * Marks indexed documents that have no reader text (an index built before the
 * reader existed) for a re-check: the next reconcile re-reads them, and the
 * parse stores their text without re-chunking or re-embedding unchanged bytes.
 * ZIM archives are left alone: their reader reads each article from the archive.
 * @returns how many documents were marked.
 */
export function markMissingDocumentTexts(db: StateDb): number {
  return db.$client
    .prepare(
      "UPDATE documents SET size = -1 WHERE status = 'indexed' AND format != 'zim' AND id NOT IN (SELECT doc_id FROM document_texts)",
    )
    .run().changes;
}
