import type Database from "better-sqlite3";
import type { StateDb } from "./db.js";

/**
 * The version of the publication-metadata readers (`ingest/published.ts`).
 * Raise it when they learn to read more: documents read by an older version
 * are parsed again at the next start for their metadata alone, never re-chunked
 * or re-embedded ({@link markStaleMetadata}).
 */
export const METADATA_VERSION = 1;

/** Publication facts as stored on a `documents` row. */
export interface PublishedValues {
  year: number | null;
  publisher: string | null;
  language: string | null;
  metaVersion: number;
}

/** The row values for a document's publication facts (all null when the parser gave none), stamped with {@link METADATA_VERSION}. */
export function publishedValues(
  p: { year: number | null; publisher: string | null; language: string | null } | undefined,
): PublishedValues {
  return {
    year: p?.year ?? null,
    publisher: p?.publisher ?? null,
    language: p?.language ?? null,
    metaVersion: METADATA_VERSION,
  };
}

/**
 * Marks indexed documents whose publication facts were read by an older
 * {@link METADATA_VERSION} (an index from before years were read): `size = -1`
 * makes the next reconcile look at them again, and the indexer then parses
 * unchanged bytes for their metadata only. A ZIM archive is probed, not re-read.
 * @returns how many documents were marked.
 */
export function markStaleMetadata(db: StateDb): number {
  return db.$client
    .prepare("UPDATE documents SET size = -1 WHERE status = 'indexed' AND meta_version < ?")
    .run(METADATA_VERSION).changes;
}

/** A ZIM article's document id, `<archive id>.<entry>` (as `library/zim-ids.ts` makes them). */
const ZIM_ARTICLE = /^[0-9a-f]{16}\.\d+$/;

/** What the documents table knows of one document, for answers about it and for dating its citations. */
export interface DocumentMeta {
  title: string | null;
  author: string | null;
  /** Publication year, e.g. 1911. */
  year: number | null;
  publisher: string | null;
  language: string | null;
}

/**
 * A lookup of {@link DocumentMeta} by document id, read from the documents
 * table on each call (a primary-key read, microseconds), so a re-indexed book's
 * new facts are seen at once. A ZIM article's id (`<archive>.<entry>`) gets
 * its archive's facts: the `Date` of the snapshot, its publisher and language.
 * @returns undefined for an id the table does not hold.
 */
export function documentMetaLookup(db: StateDb): (documentId: string) => DocumentMeta | undefined {
  let read: Database.Statement<[string], DocumentMeta> | null = null;
  const statement = () => {
    try {
      read ??= db.$client.prepare("SELECT title, author, year, publisher, language FROM documents WHERE id = ?");
    } catch {
      // A read-only copy of a database from before migration 0007 has no year columns: its documents are undated.
      read = db.$client.prepare(
        "SELECT title, author, NULL AS year, NULL AS publisher, NULL AS language FROM documents WHERE id = ?",
      );
    }
    return read;
  };
  return (documentId) => statement().get(ZIM_ARTICLE.test(documentId) ? documentId.slice(0, 16) : documentId);
}
