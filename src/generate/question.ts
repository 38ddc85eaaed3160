import { type DetectedLanguage, detectLanguage } from "../ingest/language.js";
import { parseQuery } from "../retrieve/query-syntax.js";
import { withoutLanguageStopWords } from "../retrieve/stop-words.js";
import { queryTerms, stem } from "../retrieve/terms.js";
import { type AnswerType, countedNoun, expectedAnswerType } from "./answer-type.js";

/**
 * What kind of answer a question asks for, read from its wording alone (no model):
 *
 * - `procedure`: "How do I…", "How to…", "What should I do…" — wants steps.
 * - `signs`: "What are the signs/symptoms of…", "How can I tell…" — wants a list of signs.
 * - `quantity`: "How much/many/long/far/often…" — wants a number with a unit.
 * - `definition`: "What is…", "Who was…", "Define…" — wants a defining sentence.
 * - `place-time`: "Where…", "When…" — wants a place or a time.
 * - `yes-no`: "Is/Can/Should/Does…" — wants a statement that settles it.
 * - `general`: anything else.
 */
export type QuestionType = "procedure" | "signs" | "quantity" | "definition" | "place-time" | "yes-no" | "general";

/** A question as the extractive answerer and the evidence gate see it. */
export interface QuestionAnalysis {
  /** The question's positive text as searched (operators removed). */
  question: string;
  /** The language the question is written in, as detected ({@link detectLanguage}). */
  language: DetectedLanguage;
  type: QuestionType;
  /** Stemmed content terms of the positive query text, in order (see {@link queryTerms}). */
  terms: string[];
  /**
   * The terms that name the subject: `terms` minus the generic how-to words
   * ({@link FRAME_WORDS}) and the question-type cue words. Falls back to
   * `terms` when nothing is left.
   */
  topic: string[];
  /** Stems the question asks to avoid: "without matches" → `match`, plus `-word` exclusions. */
  excluded: string[];
  /**
   * For a follow-up made standalone ("How long should I boil it? purify water"):
   * the stems the person typed in this turn, which weigh more than the words
   * carried from earlier turns. Empty for a question that stands alone.
   */
  focus: string[];
  /** The kind of expression a factual question asks for ({@link expectedAnswerType}), or null. */
  answerType: AnswerType | null;
  /**
   * The question's words as typed, lower-cased, short ones and numbers
   * included ("m", "9", "40m"): a table row whose first cell is one of them is the row asked about.
   */
  keys: string[];
  /** What a "how many" question counts, stemmed ({@link countedNoun}), or null. */
  counted: string | null;
}

/**
 * Generic words of how-to questions: they frame the request ("how do I
 * *make*…", "the *best way* to…") but do not say what it is about, so they do
 * not count as the topic. A closed list of English function-like verbs and
 * nouns, not tied to any book or question.
 */
export const FRAME_WORDS = new Set(
  (
    "make made making do doing done get getting use using used need needs know tell find help keep take give put go " +
    "treat treating treated treatment handle deal prevent stop start starting build fix way ways best good right " +
    "proper properly safe safely step steps method methods thing things possible someone somebody person people " +
    "have has having able important long much many often far everything anything something info information " +
    "explain describe detail details learn"
  )
    .split(" ")
    .map((w) => stem(w)),
);

/** Words that only say which kind of answer is wanted. */
const CUE_WORDS: Record<QuestionType, string[]> = {
  procedure: [],
  signs: ["sign", "signs", "symptom", "symptoms", "indication", "indications", "recognize", "recognise", "tell"],
  quantity: [],
  definition: ["mean", "meaning", "define", "definition"],
  "place-time": [],
  "yes-no": [],
  general: [],
};

/** Words that ask for a name ("the name of", "called", "known as"), for questions of the `name` answer type. */
const NAME_CUES = ["name", "named", "names", "called", "call", "known", "term", "referred", "refer"];

/**
 * Stems of every question type's cue words ("signs", "symptoms", "define"):
 * they say what kind of answer an earlier question wanted, so a follow-up
 * does not inherit them ("What are the signs of X?" → "How do I treat it?" searches X, not signs).
 */
export const CUE_STEMS: ReadonlySet<string> = new Set(
  Object.values(CUE_WORDS)
    .flat()
    .map((w) => stem(w)),
);

