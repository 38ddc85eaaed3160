/**
 * Generation over HTTP against node-llama-cpp used directly, on the fixture
 * chat model at one thread: decode tokens/s after the first token, streamed
 * through `/v1/chat/completions` by the `openai` client, against a plain
 * `LlamaChatSession` loop on the same model, threads and context size. The
 * prompts differ (the API adds retrieved sources); decode speed barely
 * depends on prompt length at these sizes, so the ratio is the API's overhead.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import OpenAI from "openai";
import { Almanac } from "../src/app/almanac.js";
import { loadConfig } from "../src/config.js";
import { startServer } from "../src/http/server.js";
import { createLogger } from "../src/log.js";
import { percentile } from "../src/stats.js";
import type { BenchReport } from "./report.js";

const QUESTIONS = [
  "How do I purify water?",
  "How do I start a fire?",
  "Which knot holds a load?",
  "Signs of hypothermia?",
];
const MAX_TOKENS = 64;
const CONTEXT = 4096;

async function overHttp(modelsDir: string): Promise<number[]> {
  const data = mkdtempSync(join(tmpdir(), "almanac-bench-http-"));
  const config = loadConfig(
    {
      libraryDir: resolve("library"),
      dataDir: data,
      modelsDir,
      threads: 1,
      chatSequences: 1,
      chatContextSize: CONTEXT,
      anonymousRole: "user",
      logLevel: "silent",
    },
    {},
  );
  const app = await Almanac.open(config, createLogger("silent"));
  await app.indexer.reconcile();
  const server = await startServer(app.services, "127.0.0.1", 0);
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${server.port}/v1`, apiKey: "unused", maxRetries: 0 });
  const rates: number[] = [];
  try {
    for (const q of QUESTIONS) {
      const stream = await client.chat.completions.create({
        model: "almanac",
        messages: [{ role: "user", content: q }],
        max_tokens: MAX_TOKENS,
        stream: true,
        stream_options: { include_usage: true },
      });
      let first = 0;
      let tokens = 0;
      for await (const chunk of stream) {
        if (!first && chunk.choices[0]?.delta.content) first = performance.now();
        if (chunk.usage) tokens = chunk.usage.completion_tokens;
      }
      const s = (performance.now() - first) / 1000;
      if (first && tokens > 1) rates.push((tokens - 1) / s);
    }
  } finally {
    await server.close();
    await app.close();
    rmSync(data, { recursive: true, force: true });
  }
  return rates;
}

async function direct(modelsDir: string): Promise<number[]> {
  const { getLlama, LlamaChatSession, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: join(modelsDir, "tiny-chat.gguf") });
  const context = await model.createContext({ contextSize: CONTEXT, threads: 1 });
  const rates: number[] = [];
  for (const q of QUESTIONS) {
    const session = new LlamaChatSession({ contextSequence: context.getSequence() });
    let first = 0;
    let tokens = 0;
    await session.prompt(q, {
      maxTokens: MAX_TOKENS,
      temperature: 0,
      onToken: (t) => {
        tokens += t.length;
        if (!first) first = performance.now();
      },
    });
    const s = (performance.now() - first) / 1000;
    if (first && tokens > 1) rates.push((tokens - 1) / s);
    session.dispose({ disposeSequence: true });
  }
  await context.dispose();
  await model.dispose();
  await llama.dispose();
  return rates;
}

/** Adds decode tokens/s over HTTP and direct (p50 of four answers) and their ratio to `report`. */
export async function httpGeneration(report: BenchReport, modelsDir: string): Promise<void> {
  const section = "generation, fixture chat model, 1 thread";
  const api = percentile(await overHttp(modelsDir), 50);
  const raw = percentile(await direct(modelsDir), 50);
  report.add(section, "over HTTP (/v1/chat/completions, streamed)", api, "tokens/s");
  report.add(section, "node-llama-cpp directly", raw, "tokens/s");
  report.add(section, "HTTP ÷ direct", api / raw, "×", "target ≥ 0.95");
}
