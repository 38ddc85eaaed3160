/** Indexing progress, for answers given while the library is still being indexed. */
export interface IndexingState {
  busy: boolean;
  /** Files done and still queued in the current run. */
  processed: number;
  queued: number;
}

/** The reply when no passage clears the evidence gate. */
export function nothingFound(indexing: IndexingState): string {
  const base = "The library has nothing on this.";
  if (!indexing.busy) return `${base} Try other words, or add a book that covers it.`;
  const total = indexing.processed + indexing.queued;
  return `${base} The library is still being indexed (${indexing.processed} of ${total} files done), so ask again when it finishes.`;
}
