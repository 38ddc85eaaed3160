/**
 * TTFT of the RAG prompt with its fixed instructions first (Almanac's layout)
 * against the sources first (the layout before issue 7). With the
 * instructions first, consecutive questions share a prompt prefix, so
 * node-llama-cpp reuses its KV cache for it and evaluates fewer tokens
 * before the first answer token.
 */
import type { Almanac } from "../src/app/almanac.js";
import { percentile } from "../src/eval/metrics.js";
import { buildRagMessages } from "../src/generate/prompt.js";
import { toSources } from "../src/generate/sources.js";
import type { ChatMessage, ChatModel } from "../src/models/chat-model.js";
import type { BenchReport } from "./report.js";

type Layout = "instructions-first" | "sources-first";

function reorder(messages: ChatMessage[], layout: Layout): ChatMessage[] {
  if (layout === "instructions-first") return messages;
  return messages.map((m) => {
    if (m.role !== "system") return m;
    const at = m.content.indexOf("Sources:\n\n");
    return at < 0 ? m : { ...m, content: `${m.content.slice(at)}\n\n${m.content.slice(0, at).trim()}` };
  });
}

/**
 * Runs `questions` in turn through `chat` for each layout (one warm-up pass
 * first), timing the first streamed token.
 * Adds TTFT p50 per layout to `report`, from the second pass of each (the first warms up).
 */
export async function promptLayoutTtft(
  report: BenchReport,
  app: Almanac,
  chat: ChatModel,
  questions: readonly string[],
): Promise<void> {
  const prompts = await Promise.all(
    questions.map(async (q) => {
      const sources = toSources(await app.retriever.search(q, { k: 5 }));
      const conversation: ChatMessage[] = [{ role: "user", content: q }];
      const budget = { contextSize: chat.contextSize, answerTokens: 64, maxSourceTokens: 1200 };
      return buildRagMessages(conversation, sources, budget, chat.countTokens).messages;
    }),
  );
  const layouts = ["sources-first", "instructions-first", "sources-first", "instructions-first"] as const;
  for (const [pass, layout] of layouts.entries()) {
    const ttft: number[] = [];
    for (const messages of prompts) {
      const t0 = performance.now();
      let first = 0;
      await chat.generate(reorder(messages, layout), {
        maxTokens: 4,
        onText: () => {
          if (!first) first = performance.now() - t0;
        },
      });
      ttft.push(first || performance.now() - t0);
    }
    if (pass >= 2) report.add("fixture models", `RAG prompt ${layout}: TTFT p50`, percentile(ttft, 50), "ms");
  }
}
