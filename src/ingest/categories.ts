import { ar } from "./category-lexicon/ar.js";
import { de } from "./category-lexicon/de.js";
import { en, type SurvivalCategory } from "./category-lexicon/en.js";
import { es } from "./category-lexicon/es.js";
import { fr } from "./category-lexicon/fr.js";
import { hi } from "./category-lexicon/hi.js";
import { pt } from "./category-lexicon/pt.js";
import { ru } from "./category-lexicon/ru.js";
import { zh } from "./category-lexicon/zh.js";

/**
 * The English survival category lexicon, hand-written for Almanac
 * (`category-lexicon/en.ts`): the base list of terms per category, which fixes
 * the category slugs. The other languages' lists are in
 * {@link CATEGORY_LEXICONS}. A chunk is tagged with a category when its text
 * and heading path score at least {@link CATEGORY_THRESHOLD} (a heading hit
 * counts 3, a body hit 1, each distinct term counted once), over the terms of
 * every language together.
 */
export const SURVIVAL_CATEGORIES = en;

/** A survival category slug, e.g. `"first-aid"` (defined beside the English lexicon, which the other languages import it from). */
export type { SurvivalCategory };

/** Every category slug, in display order. */
export const CATEGORY_NAMES = Object.keys(SURVIVAL_CATEGORIES) as SurvivalCategory[];

/** Score a chunk must reach to be tagged with a category. */
export const CATEGORY_THRESHOLD = 3;

/** The terms of each category in one language: every category present, or the lexicon does not compile. */
export type CategoryLexicon = Readonly<Record<SurvivalCategory, readonly string[]>>;

/** A language with a category lexicon, as its ISO 639-1 code (the `lang-xx` tag a chunk of it carries). */
export type LexiconLanguage = "en" | "es" | "fr" | "pt" | "de" | "ru" | "ar" | "zh" | "hi";

/**
 * The category lexicon of every language Almanac tags, English first; all are
 * hand-written for Almanac (`src/ingest/category-lexicon/`). A term is a word or
 * phrase, matched whole and case-insensitively: spaces and hyphens inside it
 * are optional ("lean-to" matches "leanto"), Chinese terms match anywhere in
 * the text, and an Arabic term may carry a one-letter prefix (و, ف, ب, ل, ك).
 */
export const CATEGORY_LEXICONS: Readonly<Record<LexiconLanguage, CategoryLexicon>> = {
  en: SURVIVAL_CATEGORIES,
  es,
  fr,
  pt,
  de,
  ru,
  ar,
  zh,
  hi,
};

/** The languages of {@link CATEGORY_LEXICONS}, English first. */
export const LEXICON_LANGUAGES = Object.keys(CATEGORY_LEXICONS) as LexiconLanguage[];

/** A letter, combining mark or digit in any script: JS's `\b` knows only ASCII. */
const WORD = "[\\p{L}\\p{M}\\p{N}]";
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const HAN = /\p{Script=Han}/u;
const ARABIC_LETTER = /^\p{Script=Arabic}/u;
/** Arabic clitics written joined to the next word: "and", "so", "with", "for", "like". */
const PROCLITIC = "[وفبلك]";

/** Lower case, with "ё" as "е": Russian texts mostly print "е". */
function fold(s: string): string {
  return s.toLowerCase().replaceAll("ё", "е");
}

/**
 * Each UTF-16 unit folded ({@link fold}), -1 for one that is no letter, mark
 * or digit, 0 while not yet looked up: filled as text meets it, so scanning a
 * chunk for trigger words reads a table instead of running a regex or
 * allocating a string per word. A surrogate counts as no letter, which can only
 * split a word the term regexes would not match anyway.
 */
const FOLDED = new Int32Array(0x10000);

function foldedUnit(c: number): number {
  let f = FOLDED[c] as number;
  if (f === 0) {
    const ch = String.fromCharCode(c);
    f = WORD_CHAR.test(ch) ? fold(ch).charCodeAt(0) || c : -1;
    FOLDED[c] = f;
  }
  return f;
}

/** 30 bits: a small integer to V8, which keeps the map lookups from allocating. */
const HASH_MASK = 0x3fffffff;

