import { createRequire } from "node:module";

/** One Snowball stemmer (npm `snowball-stemmers`, ISC: a JavaScript port of snowballstem.org's algorithms). */
interface SnowballStemmer {
  stem(word: string): string;
}

/**
 * The Snowball algorithm a script's words take where the script names the
 * language well enough: Cyrillic is stemmed as Russian (Ukrainian and
 * Bulgarian words mostly lose the same endings) and Arabic script as Arabic.
 * Latin-script languages need the book's language, which a word alone does not tell.
 */
const BY_SCRIPT: Array<[RegExp, string]> = [
  [/\p{Script=Cyrillic}/u, "russian"],
  [/\p{Script=Arabic}/u, "arabic"],
];

const stemmers = new Map<string, SnowballStemmer>();

function stemmerFor(algorithm: string): SnowballStemmer {
  let s = stemmers.get(algorithm);
  if (!s) {
    const lib = createRequire(import.meta.url)("snowball-stemmers") as { newStemmer(name: string): SnowballStemmer };
    s = lib.newStemmer(algorithm);
    stemmers.set(algorithm, s);
  }
  return s;
}

/**
 * The Snowball stem of a lower-cased word in Cyrillic or Arabic script ("воды", "водой" → "вод"),
 * or null for a word of another script (the caller stems it its own way).
 */
export function scriptStem(word: string): string | null {
  if (/^[\p{Script=Latin}\p{N}'’-]*$/u.test(word)) return null;
  for (const [script, algorithm] of BY_SCRIPT) if (script.test(word)) return stemmerFor(algorithm).stem(word);
  return null;
}
