import { hasUnspacedScript, segmentWords } from "../ingest/segment.js";
import { languageStem } from "./language-stemmer.js";
import { isQuestionWord } from "./question-words.js";
import { isStopStem, isStopWord } from "./stop-words.js";

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
 * uses LanceDB's Snowball English stemmer. A word of another language takes that language's stem
 * ({@link languageStem}: Snowball, accents folded, cut to five letters), and with no language a
 * Cyrillic or Arabic word its script's Snowball stem.
 * @param language - ISO 639-1 code of the text (the question's detected language); "" or "en" for English rules.
 */
export function stem(word: string, language = ""): string {
  const w = word.toLowerCase();
  const other = languageStem(w, language);
  if (other !== null) return other;
  for (const [suffix, repl] of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) return w.slice(0, w.length - suffix.length) + repl;
  }
  return w;
}

/**
 * Meaningful stemmed terms of a text: lower-cased words, possessive `'s`
 * dropped ("Slocum's" → "slocum", as LanceDB's tokenizer splits it), stop
 * words and the interrogatives of `language` ({@link isQuestionWord}) removed,
 * stemmed ({@link stem} in `language`), unique, in order.
 * @param language - ISO 639-1 code the words are stemmed in; "" (the default) for English rules.
 */
export function queryTerms(text: string, language = ""): string[] {
  const words = (
    segmentWords(text.toLowerCase(), " ").match(/[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu) ?? []
  ).map((w) => w.replace(/['’]s$/u, ""));
  // One Han or kana character is often a whole word (水 water, 火 fire); one Latin letter is not.
  return [
    ...new Set(
      words
        .filter((w) => !isStopWord(w) && !isQuestionWord(w, language) && (w.length > 1 || hasUnspacedScript(w)))
        .map((w) => stem(w, language))
        .filter((s) => !isStopStem(s, language, (w) => stem(w, language))),
    ),
  ];
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
