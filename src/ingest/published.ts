import type { Published } from "./types.js";

/**
 * Publication facts read from a document's own metadata, one reader per format.
 * Pure string work, safe in a parse worker.
 *
 * The year wanted is the year the text was written or first printed: a 1911
 * first-aid manual must read as 1911, not as the 2008 date of its transcription.
 * So every reader prefers a statement of the original publication ("Original
 * publication:", "COPYRIGHT 1911", "was published in 1854") over the date of
 * the file, and an ebook's release date is never used.
 */

/** Earliest year accepted: printing in Europe. */
const FIRST_YEAR = 1450;
/** A four-digit year: not inside a longer number, not an ebook number ("#1911"), not a decade ("1600s"). */
const YEAR = /(?<![\d#])(1[4-9]\d\d|20\d\d)(?!\d|s\b|'s\b)/g;
/** Words that make a line of front matter an imprint statement. */
const IMPRINT_CUE =
  /\b(?:copyright(?:ed)?|copr\.|published|publication|edition|printed|issued)\b|©|\(c\)\s*(?:1[4-9]|20)\d\d/i;
/** A title-page line that is only a year, in digits ("1911") or Roman numerals ("MDCCCL."). */
const LONE_YEAR =
  /^[\s_*.,[\]()]*(1[4-9]\d\d|20\d\d|M{1,2}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))[\s_*.,[\]()]*$/;
/** Headings that end a book's front matter: past them, years are the book's subject, not its imprint. */
const FRONT_MATTER_END =
  /^\s*(?:(?:chapter|book|part)\s+(?:[ivxlcdm]+|\d+|one|first)\b.*|contents|table of contents)\s*\.?\s*$/i;
/** Longest paragraph read whole as one imprint statement, in characters. */
const IMPRINT_PARAGRAPH_CHARS = 400;
/** How much of a book's start is read as front matter, in characters. */
const FRONT_MATTER_CHARS = 12_000;
/** EPUB sections that state where the book comes from (Standard Ebooks' colophon, a copyright page). */
const IMPRINT_HEADING = /\b(?:colophon|imprint|copyright|title ?page|about (?:this|the) (?:e-?)?book)\b/i;

function latestYear(now: Date): number {
  return now.getFullYear() + 1;
}

function inRange(year: number, now: Date): number | null {
  return year >= FIRST_YEAR && year <= latestYear(now) ? year : null;
}

function romanValue(s: string): number {
  const values: Record<string, number> = { M: 1000, D: 500, C: 100, L: 50, X: 10, V: 5, I: 1 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = values[s[i] as string] ?? 0;
    const next = values[s[i + 1] as string] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

/**
 * The year of a date value as metadata gives it: a `Date`, a number, an ISO
 * date (`2014-05-25T00:00:00Z`), a PDF date (`D:20090401163925-07'00'`), or
 * free text holding one year ("New York: Doubleday, 1911").
 * @param now - the current time; a year after next year is rejected as a typo.
 * @returns the first plausible year (1450 to next year), or null.
 */
export function yearOf(value: unknown, now = new Date()): number | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : inRange(value.getUTCFullYear(), now);
  if (typeof value === "number") return Number.isInteger(value) ? inRange(value, now) : null;
  if (typeof value !== "string") return null;
  const pdf = /^D:(\d{4})/.exec(value.trim());
  if (pdf) return inRange(Number(pdf[1]), now);
  for (const m of value.matchAll(YEAR)) {
    const year = inRange(Number(m[1]), now);
    if (year !== null) return year;
  }
  return null;
}

/**
 * The earliest year that a book's front matter states as its publication:
 * lines with an imprint word ("COPYRIGHT, 1914", "Published September, 1914",
 * "first published in 1963 … published … in 1920", "was published in 1854")
 * and title-page lines that are only a year ("1911", "MDCCCL."). The earliest
 * wins because reprints name the original after their own date.
 * Lines count alone for a lone year; imprint words count per paragraph (per sentence in a long one),
 * since a reprint's note wraps over several lines.
 * @param front - the front matter (or a colophon), with its line breaks.
 * @returns the year, or null when no line states one.
 */
export function imprintYear(front: string, now = new Date()): number | null {
  let best: number | null = null;
  const keep = (y: number | null) => {
    if (y !== null && (best === null || y < best)) best = y;
  };
  for (const paragraph of front.split(/\n[ \t]*\n/)) {
    for (const line of paragraph.split("\n")) {
      const lone = LONE_YEAR.exec(line)?.[1];
      if (lone) keep(inRange(/^\d/.test(lone) ? Number(lone) : romanValue(lone), now));
    }
    // A short paragraph is one imprint ("This Dover edition, first published in 1963, is … published … in 1920");
    // in a long one only the sentence with the imprint word counts.
    const flat = paragraph.replace(/\s+/g, " ").trim();
    const units = flat.length <= IMPRINT_PARAGRAPH_CHARS ? [flat] : flat.split(/(?<=[.!?])\s+(?=[A-Z_"“])/);
    for (const unit of units)
      if (IMPRINT_CUE.test(unit)) for (const m of unit.matchAll(YEAR)) keep(inRange(Number(m[1]), now));
  }
  return best;
}

/** The start of a book up to its first chapter or table of contents, at most {@link FRONT_MATTER_CHARS}. */
export function frontMatter(text: string): string {
  const head = text.slice(0, FRONT_MATTER_CHARS);
  const lines = head.split("\n");
  let at = 0;
  for (const line of lines) {
    if (at > 0 && FRONT_MATTER_END.test(line)) return head.slice(0, at);
    at += line.length + 1;
  }
  return head;
}

/** A year in a title ("Boy Scouts Handbook 1911", "The Complete Angler, 1653"), or null. */
export function titleYear(title: string, now = new Date()): number | null {
  return yearOf(title, now);
}

/**
 * A plain-text book's publication facts: the Project Gutenberg header's
 * `Original publication:` line, else the front matter's imprint
 * ({@link imprintYear}), else a year in the title. The header's `Release
 * date` dates the transcription, so it is never used: no year is better
 * than one that makes a 1911 book look new. `Language:` comes from the header.
 * @param header - the Gutenberg header (before `*** START OF …`), or "".
 * @param body - the book text, line breaks kept.
 */
export function gutenbergPublished(header: string, body: string, title: string, now = new Date()): Published {
  const original = /^Original publication:\s*(.+)$/im.exec(header)?.[1];
  const language = /^Language:\s*(.+)$/im.exec(header)?.[1]?.trim() || null;
  const year =
    (original ? yearOf(original, now) : null) ?? imprintYear(frontMatter(body), now) ?? titleYear(title, now);
  return { year, publisher: null, language };
}

/** The text content of every `<tag …>` element of an OPF, with its attributes; entities are not decoded beyond the basic five. */
function opfElements(opf: string, tag: string): Array<{ attrs: string; text: string }> {
  const re = new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, "gi");
  return [...opf.matchAll(re)].map((m) => ({
    attrs: m[1] ?? "",
    text: (m[2] ?? "")
      .replace(/<[^>]*>/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&")
      .trim(),
  }));
}

/**
 * An EPUB's publication facts. The year, first found of:
 * 1. an OPF `<dc:date opf:event="original-publication">` (EPUB 2) or `<meta property="dcterms:issued">`;
 * 2. the book's own imprint: its front matter and any colophon or copyright
 *    section (Standard Ebooks' colophon says "was published in 1854"; their
 *    `dc:date` is the ebook's release, not the book's);
 * 3. the first `<dc:date>` (`opf:event="publication"` preferred);
 * 4. `<meta property="dcterms:modified">`, the last resort.
 * Publisher and language are the OPF's `dc:publisher` and `dc:language`.
 * @param opf - the package document's XML ("" when it could not be read).
 * @param imprint - the front matter and colophon text ({@link imprintYear} reads it).
 */
export function epubPublished(opf: string, imprint: string, now = new Date()): Published {
  const dates = opfElements(opf, "dc:date");
  const event = (name: string) => dates.find((d) => new RegExp(`event\\s*=\\s*["']${name}["']`, "i").test(d.attrs));
  const meta = (property: string) =>
    opfElements(opf, "meta").find((m) => new RegExp(`property\\s*=\\s*["']${property}["']`, "i").test(m.attrs));
  const year =
    yearOf(event("original-publication")?.text, now) ??
    yearOf(meta("dcterms:issued")?.text, now) ??
    imprintYear(imprint, now) ??
    yearOf((event("publication") ?? dates[0])?.text, now) ??
    yearOf(meta("dcterms:modified")?.text, now);
  const publisher = opfElements(opf, "dc:publisher").find((p) => p.text)?.text ?? null;
  const language = opfElements(opf, "dc:language").find((l) => l.text)?.text ?? null;
  return { year, publisher, language };
}

/** Whether an EPUB section's heading marks a colophon, imprint or copyright page ({@link epubPublished}). */
export function isImprintHeading(heading: string): boolean {
  return IMPRINT_HEADING.test(heading);
}

function firstString(...values: unknown[]): string | null {
  for (const v of values) {
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === "string" && s.trim()) return s.trim();
  }
  return null;
}

/**
 * A Markdown file's publication facts from its YAML front matter: the year
 * from `year`, `published`, `publication_date` or `date` (in that order; a
 * YAML date or a string), the publisher from `publisher`, the language from
 * `language` or `lang`.
 */
export function frontMatterPublished(fm: Record<string, unknown>, now = new Date()): Published {
  let year: number | null = null;
  for (const key of ["year", "published", "publication_date", "date"]) {
    year = yearOf(fm[key], now);
    if (year !== null) break;
  }
  return { year, publisher: firstString(fm.publisher), language: firstString(fm.language, fm.lang) };
}

/**
 * A PDF's publication facts: an imprint statement on its first pages
 * ("Copyright 2009 ACM"), else the info dictionary's `CreationDate`, else its
 * `ModDate`. The creation date of a scan is the scan's, which is why the
 * printed imprint comes first.
 * @param info - the PDF info dictionary as pdf.js returns it.
 * @param firstPages - the text of the first pages.
 */
export function pdfPublished(info: Record<string, unknown>, firstPages: string, now = new Date()): Published {
  const year = imprintYear(firstPages, now) ?? yearOf(info.CreationDate, now) ?? yearOf(info.ModDate, now);
  return { year, publisher: firstString(info.Publisher), language: firstString(info.Language, info.Lang) };
}

/** A ZIM archive's publication facts from its `M/` metadata: `Date` (the snapshot's), `Publisher`, `Language`. */
export function zimPublished(metadata: Record<string, string>, now = new Date()): Published {
  return {
    year: yearOf(metadata.Date, now),
    publisher: firstString(metadata.Publisher),
    language: firstString(metadata.Language),
  };
}
