import { ar } from "./category-lexicon/ar.js";
import { de } from "./category-lexicon/de.js";
import { en } from "./category-lexicon/en.js";
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

/** A survival category slug, e.g. `"first-aid"`. */
export type SurvivalCategory = keyof typeof SURVIVAL_CATEGORIES;

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
const NON_WORD = /[^\p{L}\p{M}\p{N}]+/u;
const HAN = /\p{Script=Han}/u;
const ARABIC_LETTER = /^\p{Script=Arabic}/u;
/** Arabic clitics written joined to the next word: "and", "so", "with", "for", "like". */
const PROCLITIC = "[وفبلك]";

/** Lower case, with "ё" as "е", for the trigger index: Russian texts mostly print "е". */
function fold(s: string): string {
  return s.toLowerCase().replaceAll("ё", "е");
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

/**
 * One regex matching any of `terms` as a whole word in any script (Chinese
 * anywhere), case-insensitively, with the rules of {@link CATEGORY_LEXICONS}.
 * Null for an empty list.
 */
export function anyTermPattern(terms: readonly string[]): RegExp | null {
  if (terms.length === 0) return null;
  return new RegExp(terms.map(boundedSource).join("|"), "iu");
}

/** English keeps its ASCII `\b` patterns, so an English chunk is tagged exactly as before the other languages came. */
function englishPattern(term: string): RegExp {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/[ -]/g, "[ -]?");
  return new RegExp(`\\b${escaped}\\b`, "i");
}

const ENGLISH = Object.fromEntries(
  CATEGORY_NAMES.map((c) => [c, SURVIVAL_CATEGORIES[c].map((t) => englishPattern(t))]),
) as Record<SurvivalCategory, RegExp[]>;

/** A term of another language than English, tested only when the text gives a reason to. */
interface Term {
  /** Index of its category in {@link CATEGORY_NAMES}. */
  category: number;
  pattern: RegExp;
}

/** A word (folded) → the terms it belongs to: the longest word of each term, an Arabic term's first (its prefix goes there). */
const TRIGGERS = new Map<string, Term[]>();
/** Chinese terms: tested whenever the text has a Han character, as there are no words to look up. */
const HAN_TERMS: Term[] = [];

function addTrigger(word: string, term: Term): void {
  const terms = TRIGGERS.get(word);
  if (terms) terms.push(term);
  else TRIGGERS.set(word, [term]);
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
      const term: Term = { category, pattern: new RegExp(boundedSource(t), "iu") };
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

/** Arabic letters start at U+0600; a word there may carry a one-letter prefix. */
function isArabic(word: string): boolean {
  const code = word.charCodeAt(0);
  return code >= 0x600 && code <= 0x6ff;
}

/** Adds to `into` the terms some word of `s` triggers (an Arabic word also without its first letter). */
function candidates(s: string, into: Set<Term>): void {
  if (!s) return;
  for (const word of fold(s).split(NON_WORD)) {
    const terms = TRIGGERS.get(word) ?? (isArabic(word) ? TRIGGERS.get(word.slice(1)) : undefined);
    if (terms) for (const t of terms) into.add(t);
  }
}

/** Adds the hits of `patterns` to `score` (heading 3, body 1), stopping at the threshold. */
function addHits(patterns: readonly RegExp[], heading: string, text: string, score: number): number {
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
 * @returns category slugs, possibly empty, in {@link CATEGORY_NAMES} order.
 */
export function categorise(text: string, headingPath: readonly string[]): SurvivalCategory[] {
  const heading = headingPath.join(" ");
  const terms = new Set<Term>();
  candidates(heading, terms);
  candidates(text, terms);
  if (HAN.test(heading) || HAN.test(text)) for (const t of HAN_TERMS) terms.add(t);
  const scores = CATEGORY_NAMES.map(() => 0);
  for (const t of terms) scores[t.category] = addHits([t.pattern], heading, text, scores[t.category] ?? 0);
  const out: SurvivalCategory[] = [];
  for (const [i, c] of CATEGORY_NAMES.entries()) {
    if (addHits(ENGLISH[c], heading, text, scores[i] ?? 0) >= CATEGORY_THRESHOLD) out.push(c);
  }
  return out;
}
