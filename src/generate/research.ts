// The research answer style: with a chat model that takes tools, the model searches the library and reads on
// from what it found in a few bounded steps before the answer, which is then written from, and cited to,
// every passage it saw.
import type { ChatMessage, ChatModel, GeneratedToolCall, MessageToolCall, ToolSpec } from "../models/chat-model.js";
import type { SearchFilter } from "../retrieve/filter.js";
import type { Retriever, SearchResult } from "../retrieve/search.js";
import { cutToTokens } from "./prompt.js";
import { citationLabel, snippetOf, toSources } from "./sources.js";

/** Most tool calls (searches and reads) one research answer makes. */
export const RESEARCH_STEPS = 4;
/** Passages each search adds. */
const PER_SEARCH = 4;
/** Chunks one `read` reads on, within the passage's section. */
const READ_CHUNKS = 2;
/** Tokens each tool-choosing generation may write. */
const CALL_TOKENS = 96;
/** Room kept for the chat template's own text around the messages, tokens. */
const TEMPLATE_TOKENS = 64;

/**
 * One step of a research answer, as the page shows it while it happens and
 * under the answer afterwards: a search for `query`, or reading on from the
 * passage cited as `passage` (book › chapter). `found` counts the passages the
 * step added (not already gathered).
 */
export type ResearchStep =
  | { tool: "search"; query: string; found: number }
  | { tool: "read"; passage: string; found: number };

const TOOLS: ToolSpec[] = [
  {
    name: "search",
    description: "Search the offline library for passages. Use a few precise words.",
    parameters: {
      type: "object",
      properties: { query: { type: "string", maxLength: 120, description: "Words to search for." } },
      required: ["query"],
    },
  },
  {
    name: "read",
    description: "Read on from a numbered passage: the text that follows it in the same section.",
    parameters: {
      type: "object",
      properties: { passage: { type: "integer", minimum: 1, description: "The passage's number, as listed." } },
      required: ["passage"],
    },
  },
];

const SYSTEM =
  "You research a question in an offline library. Passages are numbered [n]. Call search with short, precise queries for what the answer still needs (other words, parts of the question, the thing behind it), or read to go on from a passage that starts to answer it. Stop when the passages are enough.";

/** The passages gathered so far, numbered 1…N in the order they were found. */
class Gathered {
  readonly all: SearchResult[] = [];
  private readonly numbers = new Map<string, number>();

  /** Adds the new results; returns how many were new. */
  add(results: readonly SearchResult[]): number {
    let fresh = 0;
    for (const r of results) {
      if (this.numbers.has(r.chunk.id)) continue;
      this.all.push(r);
      this.numbers.set(r.chunk.id, this.all.length);
      fresh++;
    }
    return fresh;
  }

  /** "[3] Water › Boiling: …" for each result, under its number here. */
  list(results: readonly SearchResult[]): string {
    const sources = toSources(results);
    return (
      sources
        .map(
          (s, i) => `[${this.numbers.get(results[i]?.chunk.id ?? "")}] ${citationLabel(s)}: ${snippetOf(s.text, 300)}`,
        )
        .join("\n") || "Nothing found."
    );
  }
}

/** A generated call's arguments as an object ({} when the model gave something else). */
function argsOf(c: GeneratedToolCall): Record<string, unknown> {
  return c.arguments && typeof c.arguments === "object" ? (c.arguments as Record<string, unknown>) : {};
}

/**
 * Lets the chat model search the library and read on from passages, up to
 * {@link RESEARCH_STEPS} tool calls (the first is required, later ones are
 * its choice). It starts from the question's own retrieval, shown as a first
 * search; every result comes back as numbered passages. Steps are reported as
 * they happen.
 * @returns every passage gathered, the question's own retrieval first.
 * Source: the ReAct pattern (Yao et al., 2022, "ReAct: Synergizing Reasoning and Acting in Language Models").
 */
