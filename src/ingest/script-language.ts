/**
 * Scripts written mostly in one language, with that language's ISO 639-1 code,
 * in the order they are tested: kana before Han, since Japanese mixes the two
 * and Chinese has no kana. Cyrillic, Arabic and Devanagari name their most
 * widely read language (Russian, Arabic, Hindi): a guess, used only where
 * detection found nothing. Latin is absent: too many languages share it.
 */
const SCRIPTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\p{sc=Hiragana}\p{sc=Katakana}]/gu, "ja"],
  [/\p{sc=Han}/gu, "zh"],
  [/\p{sc=Hangul}/gu, "ko"],
  [/\p{sc=Thai}/gu, "th"],
  [/\p{sc=Lao}/gu, "lo"],
  [/\p{sc=Khmer}/gu, "km"],
  [/\p{sc=Myanmar}/gu, "my"],
  [/\p{sc=Greek}/gu, "el"],
  [/\p{sc=Hebrew}/gu, "he"],
  [/\p{sc=Georgian}/gu, "ka"],
  [/\p{sc=Armenian}/gu, "hy"],
  [/\p{sc=Ethiopic}/gu, "am"],
  [/\p{sc=Bengali}/gu, "bn"],
  [/\p{sc=Tamil}/gu, "ta"],
  [/\p{sc=Telugu}/gu, "te"],
  [/\p{sc=Gujarati}/gu, "gu"],
  [/\p{sc=Gurmukhi}/gu, "pa"],
  [/\p{sc=Kannada}/gu, "kn"],
  [/\p{sc=Malayalam}/gu, "ml"],
  [/\p{sc=Sinhala}/gu, "si"],
  [/\p{sc=Devanagari}/gu, "hi"],
  [/\p{sc=Arabic}/gu, "ar"],
  [/\p{sc=Cyrillic}/gu, "ru"],
];

/**
 * The language a text's script points to, when most of its letters are in a
 * script of {@link SCRIPTS} ("谁带领黑豹队擒杀？" → "zh", "いつ" → "ja"),
 * else "" (Latin, mixed or no letters). Pure; for texts too short for a
 * statistical detector, such as a six-character Chinese question.
 */
export function scriptLanguage(text: string): string {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return "";
  for (const [re, code] of SCRIPTS) {
    const n = text.match(re)?.length ?? 0;
    // Japanese is written mostly in Han: a few kana among them are enough.
    if (code === "ja" ? n > 0 && (text.match(/\p{sc=Han}/gu)?.length ?? 0) + n > letters / 2 : n > letters / 2)
      return code;
  }
  return "";
}
