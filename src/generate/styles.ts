import type { AnswerLine } from "./extractive.js";

/** How an answer is shaped, chosen per request: the same sources, a different layout or instructions. */
export const PROMPT_STYLES = ["default", "concise", "step-by-step", "socratic", "devils-advocate", "research"] as const;
/** One of {@link PROMPT_STYLES}. */
export type PromptStyle = (typeof PROMPT_STYLES)[number];

/** Names for the style picker. */
export const STYLE_NAMES: Record<PromptStyle, string> = {
  default: "Standard",
  concise: "Concise",
  "step-by-step": "Step by step",
  socratic: "Socratic",
  "devils-advocate": "Devil's advocate",
  research: "Research",
};

/** A style from untrusted input, or `default`. */
export function styleOf(value: unknown): PromptStyle {
  return PROMPT_STYLES.includes(value as PromptStyle) ? (value as PromptStyle) : "default";
}

/**
 * The instruction a style adds to a RAG prompt, placed after the fixed
 * instructions so their cached prefix is kept; empty for `default`.
 */
export function styleInstruction(style: PromptStyle): string {
  switch (style) {
    case "concise":
      return "Answer in at most three short sentences.";
    case "step-by-step":
      return "Answer as numbered steps in the order they are done, one action per step.";
    case "socratic":
      return "Guide the reader with two or three questions that lead to the answer in the sources, then give the answer briefly.";
    case "devils-advocate":
      return "After answering, give the strongest case against it from the sources: risks, exceptions, what could go wrong.";
    case "research":
      return "Answer from everything the searches found, citing each source you use; say what the sources leave open.";
    default:
      return "";
  }
}

const MARKER = /^(?:[-*•]\s+|\d+[.)]\s+)/;

/**
 * An extractive answer laid out for a style, with no model: `concise` keeps
 * the first three lines; `step-by-step` numbers every line 1…N (list markers
 * replaced; section labels, list lead-ins and the note on items left out kept as they are); `socratic` and
 * `devils-advocate` keep the lines and close with a question for the reader,
 * since without a model Almanac only quotes.
 * @returns the lines to render and a closing sentence (or null).
 */
export function styleLines(
  lines: readonly AnswerLine[],
  style: PromptStyle,
): { lines: AnswerLine[]; closing: string | null } {
  switch (style) {
    case "concise":
      return { lines: lines.filter((l) => l.kind !== "section" && l.kind !== "more").slice(0, 3), closing: null };
    case "step-by-step": {
      let n = 0;
      return {
        lines: lines.map((l) =>
          l.kind === "section" || l.kind === "lead-in" || l.kind === "more"
            ? l
            : { ...l, text: `${++n}. ${l.text.replace(MARKER, "")}` },
        ),
        closing: null,
      };
    }
    case "socratic":
      return {
        lines: [...lines],
        closing: "Which of these answers your situation, and what would you check before acting on it?",
      };
    case "devils-advocate":
      return {
        lines: [...lines],
        closing: "Before relying on this: what here could be wrong for your case, and which warning matters most?",
      };
    default:
      return { lines: [...lines], closing: null };
  }
}
