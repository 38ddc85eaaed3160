import { and, asc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { ReaderText } from "../ingest/reader-text.js";
import { getMeta, type StateDb, setMeta } from "./db.js";
import { deleteDocumentText, getDocumentText, hasDocumentText, putDocumentText } from "./document-texts.js";
import { DOCUMENT_STATUSES, type DocumentRow, type DocumentStatus, documents } from "./schema.js";

export {
  type DocumentMeta,
  documentMetaLookup,
  METADATA_VERSION,
  markStaleMetadata,
  type PublishedValues,
  publishedValues,
} from "./document-meta.js";

/** Columns of a `documents` row that can be set. */
export type DocumentValues = Partial<typeof documents.$inferInsert>;

/** The columns that name a new `documents` row: its id, library-relative path, collection and format. */
export type DocumentIdentity = Pick<typeof documents.$inferInsert, "id" | "path" | "collection" | "format">;

/** A document the library lists as a problem: failed or skipped with its reason, or indexed with a warning. */
export interface DocumentProblem {
  /** Library-relative path. */
  path: string;
  status: DocumentStatus;
  /** The error, or the warning of an indexed document; "unknown error" when none was recorded. */
  error: string;
}

/** One document whose chunks were written: its reader text and the state row values to set. */
export interface CommittedDocument {
  /** Library-relative path. */
  path: string;
  docId: string;
  /** The packed reader text (`ingest/reader-text.ts`). */
  reader: Uint8Array;
  /** Row values set with `indexedAt`. */
  state: DocumentValues;
}

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

/**
 * The `documents` table group (state rows and stored reader text) as one repository:
 * the indexer writes through it and the pages read through it, so nothing above `state/` runs SQL.
 * Every method is synchronous (better-sqlite3) and throws SQLite's error, e.g. `SQLITE_FULL` on a full disk.
 */
export class DocumentRepository {
  constructor(private readonly db: StateDb) {}

  /**
   * Marks every failed document to be read again once per version of the format readers: a failed file
   * is otherwise read again only when it changes, and a newer reader may read what an older one failed.
   * @param readers - the current readers' version (`READERS_VERSION`); nothing happens when it is the stored one.
   * @returns how many documents were marked.
   */
  retryFailedForReaders(readers: number): number {
    if (getMeta(this.db, "readers_version") === String(readers)) return 0;
    const marked = this.db
      .update(documents)
      .set({ size: -1, contentHash: null })
      .where(eq(documents.status, "failed"))
      .run().changes;
    setMeta(this.db, "readers_version", String(readers));
    return marked;
  }

  /** Whether any document has a state row (a data folder that has indexed something). */
  any(): boolean {
    return this.db.select({ id: documents.id }).from(documents).limit(1).get() !== undefined;
  }

  /** Forgets every document (`--reset`: the library is indexed again from nothing). */
  removeAll(): void {
    this.db.delete(documents).run();
  }

  /** One document's state row by id, or undefined. */
  get(id: string): DocumentRow | undefined {
    return getDocument(this.db, id);
  }

  /** One document's state row by library-relative path, or undefined. */
  byPath(path: string): DocumentRow | undefined {
    return this.db.select().from(documents).where(eq(documents.path, path)).get();
  }

  /** Every document's state row, ordered by collection then path. */
  list(): DocumentRow[] {
    return listDocuments(this.db);
  }

  /** Every document's state row in the table's own order (for a reconcile, which needs no order). */
  rows(): DocumentRow[] {
    return this.db.select().from(documents).all();
  }

  /** Every document's library-relative path, in the table's order. */
  paths(): string[] {
    return this.db
      .select({ path: documents.path })
      .from(documents)
      .all()
      .map((r) => r.path);
  }

  /** A document's stored reader text (normalised text, sections, pages), or null when none is stored. */
  text(id: string): ReaderText | null {
    return getDocumentText(this.db, id);
  }

  /** Whether a document has its reader text stored. */
  hasText(id: string): boolean {
    return hasDocumentText(this.db, id);
  }

  /** Stores a document's packed reader text, replacing any earlier one. */
  putText(id: string, body: Uint8Array): void {
    putDocumentText(this.db, id, body);
  }

  /** Drops a document's reader text (it left the library, or its chunks were deleted). */
  deleteText(id: string): void {
    deleteDocumentText(this.db, id);
  }

  /** See {@link updateDocument}. */
  update(path: string, values: DocumentValues): void {
    updateDocument(this.db, path, values);
  }

  /** Adds the row of a document seen for the first time, stamped `updatedAt` now (unless `values` sets it). */
  insert(identity: DocumentIdentity, values: DocumentValues): void {
    this.db
      .insert(documents)
      .values({ ...identity, updatedAt: Date.now(), ...values })
      .run();
  }

  /** Deletes the row of one library-relative path; a missing row is no error. */
  remove(path: string): void {
    this.db.delete(documents).where(eq(documents.path, path)).run();
  }

  /** Takes back one parse attempt of `path` (not below 0): a clean stop mid-parse is not a crash. */
  releaseAttempt(path: string): void {
    this.db
      .update(documents)
      .set({ attempts: sql`max(${documents.attempts} - 1, 0)` })
      .where(eq(documents.path, path))
      .run();
  }

  /** Marks every document `pending` with no content hash, so each is parsed and indexed again. */
  markAllPending(): void {
    this.db.update(documents).set({ status: "pending", contentHash: null, updatedAt: Date.now() }).run();
  }

  /**
   * Marks documents whose chunk write failed, in one transaction: `failed`
   * with `reason`, no chunks, and size -1 so the next reconcile tries them again.
   */
  markWriteFailed(paths: readonly string[], reason: string): void {
    this.db.transaction(() => {
      for (const path of paths) this.update(path, { status: "failed", error: reason, chunkCount: 0, size: -1 });
    });
  }

  /** Records documents whose chunks are written, in one transaction: each one's reader text and state row. */
  commitIndexed(written: readonly CommittedDocument[], indexedAt: number): void {
    this.db.transaction(() => {
      for (const d of written) {
        this.putText(d.docId, d.reader);
        this.update(d.path, { ...d.state, indexedAt });
      }
    });
  }

  /** Document counts by status, every status present (0 when none). */
  countsByStatus(): Record<DocumentStatus, number> {
    const counts = Object.fromEntries(DOCUMENT_STATUSES.map((s) => [s, 0])) as Record<DocumentStatus, number>;
    for (const r of this.db.select({ status: documents.status }).from(documents).all()) counts[r.status]++;
    return counts;
  }

  /** Indexed documents by format (`markdown`, `epub`, `pdf`, …); formats with none are absent. */
  countsByFormat(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.db
      .select({ format: documents.format })
      .from(documents)
      .where(eq(documents.status, "indexed"))
      .all())
      counts[r.format] = (counts[r.format] ?? 0) + 1;
    return counts;
  }

  /** Collections that have at least one document, sorted. */
  collections(): string[] {
    return this.db
      .selectDistinct({ collection: documents.collection })
      .from(documents)
      .all()
      .map((r) => r.collection)
      .sort();
  }

  /** The languages (ISO 639-1 codes, `documents.lang`) of at least one indexed document, sorted. */
  languages(): string[] {
    return this.db
      .selectDistinct({ lang: documents.lang })
      .from(documents)
      .where(and(eq(documents.status, "indexed"), isNotNull(documents.lang)))
      .all()
      .map((r) => r.lang as string)
      .sort();
  }

  /** Failed and skipped documents with their reasons, and indexed ones with warnings. */
  failures(): DocumentProblem[] {
    return this.db
      .select({ path: documents.path, status: documents.status, error: documents.error, warning: documents.warning })
      .from(documents)
      .where(or(inArray(documents.status, ["failed", "skipped"]), isNotNull(documents.warning)))
      .all()
      .map((r) => ({
        path: r.path,
        status: r.status,
        error: (r.status === "indexed" ? r.warning : r.error) ?? "unknown error",
      }));
  }
}
