/**
 * Interrogatives by language: the words that ask (who, which, how many) in
 * their common inflections and spellings, and the particles that mark a
 * question. Like English "who" or "which" among the English stop words, they say what kind of answer
 * is wanted, not what it is about, and books seldom use them, so as terms
 * they weigh as rare words that a passage lacks. stopwords-iso lacks many
 * of them (Thai ใด and ใคร, Chinese 哪位 and 什么时候, Hindi कितने), and
 * German's and Russian's lists are not taken out of questions whole, as they
 * hold content words too. A closed class, written for each language of the
 * web app and of XQuAD; words of two (Vietnamese "bao nhiêu", Hindi "कौन सा")
 * are listed by their parts.
 *
 * Chinese and Japanese list the runs `Intl.Segmenter` makes of them (谁是, 哪一).
 *
 * @see {@link https://github.com/stopwords-iso} for the lists these complete.
 */
const QUESTION_WORDS: Record<string, string> = {
  es: "qué que quién quiénes quien quienes cuál cuáles cual cuales cuándo cuánto cuánta cuántos cuántas dónde adónde cómo porqué",
  fr: "qui que qu quoi quel quelle quels quelles lequel laquelle lesquels lesquelles quand où comment combien pourquoi",
  pt: "que quê quem qual quais quando quanto quanta quantos quantas onde aonde como porque porquê",
  de: "wer wen wem wessen was welche welcher welches welchen welchem wann wo wohin woher wie warum weshalb wieso wieviel wieviele viel viele vielen",
  ro: "cine ce care cui căruia cărei cărora când unde cum cât câtă câți câte cati cate",
  ru: "кто кого кому кем ком что чего чему чем какой какая какое какие какого какому каким каком какую каких которой который которая которое которые которого когда где куда откуда как сколько почему зачем чей чья чьё чьи каков какова каково каковы ли",
  uk: "хто кого кому ким що чого чому чим який яка яке які якого якому яким якій яку яких котрий котра котре коли де куди звідки як скільки чий чия чиє чиї навіщо чи",
  el: "ποιος ποια ποιο ποιοι ποιες ποιου ποιας ποιον ποιων ποιους πόσος πόση πόσο πόσοι πόσες πόσα πόσου πόσης πόσους πόσων πότε πού πώς γιατί τι",
  tr: "ne neyi neye neyin neden nerede nereye nereden neresi neresidir hangi hangisi hangisidir hangileri kim kimi kime kimin kimdir kimdi kimler kimlerdir kaç kaçı kaçta kaçıncı nasıl niçin niye mi mı mu mü midir mıdır mudur müdür",
  ar: "من ما ماذا متى أين كيف كم لماذا أي أيّ هل ماهي ماهو",
  vi: "gì nào ai đâu bao nhiêu mấy sao",
  th: "ใคร อะไร ไหน ใด เมื่อไร เมื่อไหร่ อย่างไร ยังไง ทำไม กี่ เท่าไร เท่าไหร่ เท่าใด หรือไม่ ไหม บ้าง",
  zh: "谁 谁是 谁在 谁的 谁将 哪 哪位 哪一 哪个 哪些 哪里 哪儿 哪年 哪一年 哪名 什么 什么样 什么时候 何时 何地 何处 为何 多少 几 为什么 怎么 怎样 怎么样 如何 是否 吗 呢",
  ja: "誰 だれ 何 なに なん いつ どこ どれ どの どちら どう どうして なぜ いくつ いくら どんな どのくらい どれくらい か",
  hi: "क्या कौन कौनसा कौनसी कौनसे सा सी किस किसे किसने किसको किसका किसकी किसके किन किनके किनका किनकी कब कहाँ कहां कैसे कैसा कैसी क्यों कितना कितने कितनी कितनों",
  sw: "nani nini gani wapi lini vipi je ngapi upi ipi yupi lipi kipi zipi",
  ko: "누가 무엇 무슨 언제 어디 어떤 어느 어떻게 왜 몇 얼마",
};

/**
 * A word as compared: lower-cased, its Latin, Greek and Cyrillic accents
 * dropped (people type ποσα for πόσα, cati for câți) and Arabic's hamza
 * carriers folded to bare alif. Vietnamese keeps its marks, which tell
 * words apart (nào "which", não "brain").
 */
function fold(word: string, language: string): string {
  const lower = word.toLowerCase();
  if (language === "vi") return lower.normalize("NFC");
  if (/^[\x20-\x7e]*$/.test(lower)) return lower;
  return lower
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[أإآ]/g, "ا")
    .normalize("NFC");
}

const folded = new Map<string, ReadonlySet<string>>();

/**
 * Whether `word` is an interrogative of `language` ({@link QUESTION_WORDS}):
 * "ใด" in Thai, "welche" in German, "Πόσα" in Greek. False for a language
 * without a list, and for English, whose interrogatives are among its stop words (stop-words.ts).
 * @param language - ISO 639-1 code of the question's language.
 */
export function isQuestionWord(word: string, language: string): boolean {
  if (!Object.hasOwn(QUESTION_WORDS, language)) return false;
  let set = folded.get(language);
  if (!set) {
    set = new Set(
      (QUESTION_WORDS[language] ?? "")
        .split(" ")
        .filter(Boolean)
        .map((w) => fold(w, language)),
    );
    folded.set(language, set);
  }
  return set.has(fold(word, language));
}
