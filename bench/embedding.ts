/**
 * Embedding throughput on the fixture embedder: Almanac's path
 * (`Embedder.embedMany` through `ModelRuntime`) against a direct
 * node-llama-cpp loop with the same contexts × threads, for several layouts
 * (`npm run bench -- --threads-matrix`). Texts are the first paragraphs of
 * the starter library's Markdown and text books.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { getLlama, type LlamaEmbeddingContext } from "node-llama-cpp";
import { createLogger } from "../src/log.js";
import { ModelRuntime } from "../src/models/runtime.js";
import type { BenchReport } from "./report.js";

/** Up to `n` paragraphs of 80+ characters from the starter library. */
function paragraphs(n: number): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(md|txt)$/.test(name))
        for (const para of readFileSync(p, "utf8").split(/\n\s*\n/))
          if (para.trim().length >= 80 && out.length < n) out.push(para.trim().slice(0, 400));
    }
  };
  walk(resolve("library"));
  return out;
}

async function direct(modelPath: string, texts: string[], contexts: number, threads: number): Promise<number> {
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: Math.max(threads * contexts, 1) });
  const model = await llama.loadModel({ modelPath });
  const ctxs: LlamaEmbeddingContext[] = [];
  for (let i = 0; i < contexts; i++)
    ctxs.push(await model.createEmbeddingContext({ contextSize: Math.min(model.trainContextSize, 8192), threads }));
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    ctxs.map(async (ctx) => {
      while (next < texts.length) await ctx.getEmbeddingFor(texts[next++] as string);
    }),
  );
  const s = (performance.now() - t0) / 1000;
  for (const c of ctxs) await c.dispose();
  await model.dispose();
  return texts.length / s;
}

async function almanac(modelsDir: string, texts: string[], contexts: number, threads: number): Promise<number> {
  const runtime = new ModelRuntime(
    {
      modelsDir,
      threads: Math.max(threads * contexts, 1),
      gpu: "off",
      chatContextSize: 512,
      embeddingContexts: contexts,
      embeddingThreads: threads,
      chatQueueMax: 8,
      chatSequences: 1,
      chatTimeoutSeconds: 0,
    },
    createLogger("silent"),
  );
  await runtime.load(["embedding"]);
  const t0 = performance.now();
  await runtime.embedder?.embedMany(texts, "raw");
  const s = (performance.now() - t0) / 1000;
  await runtime.dispose();
  return texts.length / s;
}

/**
 * Chunks/s for each layout, Almanac against direct node-llama-cpp with the same layout, and
 * the default layout's ratio to the best direct one, as report rows.
 * @param matrix - every layout (1×cores, 1×1, 2×1, 4×1) rather than just the default and the old one.
 */
export async function embeddingThroughput(report: BenchReport, modelsDir: string, matrix: boolean): Promise<void> {
  const texts = paragraphs(147);
  const cores = availableParallelism();
  const layouts: Array<[number, number]> = matrix
    ? [
        [1, cores],
        [1, 1],
        [2, 1],
        [4, 1],
      ]
    : [
        [1, cores],
        [Math.min(4, 2 * cores), Math.max(1, Math.floor(cores / Math.min(4, 2 * cores)))],
      ];
  const section = `embedding, fixture embedder, ${texts.length} texts`;
  let best = 0;
  let defaultRate = 0;
  for (const [contexts, threads] of layouts) {
    const d = await direct(join(modelsDir, "tiny-embed.gguf"), texts, contexts, threads);
    const a = await almanac(modelsDir, texts, contexts, threads);
    best = Math.max(best, d);
    if (contexts === Math.min(4, 2 * cores) && threads === Math.max(1, Math.floor(cores / contexts))) defaultRate = a;
    report.add(section, `${contexts} contexts × ${threads} threads, Almanac`, a, "chunks/s");
    report.add(section, `${contexts} contexts × ${threads} threads, direct`, d, "chunks/s");
  }
  report.add(section, "default layout ÷ best direct layout", defaultRate / best, "×", "target ≥ 0.9");
}
