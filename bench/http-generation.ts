/**
 * Generation over HTTP against node-llama-cpp used directly, on the fixture
 * chat model at one thread: decode tokens/s after the first token. Over HTTP
 * the server runs as `almanac serve` in its own process (as a user runs it)
 * and the `openai` client streams `/v1/chat/completions` with the chat
 * model's own id, so no sources are added; directly, a `LlamaChatSession`
 * on the same model, threads and context size. Both get the same system
 * prompt and question, so the ratio is the API's overhead alone. (Before
 * 2026-12-07 the API side answered as `almanac`, with about 1,200 tokens of
 * sources in its prompt, and shared the process with the client: on the fixture
 * model the long prompt alone cut decode speed to about 0.3×.)
 */
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { percentile } from "../src/stats.js";
import type { BenchReport } from "./report.js";
import { spawnServe, stopServe, waitForStatus } from "./serve-process.js";

const QUESTIONS = [
  "How do I purify water?",
  "How do I start a fire?",
  "Which knot holds a load?",
  "Signs of hypothermia?",
];
const SYSTEM = "You answer questions about survival skills in a few sentences.";
const MAX_TOKENS = 64;
const CONTEXT = 4096;

async function overHttp(modelsDir: string, port = 18_472): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), "almanac-bench-http-"));
  mkdirSync(join(dir, "library"));
  mkdirSync(join(dir, "models"));
  copyFileSync(join(modelsDir, "tiny-chat.gguf"), join(dir, "models", "tiny-chat.gguf"));
  const child = spawnServe(
    dir,
    port,
    {
      ALMANAC_MODELS_DIR: join(dir, "models"),
      ALMANAC_THREADS: "1",
      ALMANAC_CHAT_SEQUENCES: "1",
      ALMANAC_CHAT_CONTEXT: String(CONTEXT),
      ALMANAC_ANONYMOUS_ROLE: "user",
    },
    ["--no-watch"],
  );
  const base = `http://127.0.0.1:${port}`;
  const rates: number[] = [];
  try {
    await waitForStatus(base, () => true, 60_000, 100);
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: "unused", maxRetries: 0 });
    for (const q of QUESTIONS) {
      const stream = await client.chat.completions.create({
        model: "tiny-chat",
        messages: [
          { role: "system", content: SYSTEM },
          { role: "user", content: q },
        ],
        max_tokens: MAX_TOKENS,
        temperature: 0,
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
    await stopServe(child, dir);
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
    const session = new LlamaChatSession({ contextSequence: context.getSequence(), systemPrompt: SYSTEM });
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
  report.add(section, "over HTTP (almanac serve, /v1/chat/completions streamed, same prompt)", api, "tokens/s");
  report.add(section, "node-llama-cpp directly", raw, "tokens/s");
  report.add(section, "HTTP ÷ direct", api / raw, "×", "target ≥ 0.95");
}