/** The hash the trigger index keys a folded word by: equal words hash equal; a clash only tests a term more. */
function wordHash(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++)
    h = (Math.imul(h, 31) + Math.max(0, foldedUnit(word.charCodeAt(i)))) & HASH_MASK;
  return h;
}

/** The regex source of a term, without boundaries: spaces and hyphens optional, е and ё alike. */
function termSource(term: string): string {
  return term
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace(/[ -]/g, "[ -]?")
    .replace(/[её]/g, "[её]");
}

/** The source of a term with the boundaries its script needs (see {@link CATEGORY_LEXICONS}). */
function boundedSource(term: string): string {
  if (HAN.test(term)) return termSource(term);
  if (ARABIC_LETTER.test(term)) {
    // ل before the article drops its alif: ل + الماء is written للماء.
    const body = term.startsWith("ال")
      ? `(?:${PROCLITIC}?${termSource(term)}|[وف]?لل${termSource(term.slice(2))})`
      : `${PROCLITIC}?${termSource(term)}`;
    return `(?<!${WORD})${body}(?!${WORD})`;
  }
  return `(?<!${WORD})${termSource(term)}(?!${WORD})`;
}

/** English keeps its ASCII `\b` patterns, so an English chunk is tagged exactly as before the other languages came. */
function englishPattern(term: string): RegExp {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/[ -]/g, "[ -]?");
  return new RegExp(`\\b${escaped}\\b`, "i");
}

const ENGLISH = Object.fromEntries(
  CATEGORY_NAMES.map((c) => [c, SURVIVAL_CATEGORIES[c].map((t) => englishPattern(t))]),
) as Record<SurvivalCategory, RegExp[]>;

/**
 * The term's regex, compiled on its first test: building all of them when the
 * module loads took ~250 ms in every process and parse worker, for the few
 * hundred terms a library's text ever triggers.
 */
function lazyPattern(term: string): Pick<RegExp, "test"> {
  let re: RegExp | undefined;
  return {
    test: (text: string) => {
      re ??= new RegExp(boundedSource(term), "iu");
      return re.test(text);
    },
  };
}

/** A term of another language than English, tested only when the text gives a reason to. */
interface Term {
  /** Index of its category in {@link CATEGORY_NAMES}. */
  category: number;
  /** Whether a text holds it: its regex, or for Chinese a plain substring test, several times faster. */
  pattern: Pick<RegExp, "test">;
}

/**
 * A word's {@link wordHash} → the terms it belongs to: the longest word of each
 * term, or an Arabic term's first (where its prefix goes).
 */
const TRIGGERS = new Map<number, Term[]>();
/** The low 16 bits of every trigger hash: most words of a chunk are ruled out without a map lookup. */
const TRIGGER_BITS = new Uint8Array(0x10000);
/** Chinese terms: tested whenever the text has a Han character, as there are no words to look up. */
const HAN_TERMS: Term[] = [];

function addTrigger(word: string, term: Term): void {
  const key = wordHash(word);
  TRIGGER_BITS[key & 0xffff] = 1;
  const terms = TRIGGERS.get(key);
  if (terms) terms.push(term);
  else TRIGGERS.set(key, [term]);
}

for (const [category, c] of CATEGORY_NAMES.entries()) {
  // A term another language already has (radio, SOS) counts once, as it would in one language.
  const seen = new Set(SURVIVAL_CATEGORIES[c].map(fold));
  for (const lang of LEXICON_LANGUAGES) {
    if (lang === "en") continue;
    for (const t of CATEGORY_LEXICONS[lang][c]) {
      const folded = fold(t);
      if (seen.has(folded)) continue;
      seen.add(folded);
      const term: Term = {
        category,
        pattern: HAN.test(t) ? { test: (text: string) => text.includes(t) } : lazyPattern(t),
      };
      if (lang === "zh") {
        HAN_TERMS.push(term);
        continue;
      }
      const words = folded.split(/[ -]/);
      const first = words[0] ?? "";
      if (ARABIC_LETTER.test(first)) {
        addTrigger(first, term);
        if (first.startsWith("ال")) addTrigger(`ل${first.slice(2)}`, term);
      } else {
        // The longest word is the rarest: "as de guía" is looked up by "guía", not by "as".
        addTrigger(
          words.reduce((x, y) => (y.length > x.length ? y : x), ""),
          term,
        );
      }
    }
  }
}

