/**
 * Questions about a document itself ("Who wrote Walden?", "When was A
 * Journal of the Plague Year published?"), answered from the document's
 * metadata (EPUB `dc:creator`, front matter, the Gutenberg header) rather
 * than from its text, which seldom names its own author in a sentence.
 */
import { queryTerms } from "../retrieve/terms.js";
import { isVariant } from "./gate.js";

/** A passage's document, as its metadata gives it. */
export interface DocumentInfo {
  title: string;
  author: string | null;
  /** Publication year, when the metadata has one. */
  year?: number | null;
}

/** What is asked of a document, and the words naming it. */
export interface DocumentQuestion {
  fact: "author" | "year";
  /** The document as the question names it ("Walden", "the Compleat Angler"). */
  subject: string;
}

const PATTERNS: Array<[DocumentQuestion["fact"], RegExp]> = [
  ["author", /^who (?:wrote|authored|is the author of|was the author of|penned)\s+(.+?)[?.!]*$/i],
  ["author", /^(?:who|whom) (?:is|was) (.+?) (?:written|authored|composed) by[?.!]*$/i],
  ["author", /^(?:by whom|who) (?:is|was) (.+?) written[?.!]*$/i],
  ["author", /^what(?:'s| is| was) the (?:author|writer) of\s+(.+?)[?.!]*$/i],
  ["year", /^when (?:was|were) (.+?) (?:written|published|first published|printed)[?.!]*$/i],
  ["year", /^(?:in )?what year (?:was|were) (.+?) (?:written|published|first published|printed)[?.!]*$/i],
];

/** Reads a question about a document's author or year, or null for any other question. */
export function documentQuestion(question: string): DocumentQuestion | null {
  const q = question.replace(/\s+/g, " ").trim();
  for (const [fact, re] of PATTERNS) {
    const m = re.exec(q);
    if (m?.[1]) return { fact, subject: m[1].replace(/^["“']|["”']$/g, "") };
  }
  return null;
}

/**
 * Whether a title is the document the question names: every content word of
 * the subject is a word of the title or a spelling variant of one ("Compleat"
 * for "Complete"), and the subject holds most of the title's words, so
 * "Walden" names *Walden* but "the book" names nothing.
 */
export function namesTitle(subject: string, title: string): boolean {
  const asked = queryTerms(subject);
  const words = queryTerms(title);
  if (asked.length === 0 || words.length === 0) return false;
  const found = asked.filter((a) => words.some((w) => isVariant(a, w)));
  return found.length === asked.length && found.length * 2 >= words.length;
}

/**
 * The metadata line that answers a document question: "Walden — Author:
 * Henry David Thoreau" (and "— Published: 1854" when known), or null when
 * no passage's document is the one named or its metadata lacks the fact.
 * @returns the line and the index (into `docs`) of the passage it cites.
 */
export function documentFactLine(
  q: DocumentQuestion,
  docs: readonly DocumentInfo[],
): { text: string; index: number } | null {
  const index = docs.findIndex((d) => namesTitle(q.subject, d.title));
  const doc = docs[index];
  if (!doc) return null;
  const author = doc.author?.trim();
  const year = doc.year ?? null;
  if (q.fact === "author" && !author) return null;
  if (q.fact === "year" && year === null) return null;
  const parts = [doc.title, ...(author ? [`Author: ${author}`] : []), ...(year !== null ? [`Published: ${year}`] : [])];
  return { text: parts.join(" — "), index };
}
