/**
 * The kind of expression a factual question asks for, and whether a unit of
 * text holds one, read with English patterns (no model). See docs/answers.md,
 * "Answer types", for why patterns rather than an NLP library.
 */
import { queryTerms } from "../retrieve/terms.js";

/**
 * - `date`: when / what year / what date / which century → a year, a date or a period;
 * - `number`: how many / much / long / far / tall / old, what percentage → a number;
 * - `person`: who / whom / whose, which player / author / king… → a name;
 * - `place`: where, which city / country / river… → a name;
 * - `name`: "what is X called", "the name of X", "what was X known as" → a name or a quoted name.
 */
export type AnswerType = "date" | "number" | "person" | "place" | "name";

const PERSON_NOUNS =
  "person|man|woman|men|women|people|player|actor|actress|author|writer|poet|king|queen|emperor|president|leader|scientist|team|group|company|general|captain|explorer|composer|singer|artist|director|producer|chemist|physicist|philosopher|mayor|governor|minister";
const PLACE_NOUNS =
  "city|country|place|state|region|location|river|island|town|county|continent|nation|area|mountain|sea|ocean|lake|port|province";

const TYPES: Array<[AnswerType, RegExp]> = [
  [
    "date",
    /^(when|in what year|what year|on what date|what date|since when)\b|\b(what|which) (year|date|century|decade|day|month)\b/,
  ],
  [
    "number",
    /^how (many|much|long|far|tall|old|big|large|high|deep|wide|often|heavy|fast)\b|\b(what|which) (percentage|percent|number|amount|proportion|fraction|share|size|length|height|distance|population|temperature)\b/,
  ],
  ["person", new RegExp(`^(who|whom|whose)\\b|\\b(what|which) (${PERSON_NOUNS})\\b`)],
  ["place", new RegExp(`^where\\b|\\b(what|which|in what) (${PLACE_NOUNS})\\b`)],
  ["name", /\b(called|named|known as|the name of|name of the|term for|referred to as)\b/],
];

/**
 * The answer type a question asks for, or null for definitions, procedures,
 * yes/no and other open questions.
 */
export function expectedAnswerType(question: string): AnswerType | null {
  const q = question.toLowerCase().replace(/\s+/g, " ").trim();
  for (const [type, re] of TYPES) if (re.test(q)) return type;
  return null;
}

const MONTH = "january|february|march|april|may|june|july|august|september|october|november|december";
const DATE = new RegExp(
  `\\b(1\\d{3}|20\\d{2})s?\\b|\\b(${MONTH})\\s+\\d{1,2}\\b|\\b\\d{1,2}\\s+(${MONTH})\\b|\\b(century|decade|centuries)\\b|\\b\\d{1,2}(st|nd|rd|th)[- ]century\\b`,
  "i",
);
const NUMBER_WORDS =
  "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|dozen|third|quarter";
const NUMBER = new RegExp(`\\d|\\b(${NUMBER_WORDS})\\b`, "i");
/** A capitalised word that does not open a sentence, or a quoted phrase: a name in English text. */
const NAME = /(?<![.!?:]\s+|^\s*|["“(]\s*)\b\p{Lu}[\p{L}'’.-]*[\p{L}]|["“][^"”]{2,60}["”]|\p{Lu}{2,}/gu;

/** Capitalised words that are sentence furniture, not names. */
const NOT_NAMES = new Set([
  "the",
  "a",
  "an",
  "in",
  "on",
  "it",
  "he",
  "she",
  "they",
  "this",
  "that",
  "i",
  "his",
  "her",
  "their",
  "its",
]);

/**
 * Whether `text` holds an expression of the type that is not one of the
 * question's own words (`questionTerms`, stemmed): a name the question
 * already gives ("Kuechly" in "How many tackles did Kuechly register?") is
 * not its answer.
 */
export function holdsAnswerType(text: string, type: AnswerType, questionTerms: ReadonlySet<string>): boolean {
  if (type === "date") return DATE.test(text);
  if (type === "number") return NUMBER.test(text);
  for (const m of text.matchAll(NAME)) {
    const words = queryTerms(m[0]).filter((w) => !NOT_NAMES.has(w));
    if (words.length > 0 && words.some((w) => !questionTerms.has(w))) return true;
  }
  return false;
}

/**
 * The thing a "how many" question counts, stemmed ("How many tackles did…" → "tackl"), or null.
 * A number next to it ("118 tackles", "tackles (118)") answers the question better than any other number.
 */
export function countedNoun(question: string): string | null {
  const m = /\bhow many ([\p{L}-]+)/iu.exec(question);
  return m?.[1] ? (queryTerms(m[1])[0] ?? null) : null;
}

/** Whether a number stands within three words of a word whose stem is `noun`. */
export function numberNear(text: string, noun: string): boolean {
  const words = text.match(/[\p{L}\p{M}\p{N}]+(?:[.,'’-][\p{L}\p{M}\p{N}]+)*/gu) ?? [];
  const isNumber = (w: string) => NUMBER.test(w) && (/\d/.test(w) || new RegExp(`^(${NUMBER_WORDS})$`, "i").test(w));
  return words.some(
    (w, i) =>
      queryTerms(w)[0] === noun &&
      words.slice(Math.max(0, i - 3), i + 4).some((x, j) => j !== Math.min(i, 3) && isNumber(x)),
  );
}