export async function researchPassages(
  chat: Pick<ChatModel, "generate" | "contextSize" | "countTokens">,
  retriever: Pick<Retriever, "search" | "following">,
  question: string,
  found: readonly SearchResult[],
  opts: {
    filter?: SearchFilter | undefined;
    signal?: AbortSignal | undefined;
    onStep?: ((s: ResearchStep) => void) | undefined;
  },
): Promise<SearchResult[]> {
  const gathered = new Gathered();
  gathered.add(found);
  const first = found.slice(0, PER_SEARCH);
  const calls: MessageToolCall[] = [
    { id: "research-0", name: "search", arguments: JSON.stringify({ query: question }), result: gathered.list(first) },
  ];
  // A chat wrapper renders the tools as documentation about twice their JSON's length (node-llama-cpp's, measured).
  const tools = 2 * chat.countTokens(JSON.stringify(TOOLS));
  const fixed = chat.countTokens(`${SYSTEM}\n${question}`) + tools + CALL_TOKENS + TEMPLATE_TOKENS;
  for (let step = 0; step < RESEARCH_STEPS && !opts.signal?.aborted; ) {
    const messages: ChatMessage[] = [
      { role: "system", content: SYSTEM },
      { role: "user", content: question },
      { role: "assistant", content: "", toolCalls: fitResults(calls, chat.contextSize - fixed, chat.countTokens) },
    ];
    const reply = await chat.generate(messages, {
      maxTokens: CALL_TOKENS,
      tools: TOOLS,
      toolChoice: step === 0 ? "required" : "auto",
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const asked = (reply.toolCalls ?? []).filter((c) => c.name === "search" || c.name === "read");
    if (asked.length === 0) break;
    for (const c of asked.slice(0, RESEARCH_STEPS - step)) {
      step++;
      const done =
        c.name === "search"
          ? await searchStep(retriever, gathered, argsOf(c), opts.filter)
          : await readStep(retriever, gathered, argsOf(c));
      if (done.step) opts.onStep?.(done.step);
      calls.push({
        id: `research-${calls.length}`,
        name: c.name,
        arguments: JSON.stringify(argsOf(c)),
        result: done.result,
      });
    }
  }
  return gathered.all;
}

/**
 * The calls with their results cut to share `room` tokens between them, the
 * newest first served, so the history always fits the model's context (a
 * small model's 2,048 tokens hold about three full listings).
 */
function fitResults(
  calls: readonly MessageToolCall[],
  room: number,
  count: (text: string) => number,
): MessageToolCall[] {
  const out = [...calls];
  let left = Math.max(0, room);
  for (let i = out.length - 1; i >= 0; i--) {
    const c = out[i] as MessageToolCall;
    const share = Math.floor(left / (i + 1));
    const cost = count(c.result ?? "") + count(c.arguments) + 8;
    if (cost > share)
      out[i] = { ...c, result: cutToTokens(c.result ?? "", Math.max(0, share - count(c.arguments) - 8), count) };
    left -= Math.min(cost, share);
  }
  return out;
}

interface StepDone {
  step: ResearchStep | null;
  result: string;
}

async function searchStep(
  retriever: Pick<Retriever, "search">,
  gathered: Gathered,
  args: Record<string, unknown>,
  filter: SearchFilter | undefined,
): Promise<StepDone> {
  const query = String(args.query ?? "")
    .trim()
    .slice(0, 200);
  if (!query) return { step: null, result: "Give search some words." };
  const results = await retriever.search(query, { k: PER_SEARCH, ...(filter ? { filter } : {}) });
  const fresh = gathered.add(results);
  return { step: { tool: "search", query, found: fresh }, result: gathered.list(results) };
}

async function readStep(
  retriever: Pick<Retriever, "following">,
  gathered: Gathered,
  args: Record<string, unknown>,
): Promise<StepDone> {
  const n = Number(args.passage);
  const from = Number.isInteger(n) ? gathered.all[n - 1] : undefined;
  if (!from)
    return {
      step: null,
      result: `There is no passage ${String(args.passage)}: they are numbered 1–${gathered.all.length}.`,
    };
  const next = await retriever.following(from.chunk, READ_CHUNKS);
  const fresh = gathered.add(next);
  const passage = citationLabel(toSources([from])[0] as NonNullable<ReturnType<typeof toSources>[0]>);
  return {
    step: { tool: "read", passage, found: fresh },
    result: next.length ? gathered.list(next) : `Passage ${n} is the end of its section.`,
  };
}
