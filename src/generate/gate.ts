import type { SearchResult } from "../retrieve/search.js";
import { queryTerms } from "../retrieve/terms.js";
import type { QuestionAnalysis } from "./question.js";

/**
 * Share of the question's topic terms a passage must contain (in its text,
 * carried lead-in, book title or heading path) to count as evidence.
 * Calibrated on the answer evaluation set (`npm run eval:answers`): every
 * answerable question has a top-8 passage at or above 0.5, and the
 * off-library questions have none (see docs/answers.md).
 */
export const EVIDENCE_THRESHOLD = 0.5;

/** Cross-encoder score at or above which a reranked passage counts as evidence whatever its words. */
export const RERANK_EVIDENCE = 0.5;

function passageWords(r: SearchResult): Set<string> {
  return new Set(queryTerms(`${r.chunk.title} ${r.chunk.heading_path} ${r.chunk.lead_in ?? ""} ${r.chunk.text}`));
}

/**
 * Share of the question's topic found in each passage, on whole stemmed
 * words, each term weighted by its IDF over the retrieved passages: a term
 * that no passage holds ("carburetor") weighs most, so finding only the
 * common words of a question ("rebuild") is not enough.
 */
export function topicCoverage(topic: readonly string[], results: readonly SearchResult[]): number[] {
  const words = results.map(passageWords);
  const n = words.length;
  const idf = topic.map((t) => Math.log(1 + n / (1 + words.filter((w) => w.has(t)).length)));
  const total = idf.reduce((a, b) => a + b, 0);
  return words.map((w) =>
    total > 0 ? topic.reduce((a, t, i) => a + (w.has(t) ? (idf[i] as number) : 0), 0) / total : 0,
  );
}

/**
 * The evidence gate: whether any retrieved passage is really about the
 * question. BM25 always returns something for a question that shares one
 * common word with the library ("rebuild", "current"), so the rank alone says
 * nothing; a passage passes when it holds at least {@link EVIDENCE_THRESHOLD}
 * of the question's topic ({@link topicCoverage}), or when a cross-encoder
 * scored it at least {@link RERANK_EVIDENCE}. Cosine similarity is not used:
 * its scale depends on the embedding model, and no real model can be calibrated here.
 */
export function hasEvidence(q: QuestionAnalysis, results: readonly SearchResult[]): boolean {
  const coverage = topicCoverage(q.topic, results);
  return results.some(
    (r, i) => (r.rerank !== null && r.rerank >= RERANK_EVIDENCE) || (coverage[i] as number) >= EVIDENCE_THRESHOLD,
  );
}
