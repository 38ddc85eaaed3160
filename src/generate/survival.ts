import {
  CATEGORY_LEXICONS,
  hasOtherLanguageTerm,
  LEXICON_LANGUAGES,
  SURVIVAL_CATEGORIES,
  type SurvivalCategory,
} from "../ingest/categories.js";
import { languageTag } from "../ingest/language.js";
import { textUnits } from "../ingest/units.js";
import type { Retriever, SearchResult } from "../retrieve/search.js";
import { isOld } from "./dated.js";
import { citationLabel, type DocumentMetaLookup, type PageLookup, type Source, toSources } from "./sources.js";
import { hasQuantity, isInstruction, isWarning, wordCount } from "./unit-features.js";

/** Candidates read per category before ranking, and passages shown. */
const CANDIDATES = 60;
const SHOWN = 12;
/** At most this many passages from one section, so one long chapter does not fill the page. */
const PER_SECTION = 2;

/** The lexicon languages besides English, and the `lang-xx` tag their chunks carry. */
const OTHER_LANGUAGES = LEXICON_LANGUAGES.filter((l) => l !== "en").map((l) => ({ lang: l, tag: languageTag(l) }));

/**
 * The other languages' search of a category: their words, each once, less
 * the words of the English terms (potable, radio), which would fill the
 * candidates with English chunks, and less the one- and two-letter words of
 * phrases ("de", "la"), which every chunk of those languages has. Built once
 * per category, on its first visit.
 */
const OTHER_QUERIES = new Map<SurvivalCategory, string>();

function otherQuery(category: SurvivalCategory): string {
  let q = OTHER_QUERIES.get(category);
  if (q === undefined) {
    const words = (terms: readonly string[]) => terms.flatMap((t) => t.toLowerCase().split(/[ -]/));
    const english = new Set(words(SURVIVAL_CATEGORIES[category]));
    const other = words(OTHER_LANGUAGES.flatMap((l) => CATEGORY_LEXICONS[l.lang][category]));
    q = [...new Set(other)].filter((w) => !english.has(w) && (w.length > 2 || /\p{Script=Han}/u.test(w))).join(" ");
    OTHER_QUERIES.set(category, q);
  }
  return q;
}

/**
 * The hits of the other languages' search, one list per language by the
 * chunk's `lang-xx` tag; hits in English or in no known language are dropped,
 * so English chunks that happen to hold a foreign word keep their English rank.
 */
function byLanguage(hits: readonly SearchResult[]): SearchResult[][] {
  return OTHER_LANGUAGES.map((l) => hits.filter((h) => h.chunk.tags.includes(l.tag)));
}

/**
 * The candidates of every language in one list: the i-th hit of each list
 * before any (i+1)-th, English first, each chunk once. With no hits in other
 * languages it is the English list as it was.
 */
function interleave(lists: readonly SearchResult[][]): SearchResult[] {
  const seen = new Set<string>();
  const out: SearchResult[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) {
    for (const list of lists) {
      const r = list[i];
      if (!r || seen.has(r.chunk.id)) continue;
      seen.add(r.chunk.id);
      out.push(r);
    }
  }
  return out;
}

/** A passage picked for a survival category, with why it ranked. */
export interface CategoryPassage {
  source: Source;
  /** Combined rank score: retrieval rank, the category in the heading, and how much of it is actionable. */
  score: number;
  /** Instruction steps in the passage (imperatives, "Do not…", numbered steps). */
  steps: number;
  /** Its source is more than 50 years old and the topic is first aid: the advice may be out of date ({@link isOld}). */
  dated: boolean;
}

/**
 * Answer quality of a passage for a survival reader, in [0, 1]: the share of
 * its sentences and list items that are instructions, warnings or carry a
 * quantity ("boil for 1 minute"), damped for very short passages.
 */
export function actionability(text: string): { score: number; steps: number } {
  const units = textUnits(text, 0, text.length).map((u) => text.slice(u.start, u.end));
  if (units.length === 0) return { score: 0, steps: 0 };
  let steps = 0;
  let useful = 0;
  for (const u of units) {
    const step = isInstruction(u);
    if (step) steps++;
    if (step || isWarning(u) || hasQuantity(u)) useful++;
  }
  const words = wordCount(text);
  const length = Math.min(1, words / 60);
  return { score: (useful / units.length) * length, steps };
}

/**
 * The best passages for one survival category: every chunk tagged with it
 * (tags come from the category lexicon at ingest) is a candidate, searched
 * with the lexicon's own terms: the English terms (as before other languages
 * came, so an English library's tiles are unchanged), and the other
 * languages' terms together, whose hits count only in a chunk of one of those
 * languages (tagged `lang-xx`); the English list and each language's take
 * turns. They are ranked by a mix of search rank (0.4),
 * the category named in the heading (0.2) and actionability (0.4), and at
 * most {@link PER_SECTION} come from one section. On the first-aid tile,
 * passages of sources more than 50 years old come after the others and are
 * marked `dated`. Works with no model.
 * @param metaOf - document facts; with it each source carries its year (shown on the tile's label).
 * @param now - the current time, for the age of a source.
 */
export async function categoryPassages(
  retriever: Pick<Retriever, "search">,
  category: SurvivalCategory,
  pageOf?: PageLookup,
  metaOf?: DocumentMetaLookup,
  now = new Date(),
): Promise<CategoryPassage[]> {
  const terms = SURVIVAL_CATEGORIES[category];
  // One search for all other languages, not one each: a tile costs two BM25 queries, whatever the library holds.
  const [english, others] = await Promise.all([
    retriever.search(terms.join(" "), { k: CANDIDATES, filter: { tags: [category] }, mode: "bm25" }),
    retriever.search(otherQuery(category), { k: 2 * CANDIDATES, filter: { tags: [category] }, mode: "bm25" }),
  ]);
  const sources = toSources(interleave([english, ...byLanguage(others)]), pageOf, metaOf);
  const headingWords = new RegExp(`\\b(?:${terms.map((t) => t.replace(/[^\p{L}\p{N}]/gu, "")).join("|")})`, "iu");
  const ranked = sources.map((source, i) => {
    const a = actionability(source.text);
    const rank = 1 - i / Math.max(1, sources.length);
    const label = citationLabel(source);
    const heading = headingWords.test(label) || hasOtherLanguageTerm(label, category) ? 1 : 0;
    const dated = category === "first-aid" && isOld(source.year, now);
    return { source, score: 0.4 * rank + 0.2 * heading + 0.4 * a.score, steps: a.steps, dated };
  });
  // First-aid guidance changes: passages of old sources come after the newer ones, each group by score.
  ranked.sort((x, y) => Number(x.dated) - Number(y.dated) || y.score - x.score);
  const perSection = new Map<string, number>();
  const out: CategoryPassage[] = [];
  for (const r of ranked) {
    const key = `${r.source.docId}|${r.source.chapter}`;
    const n = perSection.get(key) ?? 0;
    if (n >= PER_SECTION) continue;
    perSection.set(key, n + 1);
    out.push({ ...r, source: { ...r.source, index: out.length + 1 } });
    if (out.length >= SHOWN) break;
  }
  return out;
}
