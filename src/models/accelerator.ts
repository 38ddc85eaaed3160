// Types only: node-llama-cpp is imported by the runtime before this runs.
import type { Llama } from "node-llama-cpp";
import { contextSizeFor } from "./context-size.js";
import type { ModelEntry } from "./registry.js";

/** The accelerator as `almanac doctor` reports it, and what each model needs. */
export interface AcceleratorReport {
  /** `cuda`, `vulkan`, `metal` or `cpu`. */
  backend: string;
  gpus: string[];
  /** GPU memory, bytes; null on CPU. */
  vram: { totalBytes: number; freeBytes: number } | null;
  /** Per model id: memory to load it with its context, bytes (VRAM for offloaded layers, RAM for the rest). */
  needs: Array<{ id: string; ramBytes: number; vramBytes: number }>;
}

/**
 * The backend and GPU memory of `llama`, and the memory each of `models`
 * needs with the context it would get, from node-llama-cpp's GGUF insights
 * (`estimateModelResourceRequirementsV2` plus
 * `estimateContextResourceRequirementsV2`): all layers on the GPU when there is one.
 * @param chatContextSize - config `chatContextSize`, tokens.
 * @throws node-llama-cpp's error for a GGUF file that cannot be read.
 */
export async function acceleratorReport(
  llama: Llama,
  gpus: string[],
  models: readonly ModelEntry[],
  chatContextSize: number,
): Promise<AcceleratorReport> {
  const vram = llama.gpu ? await llama.getVramState() : null;
  const { GgufInsights, readGgufFileInfo } = await import("node-llama-cpp");
  const needs: AcceleratorReport["needs"] = [];
  for (const m of models) {
    const insights = await GgufInsights.from(
      await readGgufFileInfo(m.path, { sourceType: "filesystem", logWarnings: false }),
      llama,
    );
    const gpuLayers = llama.gpu ? insights.totalLayers : 0;
    const model = await insights.estimateModelResourceRequirementsV2({ gpuLayers });
    const context = await insights.estimateContextResourceRequirementsV2({
      contextSize: contextSizeFor(m.role, m.trainContextSize ?? 2048, chatContextSize),
      modelGpuLayers: gpuLayers,
      isEmbeddingContext: m.role === "embedding",
    });
    needs.push({ id: m.id, ramBytes: model.cpuRam + context.cpuRam, vramBytes: model.gpuVram + context.gpuVram });
  }
  return {
    backend: llama.gpu || "cpu",
    gpus,
    vram: vram ? { totalBytes: vram.total, freeBytes: vram.free } : null,
    needs,
  };
}
