// The research answer style: with a chat model that takes tools, the model searches the library itself in a
// few bounded steps before the answer, which is then written from, and cited to, the passages it found.
import type { ChatMessage, ChatModel, MessageToolCall } from "../models/chat-model.js";
import type { SearchFilter } from "../retrieve/filter.js";
import type { Retriever, SearchResult } from "../retrieve/search.js";
import { citationLabel, snippetOf, toSources } from "./sources.js";

/** Most searches one research answer makes. */
export const RESEARCH_STEPS = 3;
/** Passages each search adds. */
const PER_SEARCH = 4;

/** One step of a research answer, as the page shows it while it happens. */
export interface ResearchStep {
  /** The words the model searched for. */
  query: string;
  /** New passages the search found (not already gathered). */
  found: number;
}

const SEARCH_TOOL = {
  name: "search",
  description: "Search the offline library for passages. Use a few precise words.",
  parameters: {
    type: "object",
    properties: { query: { type: "string", maxLength: 120, description: "Words to search for." } },
    required: ["query"],
  },
};

const SYSTEM =
  "You research a question in an offline library. Call search with short, precise queries to find what the answer needs: other words, parts of the question, the thing behind it. Stop when the passages found are enough.";

/**
 * Lets the chat model search the library up to {@link RESEARCH_STEPS} times
 * (the first search is required, later ones are its choice), each result
 * shown to it as numbered passages, and returns every passage found, the
 * question's own retrieval first. Steps are reported as they happen.
 * Source: the ReAct pattern (Yao et al., 2022, "ReAct: Synergizing Reasoning and Acting in Language Models").
 */
export async function researchPassages(
  chat: ChatModel,
  retriever: Pick<Retriever, "search">,
  question: string,
  found: readonly SearchResult[],
  opts: {
    filter?: SearchFilter | undefined;
    signal?: AbortSignal | undefined;
    onStep?: ((s: ResearchStep) => void) | undefined;
  },
): Promise<SearchResult[]> {
  const gathered = [...found];
  const seen = new Set(found.map((r) => r.chunk.id));
  const calls: MessageToolCall[] = [];
  for (let step = 0; step < RESEARCH_STEPS && !opts.signal?.aborted; step++) {
    const messages: ChatMessage[] = [
      { role: "system", content: SYSTEM },
      { role: "user", content: question },
      ...(calls.length ? [{ role: "assistant" as const, content: "", toolCalls: [...calls] }] : []),
    ];
    const reply = await chat.generate(messages, {
      maxTokens: 96,
      tools: [SEARCH_TOOL],
      toolChoice: step === 0 ? "required" : "auto",
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const asked = (reply.toolCalls ?? []).filter((c) => c.name === "search");
    if (asked.length === 0) break;
    for (const c of asked) {
      const query = String((c.arguments as { query?: unknown })?.query ?? "")
        .trim()
        .slice(0, 200);
      if (!query) continue;
      const results = await retriever.search(query, { k: PER_SEARCH, ...(opts.filter ? { filter: opts.filter } : {}) });
      const fresh = results.filter((r) => !seen.has(r.chunk.id));
      for (const r of fresh) {
        seen.add(r.chunk.id);
        gathered.push(r);
      }
      opts.onStep?.({ query, found: fresh.length });
      const listed = toSources(results).map((s, i) => `${i + 1}. ${citationLabel(s)}: ${snippetOf(s.text, 300)}`);
      calls.push({
        id: `research-${step}-${calls.length}`,
        name: "search",
        arguments: JSON.stringify({ query }),
        result: listed.join("\n") || "Nothing found.",
      });
    }
  }
  return gathered;
}
