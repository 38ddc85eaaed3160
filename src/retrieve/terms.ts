import { hasUnspacedScript, segmentWords } from "../ingest/segment.js";
import { scriptStem } from "./script-stemmer.js";
import { isStopWord } from "./stop-words.js";

const SUFFIXES: Array<[string, string]> = [
  ["ifications", ""],
  ["ification", ""],
  ["ifying", ""],
  ["ified", ""],
  ["ifies", ""],
  ["ify", ""],
  ["ations", ""],
  ["ation", ""],
  ["ments", ""],
  ["ment", ""],
  ["ings", ""],
  ["ing", ""],
  ["edly", ""],
  ["ies", "y"],
  ["ed", ""],
  ["es", ""],
  ["s", ""],
  ["ly", ""],
];

/**
 * A light suffix-stripping stemmer for matching query words against sentences
 * ("purify"/"purification"/"purified" → "pur", "boiling" → "boil", "treatment" → "treat"). It is
 * deliberately aggressive and only used for extractive sentence scoring and the evidence gate; BM25
 * uses LanceDB's Snowball English stemmer. Cyrillic and Arabic words take their language's Snowball
 * stemmer instead ({@link scriptStem}).
 */
export function stem(word: string): string {
  const w = word.toLowerCase();
  const other = scriptStem(w);
  if (other !== null) return other;
  for (const [suffix, repl] of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) return w.slice(0, w.length - suffix.length) + repl;
  }
  return w;
}

/**
 * Meaningful stemmed terms of a text: lower-cased words, possessive `'s`
 * dropped ("Slocum's" → "slocum", as LanceDB's tokenizer splits it), stop
 * words removed, stemmed, unique, in order.
 */
export function queryTerms(text: string): string[] {
  const words = (
    segmentWords(text.toLowerCase(), " ").match(/[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu) ?? []
  ).map((w) => w.replace(/['’]s$/u, ""));
  // One Han or kana character is often a whole word (水 water, 火 fire); one Latin letter is not.
  return [...new Set(words.filter((w) => !isStopWord(w) && (w.length > 1 || hasUnspacedScript(w))).map(stem))];
}

/**
 * Removes stop words ({@link isStopWord}) from free query text ("How do I purify water?" →
 * "purify water?"), keeping the other words as typed. LanceDB's built-in
 * English list is short (33 words) and keeps question words such as "how",
 * "what" and "should", which then score as rare terms in book text.
 * @returns the text unchanged when every word is a stop word.
 */
export function dropStopWords(text: string): string {
  const kept = text
    .split(/\s+/)
    .filter((w) => w && !isStopWord(w.toLowerCase().replace(/^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu, "")));
  return kept.length > 0 ? kept.join(" ") : text;
}
