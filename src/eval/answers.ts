import { readFileSync } from "node:fs";
import { z } from "zod";
import type { AskService } from "../app/services.js";
import type { Answer } from "../generate/answer.js";
import { stripMarker } from "../ingest/units.js";
import type { ChatMessage } from "../models/chat-model.js";
import { type AnswerLibrary, AnswerLibrarySchema } from "./answer-library.js";
import { percentile } from "./metrics.js";

const Question = z.object({
  id: z.string(),
  question: z.string(),
  /** Earlier user turns (each answered by Almanac first), for follow-up questions. */
  context: z.array(z.string()).default([]),
  /** Facts the answer must hold; each is a list of alternative phrasings. */
  required: z.array(z.array(z.string()).min(1)),
  /** Phrases the answer must not contain (the wrong condition or word sense). */
  banned: z.array(z.string()),
  /** `none`: the library does not cover it and the answer must say so. */
  expect: z.enum(["answer", "none"]).default("answer"),
  source: z.string(),
  ci: z.boolean().default(false),
});

/** One question of the answer-evaluation set. */
export type AnswerQuestion = z.infer<typeof Question>;

/** A whole answer-evaluation file: its questions, and the library they need if it declares one. */
export interface AnswerSet {
  questions: AnswerQuestion[];
  library?: AnswerLibrary;
}

/**
 * Reads an answer-evaluation file: `{ library?, questions: [...] }` (see
 * `tests/fixtures/qa/answers.json` and `factual.json`).
 * @throws Error naming the first invalid field.
 */
