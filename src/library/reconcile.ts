import { formatOf, READERS_VERSION } from "../ingest/parse.js";
import { zimFileStat } from "../ingest/zim/parts.js";
import type { Logger } from "../log.js";
import type { DocumentRepository } from "../state/documents.js";
import type { DocumentRow } from "../state/schema.js";
import type { AvailabilityTracker } from "./availability.js";
import { planDeletions, stillGone } from "./deletion-guard.js";
import type { IndexAction } from "./indexer-types.js";
import { mediaMtimeMs } from "./media.js";
import { resolveInLibrary } from "./paths.js";
import type { LibraryListing } from "./scan.js";

/** What a reconcile compares and whom it hands the work. */
export interface ReconcilerDeps {
  /** The library folder, absolute. */
  libraryDir: string;
  /** Wait before the second listing that confirms a mass deletion, ms. */
  confirmDeleteMs: number;
  docs: DocumentRepository;
  availability: AvailabilityTracker;
  log: Logger;
  /** Whether the indexer is closing: the reconcile stops between steps. */
  closed: () => boolean;
  /** Queues a path for indexing, or for removal. */
  enqueue: (path: string, action?: IndexAction) => void;
}

/**
 * Compares the library folder with the documents table and queues the
 * difference: new and changed files for indexing, files a listing proved gone
 * for removal. A document is deleted only on positive evidence
 * ({@link planDeletions}): an empty root deletes nothing and marks the library
 * unavailable, and a mass deletion waits for a second listing.
 */
export class Reconciler {
  private firstRun = true;

  constructor(private readonly d: ReconcilerDeps) {}

  /**
   * One pass: lists the folder and queues what differs (it does not wait for the queue).
   * The first pass that gets a listing also fails the files that crashed two runs in a row.
   * @param pruneCollections - delete the documents of collections whose folder vanished or is empty.
   * @returns true when the pass went through; false when the folder could not be read, looked
   *   empty, or the indexer closed meanwhile.
   */
  async run(pruneCollections?: boolean): Promise<boolean> {
    const listing = await this.d.availability.list();
    if (!listing || this.d.closed()) return false;
    // Files an older Almanac failed are read once more by this one's readers, which may read them.
    if (this.firstRun) this.d.docs.retryFailedForReaders(READERS_VERSION);
    const rows = this.d.docs.rows();
    if (this.firstRun) failCrashLoops(this.d.docs, rows);
    this.firstRun = false;
    const gone = await this.gone(rows, listing, pruneCollections);
    if (!gone) return false;
    for (const path of gone) this.d.enqueue(path, "remove");
    return this.queueChanged(rows, listing.files);
  }

  /** The documents to delete, confirmed by a second listing when many look gone; null to stop the pass. */
  private async gone(
    rows: DocumentRow[],
    listing: LibraryListing,
    pruneCollections: boolean | undefined,
  ): Promise<string[] | null> {
    const plan = planDeletions(
      rows.map((r) => r.path),
      listing,
      pruneCollections,
    );
    this.d.availability.setMissingCollections(plan.missingCollections);
    if (plan.emptyRoot) {
      this.d.availability.set(
        false,
        `the folder is empty but the index holds ${rows.length} documents; is the drive mounted? Nothing was deleted`,
      );
      return null;
    }
    if (!plan.needsSecondLook) return plan.gone;
    this.d.log.warn(
      { documents: plan.gone.length, of: rows.length },
      "many documents look deleted; listing again to be sure",
    );
    await new Promise((r) => setTimeout(r, this.d.confirmDeleteMs));
    const again = await this.d.availability.list();
    if (!again || this.d.closed()) return null;
    return stillGone(plan.gone, again);
  }

  /** Queues each listed file that is new, was left mid-index, or changed size or time; false when closed meanwhile. */
  private async queueChanged(rows: DocumentRow[], files: Iterable<string>): Promise<boolean> {
    const known = new Map(rows.map((r) => [r.path, r]));
    for (const path of files) {
      if (this.d.closed()) return false;
      const row = known.get(path);
      // An index from before empty documents failed may hold one "indexed" with nothing: read it again, to say why.
      const silentlyEmpty = row?.status === "indexed" && row.chunkCount === 0 && !row.warning;
      if (silentlyEmpty) this.d.docs.update(path, { contentHash: null });
      if (
        !row ||
        silentlyEmpty ||
        row.status === "pending" ||
        row.status === "indexing" ||
        (await statChanged(this.d.libraryDir, path, row))
      )
        this.d.enqueue(path);
    }
    return true;
  }
}

/**
 * Marks files that two runs in a row left mid-parse as failed, so a hostile
 * file cannot crash-loop the server; `rows` are updated in place.
 */
function failCrashLoops(docs: DocumentRepository, rows: DocumentRow[]): void {
  for (const r of rows) {
    if (r.status !== "indexing" || r.attempts < 2) continue;
    r.status = "failed";
    docs.update(r.path, {
      status: "failed",
      error: "parsing this file stopped Almanac twice; it is not retried until it changes",
      attempts: 0,
    });
  }
}

/** Whether a file's size or modification time (a media file's: its sidecars' too; a split ZIM's: all its parts') differs from its row; true when it cannot be read. */
async function statChanged(libraryDir: string, path: string, row: DocumentRow): Promise<boolean> {
  try {
    const abs = resolveInLibrary(libraryDir, path);
    // A split ZIM's size and time are all its parts' (zimFileStat), as its row records them.
    const s = await zimFileStat(abs);
    const mtime = formatOf(path) === "media" ? await mediaMtimeMs(abs, s.mtimeMs) : Math.trunc(s.mtimeMs);
    return s.size !== row.size || mtime !== row.mtimeMs;
  } catch {
    return true;
  }
}