function addTerms(terms: readonly Term[] | undefined, into: Set<Term>): void {
  if (terms) for (const t of terms) into.add(t);
}

/**
 * Adds to `into` the terms some word of `s` triggers; a word in Arabic letters
 * (U+0600–U+06FF) also without its first letter, which may be a prefix.
 */
function candidates(s: string, into: Set<Term>): void {
  let h = 0;
  let rest = 0;
  let start = -1;
  let arabic = false;
  for (let i = 0; i <= s.length; i++) {
    const f = i < s.length ? foldedUnit(s.charCodeAt(i)) : -1;
    if (f >= 0) {
      if (start < 0) {
        start = i;
        h = 0;
        rest = 0;
        arabic = f >= 0x600 && f <= 0x6ff;
      } else rest = (Math.imul(rest, 31) + f) & HASH_MASK;
      h = (Math.imul(h, 31) + f) & HASH_MASK;
      continue;
    }
    if (start < 0) continue;
    start = -1;
    if (TRIGGER_BITS[h & 0xffff]) addTerms(TRIGGERS.get(h), into);
    if (arabic && TRIGGER_BITS[rest & 0xffff]) addTerms(TRIGGERS.get(rest), into);
  }
}

/** Adds the hits of `patterns` to `score` (heading 3, body 1), stopping at the threshold. */
function addHits(patterns: readonly Pick<RegExp, "test">[], heading: string, text: string, score: number): number {
  let s = score;
  for (const re of patterns) {
    if (s >= CATEGORY_THRESHOLD) break;
    if (heading && re.test(heading)) s += 3;
    else if (re.test(text)) s += 1;
  }
  return s;
}

/**
 * Assigns survival categories to a chunk from its text and heading path, with
 * the terms of every language in {@link CATEGORY_LEXICONS}. English terms are
 * tested on every chunk; another language's term only when the chunk has its
 * longest word (Chinese terms: when it has a Han character), which keeps
 * ingest about as fast as with English alone.
 *
 * @param language - the chunk's ISO 639-1 code when known: `en` tests the English terms alone.
 * @returns category slugs, possibly empty, in {@link CATEGORY_NAMES} order.
 */
export function categorise(text: string, headingPath: readonly string[], language?: string | null): SurvivalCategory[] {
  const heading = headingPath.join(" ");
  const terms = new Set<Term>();
  // A chunk known to be English skips the other languages' scan, which is most of the cost on English books.
  if (language !== "en") {
    candidates(heading, terms);
    candidates(text, terms);
    if (HAN.test(heading) || HAN.test(text)) for (const t of HAN_TERMS) terms.add(t);
  }
  const scores = CATEGORY_NAMES.map(() => 0);
  for (const t of terms) scores[t.category] = addHits([t.pattern], heading, text, scores[t.category] ?? 0);
  const out: SurvivalCategory[] = [];
  for (const [i, c] of CATEGORY_NAMES.entries()) {
    if (addHits(ENGLISH[c], heading, text, scores[i] ?? 0) >= CATEGORY_THRESHOLD) out.push(c);
  }
  return out;
}

/**
 * Whether `text` holds a term of `category` in a language other than English,
 * matched as {@link categorise} matches it (whole words; Chinese anywhere).
 * Terms English has too (radio, SOS) are left to the English patterns. The
 * survival tiles use it for the heading bonus: one alternation of all the
 * languages' terms takes V8 ~0.7 s to compile and 0.25 ms a test.
 */
export function hasOtherLanguageTerm(text: string, category: SurvivalCategory): boolean {
  const index = CATEGORY_NAMES.indexOf(category);
  const terms = new Set<Term>();
  candidates(text, terms);
  if (HAN.test(text)) for (const t of HAN_TERMS) terms.add(t);
  for (const t of terms) if (t.category === index && t.pattern.test(text)) return true;
  return false;
}