const PATTERNS: Array<[QuestionType, RegExp]> = [
  [
    "signs",
    /\b(signs?|symptoms?|indications?|recogni[sz]e|how (can|do|would) (i|you|we) (tell|know) (if|whether|when))\b/,
  ],
  [
    "quantity",
    /^(how (much|many|long|far|often|deep|high|big|large|hot|cold|warm|thick|wide|soon))\b|\bwhat (amount|temperature|size|distance|dose|dosage)\b/,
  ],
  [
    "procedure",
    /^(how (do|can|should|would|could|does|did|to)\b|what (should|can|do) (i|you|we) do\b|what('s| is) the (best )?way to\b|(tell|show) me how\b|steps? (to|for)\b|ways? to\b)/,
  ],
  ["place-time", /^(where|when|what time|at what)\b/],
  ["definition", /^(what (is|are|was|were)\b|who (is|was|were)\b|define\b|meaning of\b|what does .* mean\b)/],
  ["yes-no", /^(is|are|can|should|does|do|will|would|could|must|may|did|was|were|has|have)\b/],
];

/** Negation phrases whose object the answer should not be about ("start a fire without matches"). */
const NEGATED =
  /\b(?:without|except|instead of|other than|rather than|no|not (?:with|using))\s+(?:an?\s+|the\s+|any\s+|using\s+)?([\p{L}\p{M}\p{N}'-]+)/giu;

/**
 * The question with its negated objects removed, for retrieval: "start a
 * fire without matches" searches "start a fire", since BM25 would otherwise
 * rank passages about matches first. The answerer still demotes them.
 */
export function withoutNegated(question: string): string {
  const stripped = question.replace(NEGATED, " ").replace(/\s+/g, " ").trim();
  return stripped || question;
}

/** The negating words themselves: they say what to avoid, not what the question is about. */
const NEGATION_WORDS = new Set(["without", "except", "instead", "rather", "other", "than", "unless"]);

/** Reads the question type from the wording. */
export function questionType(question: string): QuestionType {
  const q = question.toLowerCase().replace(/\s+/g, " ").trim();
  for (const [type, re] of PATTERNS) if (re.test(q)) return type;
  return "general";
}

/** The languages of retrieved passages, from their `lang-xx` tags, first seen first. */
function passageLanguages(results: ReadonlyArray<{ chunk: { tags: readonly string[] } }>): string[] {
  const out = new Set<string>();
  for (const r of results) for (const t of r.chunk.tags) if (t.startsWith("lang-")) out.add(t.slice(5));
  return [...out];
}

/**
 * Analyses a question for extractive answering: its type, content terms,
 * topic terms and excluded terms. Pure and fast (no model, no I/O).
 *
 * @param question - the searched question (a follow-up already made standalone).
 * @param asked - the last message as the person typed it, when `question` was expanded from the conversation.
 * @param passages - the retrieved passages: the question's language is chosen
 * among theirs (their `lang-xx` tags) and English, as a short
 * question alone is easily misread ("Broncos'un Genel Müdürü kimdir?" reads as
 * Italian to tinyld, and among Turkish and English as Turkish).
 */
export function analyseQuestion(
  question: string,
  asked?: string,
  passages: ReadonlyArray<{ chunk: { tags: readonly string[] } }> = [],
): QuestionAnalysis {
  const languages = passageLanguages(passages);
  const parsed = parseQuery(question);
  const text = parsed.text || question;
  const type = questionType(text);
  // The question's words are stemmed in its own language, and the gate and the scorer stem the passages in it too.
  const language = detectLanguage(text, languages.length > 0 ? [...new Set(["en", ...languages])] : undefined);
  const lang = language.code;
  const excluded = new Set<string>();
  for (const m of text.matchAll(NEGATED)) if (m[1]) for (const t of queryTerms(m[1], lang)) excluded.add(t);
  for (const c of parsed.clauses) if (c.occur === "must_not") for (const t of queryTerms(c.text, lang)) excluded.add(t);
  const terms = queryTerms(withoutLanguageStopWords(text, language), lang).filter(
    (t) => !excluded.has(t) && !NEGATION_WORDS.has(t),
  );
  const answerType = expectedAnswerType(text);
  // "What is the name of…", "what is X called": the words asking for a name are not what it is about.
  const cues = new Set([...CUE_WORDS[type], ...(answerType === "name" ? NAME_CUES : [])].map((w) => stem(w, lang)));
  const topic = terms.filter((t) => !FRAME_WORDS.has(t) && !cues.has(t));
  const own = asked === undefined ? [] : queryTerms(asked, lang);
  const focus = terms.filter((t) => own.includes(t));
  return {
    question: text,
    type,
    terms,
    topic: topic.length > 0 ? topic : terms,
    excluded: [...excluded],
    focus,
    answerType,
    counted: countedNoun(text),
    language,
    keys: [...new Set(text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+(?:[-'’.][\p{L}\p{M}\p{N}]+)*/gu) ?? [])],
  };
}

/**
 * The words of `text` as typed (not stemmed) whose stems are in `stems`, in
 * order and without repeats: for queries that another analyser (LanceDB's
 * own stemmer) will read, such as the section search for a question's topic.
 * @param language - the language `stems` were stemmed in ({@link QuestionAnalysis.language}'s code).
 */
export function wordsWithStems(text: string, stems: readonly string[], language = ""): string[] {
  const wanted = new Set(stems);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const w of text.match(/[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu) ?? []) {
    const [s] = queryTerms(w, language);
    if (!s || !wanted.has(s) || seen.has(s)) continue;
    seen.add(s);
    out.push(w);
  }
  return out;
}