export function loadAnswerSetFile(path: string): AnswerSet {
  const parsed = z
    .object({ library: AnswerLibrarySchema.optional(), questions: z.array(Question).min(1) })
    .safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success)
    throw new Error(`${path}: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  const { questions, library } = parsed.data;
  return library ? { questions, library } : { questions };
}

/**
 * Reads only the questions of an answer-evaluation file (see {@link loadAnswerSetFile}).
 * @throws Error naming the first invalid field.
 */
export function loadAnswerSet(path: string): AnswerQuestion[] {
  return loadAnswerSetFile(path).questions;
}

/** How one answer scored. */
export interface AnswerScore {
  id: string;
  question: string;
  mode: Answer["mode"];
  query: string;
  text: string;
  /** Required facts found / required. */
  factsFound: number;
  factsRequired: number;
  banned: string[];
  /** Citations checked and those whose source passage really holds the cited line. */
  citations: number;
  citationsValid: number;
  words: number;
  ms: number;
  /** The answer did what the set expects: all facts and no banned ones, or a plain refusal for `none`. */
  pass: boolean;
}

function norm(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[^\p{L}\p{M}\p{N}'%.]+/gu, " ")
    .trim();
}

/**
 * Whether a table row shown with its header ("Letter M — Word: Mike —
 * Pronunciation: MIKE") quotes the passage: every word of it is there, in
 * the row's cells or the header row's.
 */
function headedRowIn(line: string, passage: string): boolean {
  const text = line.replace(/\[\d+\]/g, "").trim();
  if (!text.includes(" — ")) return false;
  const words = new Set(passage.split(" "));
  return norm(text)
    .split(" ")
    .every((w) => words.has(w));
}

/**
 * Citation precision of one answer: every `[n]` of a line counts; it is valid
 * when source n's passage (or its carried lead-in) contains the line's text.
 * A table row shown with its header counts when its header names and cells
 * are all there, and a document fact when its words are the document's title, author and year. For a line cut short ("… [n]") the kept part must match; for generated
 * prose, at least half of the line's words must occur in the passage.
 */
export function checkAnswerCitations(answer: Pick<Answer, "text" | "sources" | "mode">): {
  citations: number;
  valid: number;
} {
  let citations = 0;
  let valid = 0;
  for (const line of answer.text.split("\n")) {
    const numbers = [...line.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    if (numbers.length === 0) continue;
    const claim = norm(
      stripMarker(
        line
          .replace(/\[\d+\]/g, "")
          .replace(/\s…\s*$/, "")
          .trim(),
      ),
    );
    for (const n of numbers) {
      citations++;
      const source = answer.sources.find((s) => s.index === n);
      if (!source) continue;
      const passage = norm(`${source.leadIn ?? ""} ${source.text}`);
      if (answer.mode === "extractive") {
        // A headed line may also quote the document's metadata ("Walden — Author: Henry David Thoreau").
        const meta = norm(`${source.title} Author ${source.author ?? ""} Published ${source.year ?? ""}`);
        if (passage.includes(claim) || headedRowIn(line, `${passage} ${meta}`)) valid++;
      } else {
        const words = claim.split(" ").filter((w) => w.length > 3);
        const found = words.filter((w) => passage.includes(w)).length;
        if (words.length === 0 || found / words.length >= 0.5) valid++;
      }
    }
  }
  return { citations, valid };
}

/** Scores an answer against its question. */
export function scoreAnswer(q: AnswerQuestion, answer: Answer, ms: number): AnswerScore {
  const text = answer.text.toLowerCase();
  const found = q.required.filter((alts) => alts.some((a) => text.includes(a.toLowerCase()))).length;
  const banned = q.banned.filter((b) => text.includes(b.toLowerCase()));
  const { citations, valid } = checkAnswerCitations(answer);
  const pass =
    q.expect === "none"
      ? answer.mode === "none"
      : answer.mode !== "none" && found === q.required.length && banned.length === 0;
  return {
    id: q.id,
    question: q.question,
    mode: answer.mode,
    query: answer.query.query,
    text: answer.text,
    factsFound: found,
    factsRequired: q.required.length,
    banned,
    citations,
    citationsValid: valid,
    words: answer.text.split(/\s+/).filter(Boolean).length,
    ms,
    pass,
  };
}

/** Totals over a run. */
export interface AnswerSummary {
  questions: number;
  /** Answerable questions whose answer holds every required fact (the headline "fact recall"). */
  factRecall: number;
  /** Required facts found, over all answerable questions. */
  factsFoundShare: number;
  /** Answers containing a banned fact, over all questions. */
  bannedRate: number;
  citationPrecision: number;
  /** Off-library questions answered "nothing found", and answerable ones wrongly refused. */
  refusals: { correct: number; expected: number; wrong: number };
  meanWords: number;
  latencyMs: { p50: number; p95: number };
}

/** Sums a run's scores. */
export function summarise(questions: readonly AnswerQuestion[], scores: readonly AnswerScore[]): AnswerSummary {
  const answerable = scores.filter((s) => questions.find((q) => q.id === s.id)?.expect !== "none");
  const offLibrary = scores.filter((s) => questions.find((q) => q.id === s.id)?.expect === "none");
  const citations = scores.reduce((a, s) => a + s.citations, 0);
  const ms = scores.map((s) => s.ms).sort((a, b) => a - b);
  const required = answerable.reduce((a, s) => a + s.factsRequired, 0);
  return {
    questions: scores.length,
    factRecall: answerable.length
      ? answerable.filter((s) => s.factsFound === s.factsRequired).length / answerable.length
      : 1,
    factsFoundShare: required ? answerable.reduce((a, s) => a + s.factsFound, 0) / required : 1,
    bannedRate: scores.length ? scores.filter((s) => s.banned.length > 0).length / scores.length : 0,
    citationPrecision: citations ? scores.reduce((a, s) => a + s.citationsValid, 0) / citations : 1,
    refusals: {
      correct: offLibrary.filter((s) => s.mode === "none").length,
      expected: offLibrary.length,
      wrong: answerable.filter((s) => s.mode === "none").length,
    },
    meanWords: scores.length ? scores.reduce((a, s) => a + s.words, 0) / scores.length : 0,
    latencyMs: { p50: percentile(ms, 50), p95: percentile(ms, 95) },
  };
}

/**
 * Asks every question of the set through the app's answerer, as a client
 * would: earlier turns of a follow-up are asked and answered first, and the
 * conversation (questions and Almanac's answers) goes with the last
 * question. Only the last answer is timed and scored.
 */
export async function runAnswerEval(
  ask: AskService,
  questions: readonly AnswerQuestion[],
  onAnswer?: (s: AnswerScore) => void,
): Promise<AnswerScore[]> {
  const scores: AnswerScore[] = [];
  for (const q of questions) {
    const messages: ChatMessage[] = [];
    for (const turn of q.context) {
      messages.push({ role: "user", content: turn });
      const earlier = await ask.answer({ messages: [...messages] });
      messages.push({ role: "assistant", content: earlier.text });
    }
    messages.push({ role: "user", content: q.question });
    const t0 = performance.now();
    const answer = await ask.answer({ messages });
    const score = scoreAnswer(q, answer, performance.now() - t0);
    scores.push(score);
    onAnswer?.(score);
  }
  return scores;
}
