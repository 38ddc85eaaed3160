import type { Section } from "./types.js";

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
  tokens: number;
}

/** Chunker limits, in tokens of the active {@link TokenCounter}. */
export interface ChunkOptions {
  maxTokens: number;
  overlapTokens: number;
  countTokens: TokenCounter;
}

interface Unit {
  start: number;
  end: number;
  tokens: number;
  paragraphStart: boolean;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Splits `[start, end)` of `text` into sentence units (Unicode UAX #29 sentence boundaries via Intl.Segmenter). */
function sentenceUnits(text: string, start: number, end: number, opts: ChunkOptions): Unit[] {
  const units: Unit[] = [];
  const paragraphs = text.slice(start, end).split(/\n\n/);
  let offset = start;
  for (const para of paragraphs) {
    let first = true;
    for (const seg of segmenter.segment(para)) {
      const raw = seg.segment;
      const lead = raw.length - raw.trimStart().length;
      const trimmed = raw.trim();
      if (trimmed) {
        const s = offset + seg.index + lead;
        units.push(...splitOversized(text, s, s + trimmed.length, first, opts));
        first = false;
      }
    }
    offset += para.length + 2;
  }
  return units;
}

/** A sentence longer than the budget is split at word boundaries — the only case where a chunk ends mid-sentence. */
function splitOversized(text: string, start: number, end: number, paragraphStart: boolean, opts: ChunkOptions): Unit[] {
  const tokens = opts.countTokens(text.slice(start, end));
  if (tokens <= opts.maxTokens) return [{ start, end, tokens, paragraphStart }];
  const out: Unit[] = [];
  const words = [...text.slice(start, end).matchAll(/\S+/g)];
  let from = 0;
  while (from < words.length) {
    let to = from + 1;
    let best = to;
    while (to <= words.length) {
      const a = start + (words[from]?.index ?? 0);
      const last = words[to - 1];
      const b = start + (last?.index ?? 0) + (last?.[0].length ?? 0);
      if (opts.countTokens(text.slice(a, b)) > opts.maxTokens && to > from + 1) break;
      best = to;
      to++;
    }
    const a = start + (words[from]?.index ?? 0);
    const last = words[best - 1];
    const b = start + (last?.index ?? 0) + (last?.[0].length ?? 0);
    out.push({
      start: a,
      end: b,
      tokens: opts.countTokens(text.slice(a, b)),
      paragraphStart: from === 0 && paragraphStart,
    });
    from = best;
  }
  return out;
}

/**
 * Splits a document into overlapping, token-bounded chunks.
 *
 * - Structure-aware: a chunk never spans two sections, so each carries one
 *   heading path; inside a section it breaks between sentences, preferring
 *   paragraph boundaries once the chunk is half full.
 * - Overlap: each chunk after the first starts with the previous chunk's last
 *   whole sentences, up to `overlapTokens`.
 * - Offsets index the normalised text, so `text.slice(start, end) === chunk.text`.
 *
 * @param text - the document's normalised text.
 * @param sections - its sections, tiling `text` (see {@link Section}).
 * @throws RangeError when `maxTokens < 1` or `overlapTokens >= maxTokens`.
 */
export function chunkDocument(text: string, sections: readonly Section[], opts: ChunkOptions): Chunk[] {
  if (opts.maxTokens < 1 || opts.overlapTokens >= opts.maxTokens || opts.overlapTokens < 0) {
    throw new RangeError(`invalid chunk budget: max ${opts.maxTokens}, overlap ${opts.overlapTokens}`);
  }
  const chunks: Chunk[] = [];
  for (const section of sections) {
    const units = sentenceUnits(text, section.start, section.end, opts);
    let i = 0;
    while (i < units.length) {
      let j = i;
      let tokens = 0;
      while (j < units.length) {
        const u = units[j] as Unit;
        if (j > i && tokens + u.tokens > opts.maxTokens) break;
        if (j > i && u.paragraphStart && tokens >= opts.maxTokens / 2) {
          let para = u.tokens;
          for (let k = j + 1; k < units.length && !(units[k] as Unit).paragraphStart; k++)
            para += (units[k] as Unit).tokens;
          if (tokens + para > opts.maxTokens) break;
        }
        tokens += u.tokens;
        j++;
      }
      const first = units[i] as Unit;
      const last = units[j - 1] as Unit;
      const chunk: Chunk = {
        index: chunks.length,
        text: text.slice(first.start, last.end),
        start: first.start,
        end: last.end,
        headingPath: section.headingPath,
        tokens,
      };
      if (section.spineIndex !== undefined) chunk.spineIndex = section.spineIndex;
      chunks.push(chunk);
      if (j >= units.length) break;
      let back = j;
      let overlap = 0;
      while (back - 1 > i && overlap + (units[back - 1] as Unit).tokens <= opts.overlapTokens) {
        back--;
        overlap += (units[back] as Unit).tokens;
      }
      i = back;
    }
  }
  return chunks;
}
