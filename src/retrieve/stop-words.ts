import { createRequire } from "node:module";

/** English stop words dropped from query terms (a short list: function words only). */
export const STOP_WORDS = new Set(
  (
    "a an and are as at be but by can could do does did for from how i if in into is it its me my no not of on or " +
    "our should so than that the their them then there these they this to was we what when where which who why will " +
    "with would you your yours about any some more most much many also just only very"
  ).split(" "),
);

/**
 * The stopwords-iso languages (MIT, github.com/stopwords-iso) whose script names them: a word in Thai,
 * Han, kana, Arabic, Cyrillic, Greek or Devanagari letters can only be a stop word of those languages,
 * so no English word is ever taken for another language's stop word ("die", "man", "also" stay English).
 * Latin-script languages need the book's language, which the word alone does not tell.
 */
const BY_SCRIPT: Array<[RegExp, readonly string[]]> = [
  [/\p{Script=Thai}/u, ["th"]],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, ["ja"]],
  [/\p{Script=Han}/u, ["zh", "ja"]],
  [/\p{Script=Arabic}/u, ["ar", "fa", "ur"]],
  [/\p{Script=Cyrillic}/u, ["ru", "uk", "bg"]],
  [/\p{Script=Greek}/u, ["el"]],
  [/\p{Script=Devanagari}/u, ["hi", "mr", "ne"]],
  [/\p{Script=Bengali}/u, ["bn"]],
  [/\p{Script=Hangul}/u, ["ko"]],
];

let lists: Array<[RegExp, Set<string>]> | null = null;

/** The script-keyed lists, read from stopwords-iso's JSON on first use (200 kB; English text never needs it). */
function scriptLists(): Array<[RegExp, Set<string>]> {
  if (!lists) {
    const all = createRequire(import.meta.url)("stopwords-iso") as Record<string, string[]>;
    lists = BY_SCRIPT.map(([script, langs]) => [
      script,
      new Set(langs.flatMap((l) => all[l] ?? []).map((w) => w.toLowerCase())),
    ]);
  }
  return lists;
}

/**
 * Whether a lower-cased word is a stop word: the English list for Latin
 * letters, else the list of the languages its script is written in.
 */
export function isStopWord(word: string): boolean {
  if (STOP_WORDS.has(word)) return true;
  if (/^[\p{Script=Latin}\p{N}'’-]*$/u.test(word)) return false;
  for (const [script, set] of scriptLists()) if (script.test(word)) return set.has(word);
  return false;
}
