import type { Section } from "./types.js";
import { type TextUnit, textUnits } from "./units.js";

/** Counts tokens in a string. */
export type TokenCounter = (text: string) => number;

/**
 * Token estimate used when no embedding model (and so no tokenizer) is loaded:
 * the larger of chars/4 (OpenAI's rule of thumb for BPE vocabularies on English)
 * and words×1.3 (typical WordPiece fertility on English prose). Erring high
 * keeps chunks inside a real model's context when one is added later.
 */
export const estimateTokens: TokenCounter = (text) => {
  const words = text.match(/\S+/g)?.length ?? 0;
  return Math.ceil(Math.max(text.length / 4, words * 1.3));
};

/**
 * Version of the chunking rules, of the parsers' text layout (lists,
 * tables) and of the tags chunks carry. Stored with the index, so a library
 * indexed under older rules is re-chunked on the next start. 7: chunks carry
 * their language (`lang-xx`) and the survival categories of eight more languages.
 */
export const CHUNKER_VERSION = 7;

/** A chunk of a document, with offsets into the normalised text. */
export interface Chunk {
  /** 0-based order within the document. */
  index: number;
  text: string;
  /** Start offset (inclusive) into the document text, in UTF-16 code units. */
  start: number;
  /** End offset (exclusive). */
  end: number;
  headingPath: string[];
  spineIndex?: number;
  /** Tokens of `text` plus `leadIn`. */
  tokens: number;
  /**
   * When the chunk continues a list or table whose lead-in sentence ("Purify
   * water by the following methods:") lies in an earlier chunk: that sentence,
   * carried as context. It is not part of `text`, so the offsets stay exact.
   */
  leadIn?: string;
}

/** Chunker limits, in tokens of the active {@link TokenCounter}. */
export interface ChunkOptions {
  maxTokens: number;
  overlapTokens: number;
  countTokens: TokenCounter;
}

