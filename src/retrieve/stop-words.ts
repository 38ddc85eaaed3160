import { createRequire } from "node:module";
import { detectLanguage } from "../ingest/language.js";

/** English stop words dropped from query terms (a short list: function words only). */
export const STOP_WORDS = new Set(
  (
    "a an and are as at be but by can could do does did for from how i if in into is it its me my no not of on or " +
    "our should so than that the their them then there these they this to was we what when where which who why will " +
    "with would you your yours whom whose about any some more most much many also just only very"
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
let iso: Record<string, string[]> | null = null;

/** stopwords-iso's lists by ISO 639-1 code, read on first use (200 kB; English text never needs it). */
function isoLists(): Record<string, string[]> {
  iso ??= createRequire(import.meta.url)("stopwords-iso") as Record<string, string[]>;
  return iso;
}

/** The script-keyed lists. */
function scriptLists(): Array<[RegExp, Set<string>]> {
  if (!lists) {
    const all = isoLists();
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

const byLanguage = new Map<string, Set<string>>();

/**
 * Languages whose stopwords-iso list is taken out of questions: those where it was measured to help on
 * XQuAD (the dev half, no model). Spanish: off-library questions refused 37.9% -> 91.4%, answerable
 * refused 1.7% -> 7.3%; Romanian 40.0% -> 93.6% and 0.8% -> 9.3%; Vietnamese 10.4% -> 40.9% and
 * 0.0% -> 0.8%; Turkish, once stemmed by language, 73.9% -> 84.0% and 8.2% -> 9.6%. German is left
 * out: its list holds content words (Jahr, Zeit, Mann), and even with stemming 16.7% of answerable
 * questions were refused with it, against 4.2% without; German takes {@link FUNCTION_WORDS} instead.
 */
const QUESTION_STOP_LANGUAGES = new Set(["es", "ro", "vi", "tr", "de"]);

/**
 * Function words only (articles, pronouns, prepositions, conjunctions, auxiliaries and modals), for a
 * language whose stopwords-iso list also holds content words and numbers, as English's {@link STOP_WORDS}
 * is for English.
 */
const FUNCTION_WORDS: Record<string, string> = {
  de:
    "der die das den dem des ein eine einen einem einer eines und oder aber sondern denn doch als wie wenn ob " +
    "weil dass daß da damit so auch noch nur schon sehr nicht kein keine keinen keinem keiner keines zu zum zur " +
    "im in ins am an auf aus bei beim mit nach seit von vom vor für durch gegen ohne um über unter zwischen " +
    "hinter neben bis während wegen trotz statt ab ist sind war waren bin bist sei seid seien wäre wären wird " +
    "werden wurde wurden worden würde würden hat haben hatte hatten hätte hätten habe hast habt kann können " +
    "konnte konnten könnte muss müssen musste mussten soll sollen sollte sollten will wollen wollte wollten " +
    "darf dürfen durfte mag mögen er sie es ihr ihm ihn ihnen ihre ihrem ihren ihrer ihres sein seine seinem " +
    "seinen seiner seines wir uns unser unsere ich mich mir du dich dir man sich dies diese diesem diesen " +
    "dieser dieses jene jenem jenen jener jenes denen deren dessen hier dort dabei dafür dazu davon daran " +
    "darauf darin dann nun etwa etwas also jedoch sowie",
};

/**
 * A question with the stop words of its own language taken out, when it is
 * written in Latin letters in a language other than English ("¿Cuántos puntos
 * permitió la defensa de los Panthers?" → "Cuántos puntos permitió defensa
 * Panthers?"). The language is detected from the question itself (npm
 * `tinyld`, MIT: about 0.3 ms, no model). Only the languages of
 * {@link QUESTION_STOP_LANGUAGES} are changed; an English question, one in
 * another script (its stop words go by script, {@link isStopWord}) or in
 * another language comes back unchanged.
 */
export function withoutLanguageStopWords(question: string, language = detectLanguage(question)): string {
  if (!/\p{Script=Latin}/u.test(question) || /[^\p{Script=Latin}\p{Script=Common}\p{M}]/u.test(question))
    return question;
  const lang = language.code;
  if (!QUESTION_STOP_LANGUAGES.has(lang)) return question;
  let set = byLanguage.get(lang);
  if (!set) {
    const list = FUNCTION_WORDS[lang]?.split(" ") ?? isoLists()[lang];
    if (!list) return question;
    set = new Set(list.map((w) => w.toLowerCase()));
    byLanguage.set(lang, set);
  }
  const stop = set;
  const kept = question
    .split(/\s+/)
    .filter((w) => w && !stop.has(w.toLowerCase().replace(/^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu, "")));
  return kept.length > 0 ? kept.join(" ") : question;
}

/**
 * Languages whose stop words are also matched by stem, in the question's language: an inflected question
 * word the list lacks is then a stop word too. Measured on XQuAD's dev half, no model (answer /
 * answerable refused / unanswerable refused): Greek 74.6/9.0/88.7% -> 76.3/9.9/94.5%. Russian moved
 * less (76.0/9.9/89.8% -> 75.7/9.6/90.6%) and is left out, as its list holds content words (город,
 * страна, работа) whose every inflection would go; Arabic (answerable refused 11.0% -> 11.9%) and Hindi
 * (no change) too.
 */
const STOP_STEM_LANGUAGES = new Set(["el"]);

const stopStems = new Map<string, Set<string>>();

/**
 * Whether a stem (terms.ts `stem` in `language`) is the stem of one of the
 * language's stopwords-iso words, for the languages of {@link STOP_STEM_LANGUAGES}.
 * @param stemOf - the stemmer the set is built with (terms.ts passes its own, to keep this module below it).
 */
export function isStopStem(stem: string, language: string, stemOf: (word: string) => string): boolean {
  if (!STOP_STEM_LANGUAGES.has(language)) return false;
  let set = stopStems.get(language);
  if (!set) {
    set = new Set((isoLists()[language] ?? []).map((w) => stemOf(w.toLowerCase())));
    stopStems.set(language, set);
  }
  return set.has(stem);
}
