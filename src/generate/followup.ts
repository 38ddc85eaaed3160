import type { ChatMessage } from "../models/chat-model.js";
import { queryTerms } from "../retrieve/terms.js";
import { CUE_STEMS, FRAME_WORDS } from "./question.js";

/** Words that point back to something said earlier. */
const ANAPHORA = /\b(it|its|it's|that|this|those|these|them|they|their|he|she|him|her|one|ones)\b/i;
/** Openings of a question that continues the previous one. */
const CONTINUATION = /^(and|or|but|also|so|then|what about|how about|what if|and if|same|why|why not)\b/i;

/** The searched query for a conversation, and how it was made. */
export interface SearchQuery {
  /** What retrieval searches for. */
  query: string;
  /** `question`: the last question as asked; `rule`: combined with earlier turns by {@link followUpQuery}; `model`: condensed by the chat model. */
  via: "question" | "rule" | "model";
}

/** Content words of a question as typed (not stemmed), without stop words, how-to frame words and answer-type cues. */
export function keyWords(text: string): string[] {
  const words = text.match(/[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu) ?? [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const w of words) {
    const [stemmed] = queryTerms(w);
    if (!stemmed || FRAME_WORDS.has(stemmed) || CUE_STEMS.has(stemmed) || seen.has(stemmed) || ANAPHORA.test(w))
      continue;
    seen.add(stemmed);
    out.push(w);
  }
  return out;
}

/**
 * Whether a question leans on the conversation before it. The rule:
 * it is a follow-up when it
 *
 * 1. refers back with a pronoun or determiner (it, that, them, one…) and has
 *    at most two content words of its own (so "Are there plants that sting
 *    in the desert?" stands alone),
 * 2. opens as a continuation ("and…", "what about…", "what if…", "why…"),
 * 3. trails off with an ellipsis, or
 * 4. has no content word of its own ("How long?", "Why?").
 */
export function isFollowUp(question: string): boolean {
  const q = question.trim();
  const own = keyWords(q).length;
  return (ANAPHORA.test(q) && own <= 2) || CONTINUATION.test(q) || /(\.\.\.|…)\s*\??$/.test(q) || own === 0;
}

/**
 * Makes a standalone search query from a conversation with no model. The
 * last user message is searched as asked unless {@link isFollowUp} says it
 * leans on the conversation; then the key words of the earlier user turns,
 * most recent first, are appended (up to `maxAdded`, skipping words the
 * question already has). Earlier follow-ups are expanded the same way, so a
 * chain of follow-ups keeps the original topic.
 *
 * Example: "How do I purify water?" then "How long should I boil it?" →
 * "How long should I boil it? purify water".
 *
 * @param maxAdded - most words taken from earlier turns (default 6).
 */
export function followUpQuery(messages: readonly ChatMessage[], maxAdded = 6): SearchQuery {
  const users = messages.filter((m) => m.role === "user" && m.content.trim()).map((m) => m.content.trim());
  const question = users.at(-1) ?? "";
  if (users.length < 2 || !isFollowUp(question)) return { query: question, via: "question" };
  const have = new Set(queryTerms(question));
  const added: string[] = [];
  for (const earlier of users.slice(0, -1).reverse()) {
    for (const w of keyWords(earlier)) {
      const [s] = queryTerms(w);
      if (!s || have.has(s) || added.length >= maxAdded) continue;
      have.add(s);
      added.push(w);
    }
    // A turn that stood on its own ends the look back: older topics are not this question's.
    if (!isFollowUp(earlier)) break;
  }
  if (added.length === 0) return { query: question, via: "question" };
  return { query: `${question} ${added.join(" ")}`, via: "rule" };
}
