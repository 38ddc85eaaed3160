import { type AnswerPhrases, phrasesFor } from "./answer-phrases.js";

/** Indexing progress, for answers given while the library is still being indexed. */
export interface IndexingState {
  busy: boolean;
  /** Files done and still queued in the current run. */
  processed: number;
  queued: number;
}

/**
 * The reply when no passage clears the evidence gate, in the question's language ({@link phrasesFor}).
 * @param phrases - default English.
 */
export function nothingFound(indexing: IndexingState, phrases: AnswerPhrases = phrasesFor("")): string {
  if (!indexing.busy) return `${phrases.nothing} ${phrases.tryOther}`;
  const total = indexing.processed + indexing.queued;
  const advice = phrases.stillIndexing.replace("{done}", String(indexing.processed)).replace("{total}", String(total));
  return `${phrases.nothing} ${advice}`;
}
