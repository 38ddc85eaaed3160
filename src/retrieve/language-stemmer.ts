import { createRequire } from "node:module";

/** One Snowball stemmer (npm `snowball-stemmers`, ISC: a JavaScript port of snowballstem.org's algorithms). */
interface SnowballStemmer {
  stem(word: string): string;
}

/** The Snowball algorithm of each ISO 639-1 language that has one in `snowball-stemmers`. */
const SNOWBALL: Record<string, string> = {
  ar: "arabic",
  bg: "russian",
  ca: "catalan",
  cs: "czech",
  da: "danish",
  de: "german",
  es: "spanish",
  eu: "basque",
  fa: "arabic",
  fi: "finnish",
  fr: "french",
  ga: "irish",
  hu: "hungarian",
  hy: "armenian",
  it: "italian",
  nb: "norwegian",
  nl: "dutch",
  nn: "norwegian",
  no: "norwegian",
  pt: "portuguese",
  ro: "romanian",
  ru: "russian",
  sl: "slovene",
  sv: "swedish",
  ta: "tamil",
  tr: "turkish",
  uk: "russian",
  ur: "arabic",
};

/**
 * Languages whose words are not stemmed at all: English has its own light
 * stemmer in `terms.ts`; Vietnamese is written a syllable at a time, and
 * folding its tone marks merges different words (on XQuAD it cut the gap
 * between a question's gold paragraph and another from 66 to 60 points);
 * Chinese, Japanese, Thai, Lao, Khmer and Burmese are segmented, not inflected.
 */
const UNSTEMMED = new Set(["en", "vi", "zh", "ja", "th", "lo", "km", "my", "ko"]);

/**
 * Characters a stem keeps: truncating stems to a prefix conflates the
 * inflections Snowball leaves apart (Turkish suffix chains; Greek and Hindi,
 * which have no Snowball stemmer here). McNamee, Nicholas and Mayfield,
 * "Addressing morphological variation in alphabetic languages", SIGIR 2009,
 * found 4- and 5-prefixes about as good as Snowball for retrieval in
 * European languages. For the gate six is kinder: on XQuAD's dev half, no
 * model, five refused fewer answerable questions (Greek 8.5% against 9.0%,
 * Turkish 7.3% against 8.2%) but let more off-library ones through
 * (Turkish 71.0% refused against 73.9%, German 55.4% against 56.6%); without
 * truncation Greek refused 12.7% of its answerable questions.
 */
const PREFIX = 6;

/** Scripts whose combining marks are accents or vowel signs that may be left off (Latin, Greek, Arabic harakat). */
const FOLDED = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Arabic}\p{M}\p{N}'’-]+$/u;

/** The Snowball algorithm a word takes by its script alone, when the language is not known. */
const BY_SCRIPT: Array<[RegExp, string]> = [
  [/\p{Script=Cyrillic}/u, "ru"],
  [/\p{Script=Arabic}/u, "ar"],
];

const stemmers = new Map<string, SnowballStemmer>();

function snowball(algorithm: string): SnowballStemmer {
  let s = stemmers.get(algorithm);
  if (!s) {
    const lib = createRequire(import.meta.url)("snowball-stemmers") as { newStemmer(name: string): SnowballStemmer };
    s = lib.newStemmer(algorithm);
    stemmers.set(algorithm, s);
  }
  return s;
}

/** A stem without accents or diacritics (Arabic harakat, Greek tonos, Latin acute) and with final sigma as sigma. */
function folded(stem: string): string {
  if (!FOLDED.test(stem)) return stem;
  return stem.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC").replace(/ς/g, "σ");
}

/**
 * The stem of a lower-cased word in a language other than English: its
 * Snowball stem where the language has one, accents folded, cut to
 * {@link PREFIX} characters. With no language given, a Cyrillic or Arabic
 * word takes its script's Snowball stemmer whole ("воды", "водой" → "вод"),
 * as before languages were detected.
 * @param language - ISO 639-1 code, usually the question's detected language; "" when unknown.
 * @returns the stem, or null when the word is left to the caller: English, an unstemmed
 *   language ({@link UNSTEMMED}), or a Latin-script word of unknown language.
 */
export function languageStem(word: string, language: string): string | null {
  if (/^[\p{N}'’-]*$/u.test(word)) return null;
  if (!language || UNSTEMMED.has(language)) {
    if (/^[\p{Script=Latin}\p{N}'’-]*$/u.test(word)) return null;
    for (const [script, lang] of BY_SCRIPT) if (script.test(word)) return snowball(SNOWBALL[lang] as string).stem(word);
    return null;
  }
  const algorithm = SNOWBALL[language];
  const stem = folded(algorithm ? snowball(algorithm).stem(word) : word);
  return [...stem].slice(0, PREFIX).join("");
}
