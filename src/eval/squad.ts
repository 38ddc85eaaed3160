import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { AppServices } from "../app/services.js";
import { hasUnspacedScript } from "../ingest/segment.js";
import { percentile } from "./metrics.js";

const SquadFile = z.object({
  data: z.array(
    z.object({
      title: z.string(),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(
            z.object({ id: z.string(), question: z.string(), answers: z.array(z.object({ text: z.string() })) }),
          ),
        }),
      ),
    }),
  ),
});

/** One SQuAD article: its title, paragraphs, and questions with their gold answers. */
export interface SquadArticle {
  title: string;
  paragraphs: string[];
  questions: Array<{ id: string; question: string; answers: string[] }>;
}

/**
 * Reads a SQuAD v1.1-format file (`data[].title`, `paragraphs[].context`,
 * `qas[].question`, `qas[].answers[].text`), as XQuAD ships it
 * (Rajpurkar et al. 2016; Artetxe et al. 2020).
 * @throws Error naming the first invalid field.
 */
export function loadSquad(path: string): SquadArticle[] {
  const parsed = SquadFile.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success)
    throw new Error(`${path}: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  return parsed.data.data.map((a) => ({
    title: a.title,
    paragraphs: a.paragraphs.map((p) => p.context),
    questions: a.paragraphs.flatMap((p) =>
      p.qas.map((q) => ({ id: q.id, question: q.question, answers: q.answers.map((x) => x.text) })),
    ),
  }));
}

/**
 * SQuAD's answer normalisation (the official evaluate-v1.1 script): lower
 * case, punctuation removed, the articles a/an/the removed, whitespace
 * collapsed. Unicode punctuation counts too, so translated sets work.
 */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, " ")
    .replace(/\b(a|an|the)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether `a` and `b`, two characters side by side, are two letters of one spaced-script word. */
function joined(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a === " " || b === " ") return false;
  return !hasUnspacedScript(a) && !hasUnspacedScript(b);
}

/**
 * Whether the normalised `text` holds the normalised `answer` as whole words.
 * A word boundary is a space, except beside Chinese, Japanese, Thai, Lao,
 * Khmer or Burmese, which write no spaces between words: "308" is a whole
 * word of "只丢了 308分", as MLQA's evaluation reads such text by character
 * (Lewis et al. 2020, "MLQA: Evaluating Cross-lingual Extractive Question Answering").
 */
export function containsAnswer(text: string, answer: string): boolean {
  if (answer.length === 0) return false;
  for (let i = text.indexOf(answer); i >= 0; i = text.indexOf(answer, i + 1)) {
    const end = i + answer.length;
    if (!joined(text[i - 1], answer[0]) && !joined(answer.at(-1), text[end])) return true;
  }
  return false;
}

/** Whether `text` holds one of the gold answers, both normalised ({@link normalizeAnswer}), as whole words ({@link containsAnswer}). */
export function holdsAnswer(text: string, answers: readonly string[]): boolean {
  const t = normalizeAnswer(text);
  return answers.some((a) => containsAnswer(t, normalizeAnswer(a)));
}

/**
 * Splits the articles for SQuAD 2.0-style unanswerable questions: the
 * library holds the first half (every other article); the questions of the
 * other half are asked of it, keeping only those whose every gold answer is
 * absent from the indexed paragraphs, so "refused" is the right outcome.
 * @returns the indexed articles, and the questions that must be refused.
 */
export function splitUnanswerable(articles: readonly SquadArticle[]): {
  indexed: SquadArticle[];
  unanswerable: SquadArticle["questions"];
} {
  const indexed = articles.filter((_, i) => i % 2 === 0);
  const held = articles.filter((_, i) => i % 2 === 1);
  const corpus = normalizeAnswer(indexed.flatMap((a) => a.paragraphs).join(" "));
  const unanswerable = held
    .flatMap((a) => a.questions)
    .filter((q) => q.answers.every((x) => !containsAnswer(corpus, normalizeAnswer(x))));
  return { indexed, unanswerable };
}

/**
 * Writes each article as one Markdown book (`<dir>/squad/<n>-<title>.md`,
 * the title as its heading, one paragraph per context), the
 * one-document-an-article layout the set's README asks for.
 */
export function writeSquadLibrary(dir: string, articles: readonly SquadArticle[]): void {
  const shelf = join(dir, "squad");
  mkdirSync(shelf, { recursive: true });
  articles.forEach((a, i) => {
    const name = `${String(i).padStart(3, "0")}-${a.title.replace(/[^\p{L}\p{M}\p{N}]+/gu, "_").slice(0, 60)}.md`;
    writeFileSync(join(shelf, name), `# ${a.title.replace(/_/g, " ")}\n\n${a.paragraphs.join("\n\n")}\n`);
  });
}

/** Totals of a SQuAD run: shares of questions, and latency of the answers (ms). */
export interface SquadSummary {
  answerable: number;
  /** The gold answer in the first 600 characters of the answer. */
  answer: number;
  /** A top-5 search passage holds the gold answer. */
  hitAt5: number;
  /** Answerable questions answered "The library has nothing on this". */
  answerableRefused: number;
  unanswerable: number;
  /** Questions whose article is not in the library, refused (1 when there were none). */
  unanswerableRefused: number;
  latencyMs: { p50: number; p95: number };
}

/** The characters of an answer scored: the part a person reads first. */
export const ANSWER_WINDOW_CHARS = 600;

/**
 * Asks every question of `answerable` (articles in the library) and of
 * `unanswerable` (articles that are not), with no conversation.
 * @param onQuestion - called after each question, for progress.
 */
export async function runSquadEval(
  app: Pick<AppServices, "ask" | "search">,
  answerable: SquadArticle["questions"],
  unanswerable: SquadArticle["questions"],
  onQuestion: (done: number, total: number) => void = () => {},
): Promise<SquadSummary> {
  const ms: number[] = [];
  let answer = 0;
  let hit = 0;
  let refused = 0;
  let rightlyRefused = 0;
  const total = answerable.length + unanswerable.length;
  let done = 0;
  const ask = async (question: string) => {
    const t0 = performance.now();
    const a = await app.ask.answer({ messages: [{ role: "user", content: question }] });
    ms.push(performance.now() - t0);
    onQuestion(++done, total);
    return a;
  };
  for (const q of answerable) {
    const a = await ask(q.question);
    if (a.mode === "none") refused++;
    else if (holdsAnswer(a.text.slice(0, ANSWER_WINDOW_CHARS), q.answers)) answer++;
    const top = await app.search.search(q.question, { k: 5 });
    if (top.some((r) => holdsAnswer(r.chunk.text, q.answers))) hit++;
  }
  for (const q of unanswerable) if ((await ask(q.question)).mode === "none") rightlyRefused++;
  const share = (n: number, of: number) => (of === 0 ? 1 : n / of);
  return {
    answerable: answerable.length,
    answer: share(answer, answerable.length),
    hitAt5: share(hit, answerable.length),
    answerableRefused: share(refused, answerable.length),
    unanswerable: unanswerable.length,
    unanswerableRefused: share(rightlyRefused, unanswerable.length),
    latencyMs: { p50: percentile(ms, 50), p95: percentile(ms, 95) },
  };
}
