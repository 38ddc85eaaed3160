import type { PageStart } from "../ingest/types.js";
import type { StateDb } from "./db.js";
import { getDocumentText } from "./document-texts.js";

/** Documents whose page starts are kept in memory. */
const CACHED_DOCUMENTS = 64;

/**
 * Page labels of paginated documents (PDF) by offset, read from the stored
 * reader text and kept for the 64 most recently cited documents. A citation's
 * page is the page its passage starts on.
 */
export class PageIndex {
  private readonly cache = new Map<string, PageStart[]>();

  constructor(private readonly db: StateDb) {}

  /** The label of the page holding `offset` in document `docId`, or null when it has no pages. */
  labelAt(docId: string, offset: number): string | null {
    let pages = this.cache.get(docId);
    if (pages) this.cache.delete(docId);
    else pages = getDocumentText(this.db, docId)?.pages ?? [];
    this.cache.set(docId, pages);
    if (this.cache.size > CACHED_DOCUMENTS) this.cache.delete(this.cache.keys().next().value as string);
    let label: string | null = null;
    for (const p of pages) {
      if (p.start > offset) break;
      label = p.label;
    }
    return label;
  }

  /** Forgets a document's pages (it was re-indexed or removed). */
  forget(docId: string): void {
    this.cache.delete(docId);
  }
}
