import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { STATE_FILE } from "./db.js";

// A data folder's state database read or mended through a handle of its own, with no migration:
// for the backup, the restore and `--reset`, which work on a copy or before the app opens it.

/** What a `--reset` would drop: the documents indexed in a data folder, and the library folder they came from. */
export interface IndexFacts {
  /** Rows of the `documents` table; 0 when there is no state database, or one made before its first migration. */
  documents: number;
  /** The `meta` `library.root` value (the library folder the index was built from), or null. */
  builtFrom: string | null;
}

/**
 * Reads {@link IndexFacts} from the state database of `dataDir`, read-only.
 * @throws SQLite's error for a database that cannot be read (other than one with no tables yet).
 */
export function readIndexFacts(dataDir: string): IndexFacts {
  const path = join(dataDir, STATE_FILE);
  if (!existsSync(path)) return { documents: 0, builtFrom: null };
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const { n } = db.prepare("SELECT count(*) AS n FROM documents").get() as { n: number };
    const row = db.prepare("SELECT value FROM meta WHERE key = 'library.root'").get() as { value: string } | undefined;
    return { documents: n, builtFrom: row?.value ?? null };
  } catch (err) {
    // A state file made before its first migration holds no tables yet: nothing to drop.
    if (/no such table/.test((err as Error).message)) return { documents: 0, builtFrom: null };
    throw err;
  } finally {
    db.close();
  }
}

/** A `meta` value read through a raw handle, or null. */
function metaValue(db: Database.Database, key: string): string | null {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

/**
 * Copies the state database `file` to `to` through SQLite's online backup
 * API (a consistent copy taken between transactions, safe while the server
 * writes), and reads from the source its document count and one `meta` value.
 * @param metaKey - the `meta` key to read, e.g. the active chunks table's.
 * @throws SQLite's error when `file` is missing or unreadable, or `to` cannot be written.
 */
export async function backupStateFile(
  file: string,
  to: string,
  metaKey: string,
): Promise<{ documents: number; meta: string | null }> {
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to);
    const documents = (source.prepare("SELECT count(*) AS n FROM documents").get() as { n: number }).n;
    return { documents, meta: metaValue(source, metaKey) };
  } finally {
    source.close();
  }
}

/** A document row as the restore compares it with the restored chunks. */
export interface RestoredDocument {
  id: string;
  status: string;
  /** The row's `chunk_count`. */
  chunks: number;
}

/**
 * The state database of an unpacked backup, opened read-write to be made
 * consistent with the chunks restored beside it. Close it with {@link close}.
 */
export class RestoredState {
  private readonly db: Database.Database;

  /** @throws SQLite's error when `file` is not a database. */
  constructor(file: string) {
    this.db = new Database(file);
  }

  /** Every document's id, status and recorded chunk count. */
  documents(): RestoredDocument[] {
    return this.db.prepare("SELECT id, status, chunk_count AS chunks FROM documents").all() as RestoredDocument[];
  }

  /** A `meta` value, or null. */
  meta(key: string): string | null {
    return metaValue(this.db, key);
  }

  /**
   * In one transaction: each indexed document whose chunk count in the copy
   * (`counts`, by document id; absent is 0) differs from its row is set back
   * to `pending` with no hash and size -1, and its ZIM cursor dropped; a ZIM
   * cursor whose chunk count differs from the copy's is dropped too, so that
   * archive starts over instead of resuming.
   * @returns how many documents were set back to `pending`.
   */
  requeueMismatched(rows: readonly RestoredDocument[], counts: ReadonlyMap<string, number>): number {
    const requeue = this.db.prepare(
      "UPDATE documents SET status = 'pending', content_hash = NULL, size = -1 WHERE id = ? AND status = 'indexed'",
    );
    // A ZIM archive resumes from its cursor only when the copy holds exactly the chunks the cursor counts.
    const cursors = new Map(
      (
        this.db.prepare("SELECT doc_id AS id, chunks FROM zim_cursors").all() as Array<{ id: string; chunks: number }>
      ).map((c) => [c.id, c.chunks]),
    );
    const dropCursor = this.db.prepare("DELETE FROM zim_cursors WHERE doc_id = ?");
    let requeued = 0;
    this.db.transaction(() => {
      for (const r of rows) {
        const have = counts.get(r.id) ?? 0;
        if (r.status === "indexed" && have !== r.chunks) {
          requeue.run(r.id);
          dropCursor.run(r.id);
          requeued++;
        } else if (cursors.has(r.id) && cursors.get(r.id) !== have) dropCursor.run(r.id);
      }
    })();
    return requeued;
  }

  /** Closes the handle. */
  close(): void {
    this.db.close();
  }
}
