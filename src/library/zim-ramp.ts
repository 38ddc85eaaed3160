/** Articles in the first batch after every (re)start; each next batch doubles, up to `zimBatchArticles`. */
export const ZIM_FIRST_BATCH_ARTICLES = 10;

/**
 * Articles to ask for in the `n`th batch (0-based) since this ingest
 * started: {@link ZIM_FIRST_BATCH_ARTICLES}, doubling each batch, capped at
 * `full`. The cursor moves only when a batch commits, so a first batch of
 * 500 articles (minutes on a Pi) meant a box power-cycled more often than
 * that never got past it; a small first batch commits within seconds.
 * @param n - the batch's number since start, 0 for the first.
 * @param full - the normal batch size (`zimBatchArticles`, at least 1).
 * @returns 10, 20, 40, … then `full` (`full` itself when it is under 10).
 */
export function rampedBatchArticles(n: number, full: number): number {
  return Math.min(full, ZIM_FIRST_BATCH_ARTICLES * 2 ** Math.min(n, 30));
}
