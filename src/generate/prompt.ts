import type { ChatMessage } from "../models/chat-model.js";
import { citationLabel, type Source } from "./sources.js";

/**
 * The fixed instructions that open every RAG prompt. They come first and
 * never change, so llama.cpp keeps their KV cache between questions and only
 * the sources and the question are evaluated anew (node-llama-cpp compares
 * the new prompt with the sequence's tokens and reuses the common prefix).
 */
export const RAG_INSTRUCTIONS =
  "You are Almanac, an offline reference librarian. Answer the question using only the numbered sources. " +
  "Quote quantities, doses, times and temperatures exactly as the sources give them. " +
  "Keep the sources' warnings and cautions. " +
  "Cite every sentence with its source number in square brackets, like [1] or [2][3]. " +
  "If the sources do not answer the question, say that the library does not cover it. Be concise and practical.";

/** The shortest instructions, used when the model's context cannot hold {@link RAG_INSTRUCTIONS} and a source. */
export const RAG_INSTRUCTIONS_SHORT = "Answer only from the sources. Cite them as [n].";

/** Token limits of one RAG prompt. */
export interface PromptBudget {
  /** The chat model's context size, in tokens (prompt and answer together). */
  contextSize: number;
  /** Tokens wanted for the answer. */
  answerTokens: number;
  /** Most tokens of sources, whatever the context (config `contextTokens`). */
  maxSourceTokens: number;
}

/** A RAG prompt ready to generate from. */
export interface RagPrompt {
  messages: ChatMessage[];
  /** The sources included; their `index` is what the model cites. */
  used: Source[];
  /** The answer limit that fits the context (at most the requested one). */
  maxTokens: number;
}

/** Template tokens per message (role markers, separators) that a plain token count of the text misses. */
const PER_MESSAGE = 8;
/** Fewest answer tokens a prompt leaves room for. */
const MIN_ANSWER = 16;

function sourceBlock(s: Source): string {
  return `[${s.index}] ${citationLabel(s)}\n${s.leadIn ? `${s.leadIn}\n` : ""}${s.text}`;
}

/**
 * Builds the RAG prompt within the chat model's real context size.
 *
 * Order: the fixed instructions, then the client's own system text, then the
 * numbered sources (all in the system message), then the conversation.
 * Budget: the context minus the instructions, the last question and the
 * answer leaves the room. Earlier turns get at most a third of it, newest
 * first; sources get the rest, up to `maxSourceTokens`, best first and whole.
 * The first source is cut to fit when no whole one does, so an answer always
 * has evidence. When even that leaves no room, the short instructions are used
 * and the answer limit shrinks (never below 16 tokens): a small context means
 * fewer sources, never a failure.
 *
 * @param conversation - the messages as the client sent them (system, user, assistant).
 * @param sources - ranked sources, best first.
 * @param countTokens - the chat model's tokenizer.
 * @param styleText - a prompt style's instruction (`styleInstruction` in styles.ts), placed after the fixed instructions.
 */
export function buildRagMessages(
  conversation: readonly ChatMessage[],
  sources: readonly Source[],
  budget: PromptBudget,
  countTokens: (text: string) => number,
  styleText = "",
): RagPrompt {
  // The style's instruction follows the fixed instructions, so their cached prefix survives a change of style.
  const userSystem = [styleText, ...conversation.filter((m) => m.role === "system").map((m) => m.content)].filter(
    Boolean,
  );
  const turns = conversation.filter((m) => m.role !== "system");
  const question = turns.at(-1);
  const earlier = turns.slice(0, -1);
  // A margin for what plain token counts miss (template tokens, merges across joins).
  const usable = Math.floor(budget.contextSize * 0.95) - PER_MESSAGE * 2;
  const questionTokens = question ? countTokens(question.content) + PER_MESSAGE : 0;

  const attempt = (instructions: string) => {
    const fixed = countTokens([instructions, ...userSystem].join("\n\n")) + 4;
    let maxTokens = budget.answerTokens;
    let room = usable - fixed - questionTokens - maxTokens;
    if (room < 64) {
      maxTokens = Math.max(MIN_ANSWER, Math.min(budget.answerTokens, usable - fixed - questionTokens - 64));
      room = usable - fixed - questionTokens - maxTokens;
    }
    return { instructions, maxTokens, room };
  };
  let plan = attempt(RAG_INSTRUCTIONS);
  if (plan.room < 64) plan = attempt(RAG_INSTRUCTIONS_SHORT);

  const history: ChatMessage[] = [];
  let historyTokens = 0;
  for (const m of [...earlier].reverse()) {
    const cost = countTokens(m.content) + PER_MESSAGE;
    if (historyTokens + cost > plan.room / 3) break;
    history.unshift(m);
    historyTokens += cost;
  }
  const sourceRoom = Math.min(budget.maxSourceTokens, plan.room - historyTokens);
  const used: Source[] = [];
  const blocks: string[] = [];
  let spent = countTokens("Sources:");
  for (const ranked of sources) {
    // Numbered 1…N in prompt order, so the citations a model streams need no renumbering.
    const s = { ...ranked, index: used.length + 1 };
    const block = sourceBlock(s);
    const cost = countTokens(block) + 2;
    if (spent + cost > sourceRoom) {
      if (used.length > 0 || sourceRoom - spent < 16) continue;
      blocks.push(cutToTokens(block, sourceRoom - spent, countTokens));
      used.push(s);
      break;
    }
    blocks.push(block);
    used.push(s);
    spent += cost;
  }
  const system = [plan.instructions, ...userSystem, `Sources:\n\n${blocks.join("\n\n")}`].join("\n\n");
  const messages: ChatMessage[] = [{ role: "system", content: system }, ...history, ...(question ? [question] : [])];
  return { messages, used, maxTokens: plan.maxTokens };
}

/** The longest prefix of `text`, cut at a word boundary, within `tokens` tokens, with "…" after it. */
export function cutToTokens(text: string, tokens: number, countTokens: (text: string) => number): string {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (countTokens(text.slice(0, mid)) <= tokens) lo = mid;
    else hi = mid - 1;
  }
  const cut = text.lastIndexOf(" ", lo);
  return `${text.slice(0, cut > lo / 2 ? cut : lo)}…`;
}
