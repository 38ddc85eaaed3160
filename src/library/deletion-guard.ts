import { collectionOf } from "./paths.js";
import { confirmsGone, type LibraryListing } from "./scan.js";

/** What one listing allows the indexer to delete. */
export interface DeletionPlan {
  /** Indexed paths the listing proves are gone ({@link confirmsGone}). */
  gone: string[];
  /**
   * True when more than half of the documents look deleted, so an unmount or
   * a flaky disk is the likelier cause. Such a plan is applied only when a
   * second listing, some seconds later, proves the same paths gone.
   */
  needsSecondLook: boolean;
  /**
   * Collections whose every document looks deleted: the folder vanished or
   * is empty, as an unplugged drive's mount point is. Their documents are not
   * in `gone` (they are kept) unless `pruneCollections` was passed.
   */
  missingCollections: string[];
  /** The root listed empty while the index holds documents: treated as an unmounted drive, and nothing is deleted. */
  emptyRoot: boolean;
}

/**
 * Decides which indexed documents a listing proves deleted. Pure: the caller
 * does the listings and the waiting.
 *
 * @param indexed - library-relative paths that have a state row.
 * @param pruneCollections - let whole collections go (`almanac index --prune`).
 */
export function planDeletions(
  indexed: readonly string[],
  listing: LibraryListing,
  pruneCollections = false,
): DeletionPlan {
  if (listing.files.size === 0 && indexed.length > 0)
    return { gone: [], needsSecondLook: false, emptyRoot: true, missingCollections: [] };
  const confirmed = indexed.filter((p) => !listing.files.has(p) && confirmsGone(listing, p));
  const goneSet = new Set(confirmed);
  const byCollection = new Map<string, { all: number; gone: number }>();
  for (const p of indexed) {
    const c = byCollection.get(collectionOf(p)) ?? { all: 0, gone: 0 };
    c.all++;
    if (goneSet.has(p)) c.gone++;
    byCollection.set(collectionOf(p), c);
  }
  const missingCollections = [...byCollection.entries()]
    .filter(([name, c]) => name !== "general" && c.gone === c.all)
    .map(([name]) => name);
  const kept = new Set(pruneCollections ? [] : missingCollections);
  const gone = confirmed.filter((p) => !kept.has(collectionOf(p)));
  return { gone, needsSecondLook: gone.length * 2 > indexed.length, emptyRoot: false, missingCollections };
}

/** The paths of `first` that a later listing still proves gone. */
export function stillGone(first: readonly string[], later: LibraryListing): string[] {
  return first.filter((p) => !later.files.has(p) && confirmsGone(later, p));
}
