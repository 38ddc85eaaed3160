import { createRequire } from "node:module";
import { scriptLanguage } from "./script-language.js";

type DetectAll = typeof import("tinyld").detectAll;
let detectAll: DetectAll | null = null;

/** A text's most likely language: ISO 639-1 `code` ("" when none is found) and tinyld's confidence, 0–1. */
export interface DetectedLanguage {
  code: string;
  accuracy: number;
  /**
   * Whether the reading holds whatever its accuracy: it was chosen among a
   * few candidates (`only`, a library's languages: 4 of 612 English XQuAD
   * questions read as German among English and German, whatever the
   * cut-off), or the text is in a script English is not written in
   * ({@link scriptLanguage}). A low accuracy among all 62 languages is not:
   * short English questions score low.
   */
  reliable: boolean;
}

/**
 * Detects the language of a text (npm `tinyld`, MIT: 62 languages, no model,
 * about 0.4 ms for a 200-character window, 50 MiB once loaded). Chosen over
 * `eld` and `franc-min` on XQuAD's 1,440 dev-half contexts in 12 languages:
 * tinyld 99.4% right, eld (medium) 99.9% but 187 MiB resident, franc-min 99.6%
 * and slower; on the 7,344 questions tinyld 98.9%, eld 99.1%.
 * When tinyld finds nothing (a six-character Chinese question), the language
 * the script points to ({@link scriptLanguage}), at accuracy 0.
 * @param only - ISO 639-1 codes to choose among (tinyld's `only`); when none of
 * them fits, the text is detected among all 62.
 */
export function detectLanguage(text: string, only?: readonly string[]): DetectedLanguage {
  // Loaded on first use: its tables take ~120 ms to load, which a process that never detects need not pay.
  detectAll ??= (createRequire(import.meta.url)("tinyld") as typeof import("tinyld")).detectAll;
  const [best] = only?.length ? detectAll(text, { only: [...only] }) : [];
  if (best) return { code: best.lang, accuracy: best.accuracy, reliable: true };
  const [any] = detectAll(text);
  const script = scriptLanguage(text);
  return { code: any?.lang ?? script, accuracy: any?.accuracy ?? 0, reliable: script !== "" };
}

let names: Map<string, string> | null = null;

let english: Intl.DisplayNames | null = null;

/** ICU's English name of a language code, or undefined when it knows none. */
function englishName(code: string): string | undefined {
  english ??= new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
  return english.of(code);
}

/**
 * Every ISO 639-1 code ICU names, keyed by its name in English and in the
 * language itself ("spanish", "español" → "es"): Node's full ICU ships the
 * CLDR names, so no name is listed here by hand.
 */
function namedCodes(): Map<string, string> {
  if (names) return names;
  names = new Map();
  for (let a = 97; a <= 122; a++)
    for (let b = 97; b <= 122; b++) {
      const code = String.fromCharCode(a, b);
      const name = englishName(code);
      // Deprecated codes (iw, mo, in) are named too; their current code keeps the name.
      if (!name || Intl.getCanonicalLocales(code)[0] !== code) continue;
      names.set(name.toLowerCase(), code);
      const own = new Intl.DisplayNames([code], { type: "language", fallback: "none" }).of(code);
      if (own && !names.has(own.toLowerCase())) names.set(own.toLowerCase(), code);
    }
  return names;
}

/**
 * A language as metadata states it, as an ISO 639-1 code: a BCP 47 tag
 * (`en-GB`, `pt_BR` → `en`, `pt`), an ISO 639-2/3 code (`eng`, `fre`, `cmn` →
 * `en`, `fr`, `zh`, by ICU's canonicalisation, UTS #35 aliases), or a name
 * in English or in the language itself (`English`, `Deutsch`). The first of
 * a list (`en, fr` or `eng;fra`) is taken, as ZIM `Language` and EPUB
 * `dc:language` put the main one first.
 * @returns the code, or null for an empty or unknown value.
 */
export function languageCode(stated: string | null | undefined): string | null {
  const first = stated?.split(/[,;]/)[0]?.trim().replaceAll("_", "-");
  if (!first) return null;
  if (/^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i.test(first)) {
    let primary: string | undefined;
    try {
      primary = Intl.getCanonicalLocales(first)[0]?.split("-")[0];
    } catch {
      primary = undefined;
    }
    return primary?.length === 2 && englishName(primary) ? primary : null;
  }
  return namedCodes().get(first.toLowerCase()) ?? null;
}

/** The tag a chunk of language `code` carries (`lang-es`), which the search filter and the library list read. */
export function languageTag(code: string): string {
  return `lang-${code}`;
}

/** Characters of a chunk read to detect its language: 99.6% right on XQuAD's contexts; tinyld takes ~0.4 ms whatever the length. */
const WINDOW = 1000;
/**
 * Chunks sampled, evenly spread, to tell a document's language and whether it is all in one. Each
 * detection costs ~0.7 ms whatever its length, which a folder of many short Markdown files pays per file.
 */
const SAMPLES = 4;
/** A chunk shorter than this (a heading, a short list) keeps its document's language: too little text to tell. */
const MIN_CHARS = 120;

/** The language of each chunk and of the whole document. */
export interface ChunkLanguages {
  /** ISO 639-1 code of the document, or null when nothing tells. */
  document: string | null;
  /** One code (or null) per chunk, in order. */
  chunks: Array<string | null>;
}

function sampled(texts: readonly string[]): number[] {
  if (texts.length <= SAMPLES) return texts.map((_, i) => i);
  return Array.from({ length: SAMPLES }, (_, i) => Math.floor(((i + 0.5) * texts.length) / SAMPLES));
}

function detectWindow(text: string): DetectedLanguage {
  return detectLanguage(text.length > WINDOW ? text.slice(0, WINDOW) : text);
}

/**
 * The language of a document and of each of its chunks. The metadata's
 * language ({@link languageCode}) wins for the document; without it, the most
 * common language of {@link SAMPLES} evenly spread chunks. Every chunk takes
 * the document's language unless two samples (the only one, for a
 * one-chunk document) are in one other language (a bilingual book, metadata
 * that is wrong; scattered wrong guesses on old spelling do not count): then each chunk of at least
 * {@link MIN_CHARS} characters is detected on its own. tinyld's confidence is
 * not used as a threshold: it is a margin that ran from 0.44 (5th percentile)
 * for right English detections to 0.98 for Arabic on XQuAD. Costs
 * {@link SAMPLES} detections (about 3 ms) for a document in one language;
 * a foreign chapter is missed unless two samples fall in it.
 * @param stated - the language the metadata states, as it spells it.
 * @param texts - the chunks' texts, in order.
 */
export function chunkLanguages(stated: string | null | undefined, texts: readonly string[]): ChunkLanguages {
  const samples = sampled(texts).map((i) => detectWindow(texts[i] ?? "").code);
  const counts = new Map<string, number>();
  for (const s of samples) if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const document = languageCode(stated) ?? common;
  // A second language shows in several samples alike; detection noise (old spelling, recipe lists) scatters.
  const other = Math.max(0, ...[...counts].filter(([code]) => code !== document).map(([, n]) => n));
  if (other < Math.min(2, samples.length)) return { document, chunks: texts.map(() => document) };
  return {
    document,
    chunks: texts.map((t) => (t.length >= MIN_CHARS ? detectWindow(t).code || document : document)),
  };
}
