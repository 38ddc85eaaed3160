import { collectionOf } from "./paths.js";
import { confirmsGone, type LibraryListing } from "./scan.js";

/** What one listing allows the indexer to delete. */
export interface DeletionPlan {
  /** Indexed paths the listing proves are gone ({@link confirmsGone}). */
  gone: string[];
  /**
   * True when the deletion is large enough that an unmount or a flaky disk is
   * the likelier cause: more than half of the documents, or every document of
   * a collection. Such a plan is applied only when a second listing, some
   * seconds later, proves the same paths gone.
   */
  needsSecondLook: boolean;
  /** The root listed empty while the index holds documents: treated as an unmounted drive, and nothing is deleted. */
  emptyRoot: boolean;
}

/**
 * Decides which indexed documents a listing proves deleted. Pure: the caller
 * does the listings and the waiting.
 *
 * @param indexed - library-relative paths that have a state row.
 */
export function planDeletions(indexed: readonly string[], listing: LibraryListing): DeletionPlan {
  if (listing.files.size === 0 && indexed.length > 0) return { gone: [], needsSecondLook: false, emptyRoot: true };
  const gone = indexed.filter((p) => !listing.files.has(p) && confirmsGone(listing, p));
  const goneSet = new Set(gone);
  const byCollection = new Map<string, { all: number; gone: number }>();
  for (const p of indexed) {
    const c = byCollection.get(collectionOf(p)) ?? { all: 0, gone: 0 };
    c.all++;
    if (goneSet.has(p)) c.gone++;
    byCollection.set(collectionOf(p), c);
  }
  const wholeCollection = [...byCollection.entries()].some(([name, c]) => name !== "general" && c.gone === c.all);
  return { gone, needsSecondLook: gone.length * 2 > indexed.length || wholeCollection, emptyRoot: false };
}

/** The paths of `first` that a later listing still proves gone. */
export function stillGone(first: readonly string[], later: LibraryListing): string[] {
  return first.filter((p) => !later.files.has(p) && confirmsGone(later, p));
}
