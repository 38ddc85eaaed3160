/**
 * Word segmentation for scripts written without spaces between words: Han
 * (Chinese, Japanese kanji), Hiragana, Katakana, Thai, Lao, Khmer and Burmese.
 * A BM25 tokenizer that splits on spaces and punctuation sees a whole run of
 * such text as one word, so "山路を登りながら" matched only itself. Node's
 * `Intl.Segmenter` (ICU's dictionary break iterator, shipped with Node: no
 * download, no model) finds the words; a separator goes between them.
 *
 * Text in other scripts comes back unchanged, and quickly: one regular-expression test.
 */

/** One character of a script that does not separate its words with spaces. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc]/u;
/** A run of such characters (with the long-vowel mark ー and the iteration marks that belong to it). */
const UNSPACED_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc\u3005\u309d\u309e\u30fd\u30fe]+/gu;

/**
 * The separator stored between segmented words in the indexed text: ZERO
 * WIDTH SPACE (U+200B) is no letter or digit, so LanceDB's `simple` tokenizer
 * splits on it, and it is invisible. Documents never keep one of their own
 * (`normaliseBlock` drops it), so removing it gives back the exact text.
 */
export const WORD_BREAK = "\u200b";

let segmenter: Intl.Segmenter | null = null;

/** Whether `text` holds a character of a script written without spaces between words. */
export function hasUnspacedScript(text: string): boolean {
  return UNSPACED.test(text);
}

/**
 * `text` with `separator` between the words of every run of unspaced script
 * ("中华人民共和国的首都" → "中华\u200b人民\u200b共和国\u200b的\u200b首都"); everything
 * else is kept as it is. Punctuation inside a run is kept, unseparated.
 * @param separator - default {@link WORD_BREAK}; a query uses a plain space.
 */
export function segmentWords(text: string, separator = WORD_BREAK): string {
  if (!UNSPACED.test(text)) return text;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "word" });
  const words = segmenter;
  return text.replace(UNSPACED_RUN, (run) => {
    const parts: string[] = [];
    for (const s of words.segment(run)) parts.push(s.segment);
    return parts.join(separator);
  });
}

/** `text` less every {@link WORD_BREAK}: the inverse of {@link segmentWords} for text that had none. */
export function unsegmentWords(text: string): string {
  return text.includes(WORD_BREAK) ? text.replaceAll(WORD_BREAK, "") : text;
}
