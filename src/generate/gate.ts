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

/** Share of `topic` found in a passage, on whole stemmed words. */
export function topicCoverage(topic: readonly string[], r: SearchResult): number {
  if (topic.length === 0) return 0;
  const words = new Set(
    queryTerms(`${r.chunk.title} ${r.chunk.heading_path} ${r.chunk.lead_in ?? ""} ${r.chunk.text}`),
  );
  return topic.filter((t) => words.has(t)).length / topic.length;
}

/**
 * The evidence gate: whether any retrieved passage is really about the
 * question. BM25 always returns something for a question that shares one
 * common word with the library ("fix", "best"), so the rank alone says
 * nothing; a passage passes when it holds at least {@link EVIDENCE_THRESHOLD}
 * of the question's topic terms, or when a cross-encoder scored it at least
 * {@link RERANK_EVIDENCE}. Cosine similarity is not used: its scale depends on
 * the embedding model, and no real model can be calibrated here.
 */
export function hasEvidence(q: QuestionAnalysis, results: readonly SearchResult[]): boolean {
  return results.some(
    (r) => (r.rerank !== null && r.rerank >= RERANK_EVIDENCE) || topicCoverage(q.topic, r) >= EVIDENCE_THRESHOLD,
  );
}
