import { type AnswerPhrases, ENGLISH_PHRASES } from "./answer-phrases.js";

/** Indexing progress, for answers given while the library is still being indexed. */
export interface IndexingState {
  busy: boolean;
  /** Files done and still queued in the current run. */
  processed: number;
  queued: number;
}

/**
 * The reply when no passage clears the evidence gate, in the question's language.
 * @param phrases - default English ({@link ENGLISH_PHRASES}).
 */
export function nothingFound(indexing: IndexingState, phrases: AnswerPhrases = ENGLISH_PHRASES): string {
  if (!indexing.busy) return `${phrases.nothing} ${phrases.tryOther}`;
  const total = indexing.processed + indexing.queued;
  const advice = phrases.stillIndexing.replace("{done}", String(indexing.processed)).replace("{total}", String(total));
  return `${phrases.nothing} ${advice}`;
}