interface Unit extends TextUnit {
  tokens: number;
  /** Index of the lead-in unit of the list this item or row belongs to, or -1. */
  leadInIndex: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Splits `u` at word boundaries into pieces within the budget. */
function splitWords(text: string, u: TextUnit, opts: ChunkOptions): Array<Omit<Unit, "leadInIndex">> {
  const out: Array<Omit<Unit, "leadInIndex">> = [];
  const words = [...text.slice(u.start, u.end).matchAll(/\S+/g)];
  const span = (from: number, to: number): [number, number] => {
    const last = words[to - 1];
    return [u.start + (words[from]?.index ?? 0), u.start + (last?.index ?? 0) + (last?.[0].length ?? 0)];
  };
  const fits = (from: number, to: number) => {
    const [a, b] = span(from, to);
    return opts.countTokens(text.slice(a, b)) <= opts.maxTokens;
  };
  let from = 0;
  while (from < words.length) {
    // The most words from `from` that fit (token counts grow with the span): gallop by doubling, then binary
    // search, so a piece costs about 2·log2(words in it) tokenizations of at most twice its length, instead of one
    // per word. A single word over the budget still makes a piece.
    let best = from + 1;
    let step = 1;
    while (best + step <= words.length && fits(from, best + step)) {
      best += step;
      step *= 2;
    }
    let hi = Math.min(words.length, best + step - 1);
    while (best < hi) {
      const mid = (best + hi + 1) >> 1;
      if (fits(from, mid)) best = mid;
      else hi = mid - 1;
    }
    const [a, b] = span(from, best);
    out.push({
      ...u,
      start: a,
      end: b,
      tokens: opts.countTokens(text.slice(a, b)),
      paragraphStart: from === 0 && u.paragraphStart,
      leadIn: false,
    });
    from = best;
  }
  return out;
}

/**
 * A unit longer than the budget is split: a list item into its sentences
 * (which stay part of the list), and a sentence still too long at word
 * boundaries — the only case where a chunk ends mid-sentence.
 */
function splitOversized(text: string, u: TextUnit, opts: ChunkOptions): Array<Omit<Unit, "leadInIndex">> {
  const tokens = opts.countTokens(text.slice(u.start, u.end));
  if (tokens <= opts.maxTokens) return [{ ...u, tokens }];
  if (u.kind === "sentence") return splitWords(text, u, opts);
  const out: Array<Omit<Unit, "leadInIndex">> = [];
  for (const seg of segmenter.segment(text.slice(u.start, u.end))) {
    const trimmed = seg.segment.trim();
    if (!trimmed) continue;
    const start = u.start + seg.index + (seg.segment.length - seg.segment.trimStart().length);
    const piece: TextUnit = {
      ...u,
      start,
      end: start + trimmed.length,
      paragraphStart: out.length === 0 && u.paragraphStart,
    };
    const t = opts.countTokens(trimmed);
    if (t <= opts.maxTokens) out.push({ ...piece, tokens: t });
    else out.push(...splitWords(text, piece, opts));
  }
  return out;
}

function unitsOf(text: string, section: Section, opts: ChunkOptions): Unit[] {
  const units: Unit[] = [];
  let leadInIndex = -1;
  for (const u of textUnits(text, section.start, section.end)) {
    for (const piece of splitOversized(text, u, opts)) {
      if (piece.kind === "item" || piece.kind === "row" || piece.kind === "caption") {
        units.push({ ...piece, leadInIndex });
      } else {
        leadInIndex = -1;
        units.push({ ...piece, leadInIndex: -1 });
      }
      if (piece.leadIn) leadInIndex = units.length - 1;
    }
  }
  return units;
}

/** Tokens of a lead-in and every item after it that belongs to it. */
function groupTokens(units: readonly Unit[], leadIn: number): number {
  let tokens = (units[leadIn] as Unit).tokens;
  for (let k = leadIn + 1; k < units.length && (units[k] as Unit).leadInIndex === leadIn; k++)
    tokens += (units[k] as Unit).tokens;
  return tokens;
}

/** Tokens of a paragraph starting at `from`. */
function paragraphTokens(units: readonly Unit[], from: number): number {
  let tokens = (units[from] as Unit).tokens;
  for (let k = from + 1; k < units.length && !(units[k] as Unit).paragraphStart; k++)
    tokens += (units[k] as Unit).tokens;
  return tokens;
}

/**
 * Splits a document into overlapping, token-bounded chunks that respect its structure.
 *
 * - A chunk never spans two sections, so each carries one heading path.
 * - Inside a section it breaks between units ({@link textUnits}): sentences,
 *   list items and table rows, which keep their markers. Once a chunk is half
 *   full it prefers to break before a paragraph, or before a list's lead-in,
 *   rather than split it.
 * - A lead-in sentence ending in ":" is never the last unit of a chunk: it
 *   stays with the list or table it introduces. A list too long for one chunk
 *   is split between items, and each later part carries the lead-in as
 *   {@link Chunk.leadIn}.
 * - Overlap: each chunk after the first starts with the previous chunk's last
 *   whole units, up to `overlapTokens`, but never with a figure caption.
 * - A chunk made only of figure captions is dropped when the document has other chunks.
 * - Offsets index the normalised text, so `text.slice(start, end) === chunk.text`.
 *
 * @param text - the document's normalised text.
 * @param sections - its sections, tiling `text` (see {@link Section}).
 * @throws RangeError when `maxTokens < 1` or `overlapTokens` is negative or not below `maxTokens`.
 */
export function chunkDocument(text: string, sections: readonly Section[], opts: ChunkOptions): Chunk[] {
  if (opts.maxTokens < 1 || opts.overlapTokens >= opts.maxTokens || opts.overlapTokens < 0) {
    throw new RangeError(`invalid chunk budget: max ${opts.maxTokens}, overlap ${opts.overlapTokens}`);
  }
  const chunks: Chunk[] = [];
  const captionOnly = new Set<Chunk>();
  for (const section of sections) {
    const units = unitsOf(text, section, opts);
    let i = 0;
    while (i < units.length) {
      const first = units[i] as Unit;
      const carried = first.leadInIndex >= 0 && first.leadInIndex < i ? (units[first.leadInIndex] as Unit) : null;
      const leadIn = carried ? text.slice(carried.start, carried.end) : undefined;
      const leadInTokens = carried ? carried.tokens : 0;
      let j = i;
      let tokens = leadInTokens;
      while (j < units.length) {
        const u = units[j] as Unit;
        if (j > i && tokens + u.tokens > opts.maxTokens) break;
        // The preferred breaks never fall right after a lead-in: its list starts here.
        if (j > i && tokens >= opts.maxTokens / 2 && !(units[j - 1] as Unit).leadIn) {
          if (u.leadIn && tokens + groupTokens(units, j) > opts.maxTokens) break;
          if (u.paragraphStart && tokens + paragraphTokens(units, j) > opts.maxTokens) break;
        }
        tokens += u.tokens;
        j++;
      }
      // A lead-in goes with its list: end the chunk before it rather than after it.
      if (j < units.length && j - 1 > i && (units[j - 1] as Unit).leadIn) {
        j--;
        tokens -= (units[j] as Unit).tokens;
      }
      const last = units[j - 1] as Unit;
      const chunk: Chunk = {
        index: chunks.length,
        text: text.slice(first.start, last.end),
        start: first.start,
        end: last.end,
        headingPath: section.headingPath,
        tokens,
      };
      if (leadIn !== undefined) chunk.leadIn = leadIn;
      if (section.spineIndex !== undefined) chunk.spineIndex = section.spineIndex;
      chunks.push(chunk);
      if (units.slice(i, j).every((u) => u.kind === "caption")) captionOnly.add(chunk);
      if (j >= units.length) break;
      // A list starts a fresh chunk whole, with no overlap pulled in front of its lead-in.
      if ((units[j] as Unit).leadIn) {
        i = j;
        continue;
      }
      let back = j;
      let overlap = 0;
      while (back - 1 > i && overlap + (units[back - 1] as Unit).tokens <= opts.overlapTokens) {
        back--;
        overlap += (units[back] as Unit).tokens;
      }
      while (back < j && (units[back] as Unit).kind === "caption") back++;
      i = back;
    }
  }
  const kept =
    captionOnly.size > 0 && captionOnly.size < chunks.length ? chunks.filter((c) => !captionOnly.has(c)) : chunks;
  return kept.map((c, index) => ({ ...c, index }));
}
