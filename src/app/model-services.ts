// What the CLI asks of the models folder without opening the index: a facade, so cli/ reaches neither models/ nor
// state/ directly (../shared/notes/architecture.md, "arrows point down"). Heavy modules load inside each call.
import { join } from "node:path";
import type { Config } from "../config.js";
import { ModelChoiceError } from "../errors.js";
import type { ModelEntry } from "../models/registry.js";
import type { AcceleratorReport } from "../models/runtime.js";

export { formatParameters } from "../models/gguf-facts.js";
export { type CpuFacts, type HardwareCheck, hardwareChecks, readCpu } from "../models/hardware.js";
export type { ModelEntry } from "../models/registry.js";

/**
 * Every GGUF file in the models folder with its header facts (nothing is loaded).
 * @param onSkip - told about each file that is not a readable GGUF.
 */
export async function listModels(
  config: Config,
  onSkip: (file: string, err: Error) => void = () => {},
): Promise<ModelEntry[]> {
  const { pinnedModels, scanModels } = await import("../models/registry.js");
  return scanModels(config.modelsDir, pinnedModels(config), onSkip);
}

/**
 * The model a user named: a file name in the models folder, with or without `.gguf` (never a path).
 * @throws ModelChoiceError (404) when there is none.
 */
export async function namedModel(config: Config, file: string): Promise<ModelEntry> {
  const { findModel } = await import("../models/registry.js");
  const entry = findModel(await listModels(config), file);
  if (!entry) throw new ModelChoiceError(`no model "${file}" in ${config.modelsDir}`, 404);
  return entry;
}

/**
 * Records `file` as the chat model the next start loads: the setting a
 * runtime switch keeps (`ModelSwitcher.useChat`). SQLite's WAL lets this run beside a server.
 * @throws ModelChoiceError (404) for a file not in the folder, (400) for one that is not a chat model.
 */
export async function chooseChatModel(config: Config, file: string): Promise<ModelEntry> {
  const entry = await namedModel(config, file);
  if (entry.role !== "chat")
    throw new ModelChoiceError(`${entry.id}.gguf is the ${entry.role} kind of model, not a chat model`, 400);
  const [{ openStateDb, STATE_FILE }, { saveSetting }] = await Promise.all([
    import("../state/db.js"),
    import("../state/settings.js"),
  ]);
  const db = openStateDb(join(config.dataDir, STATE_FILE));
  try {
    saveSetting(db, config, "chatModel", `${entry.id}.gguf`);
  } finally {
    db.$client.close();
  }
  return entry;
}

/** One model in {@link acceleratorReport}: the memory it needs, where, and whether that much is free. */
export interface ModelFit {
  model: ModelEntry;
  needBytes: number;
  where: "RAM" | "VRAM";
  freeBytes: number;
  fits: boolean;
}

/**
 * The compute backend, GPUs, VRAM, the embedding layout and each model's fit,
 * loading node-llama-cpp's bindings (not LanceDB). Offloaded layers need VRAM;
 * on CPU, or with nothing offloaded, the whole model needs RAM.
 * @param freeRamBytes - free RAM now (`os.freemem()`).
 */
export async function acceleratorReport(
  config: Config,
  freeRamBytes: number,
): Promise<Omit<AcceleratorReport, "needs"> & { layout: { contexts: number; threads: number }; fits: ModelFit[] }> {
  const [{ ModelRuntime }, { embeddingLayout }, { createLogger }] = await Promise.all([
    import("../models/runtime.js"),
    import("../models/embedder.js"),
    import("../log.js"),
  ]);
  const models = await listModels(config);
  const runtime = new ModelRuntime(config, createLogger("silent"));
  try {
    const { needs, ...hw } = await runtime.hardware(models);
    const fits = models.map((model): ModelFit => {
      const need = needs.find((n) => n.id === model.id) ?? { ramBytes: 0, vramBytes: 0 };
      const gpu = hw.vram !== null && need.vramBytes > 0;
      const needBytes = gpu ? need.vramBytes : need.ramBytes;
      const freeBytes = gpu && hw.vram ? hw.vram.freeBytes : freeRamBytes;
      return { model, needBytes, where: gpu ? "VRAM" : "RAM", freeBytes, fits: needBytes <= freeBytes };
    });
    return { ...hw, layout: embeddingLayout(config, hw.backend !== "cpu"), fits };
  } finally {
    await runtime.dispose();
  }
}

export { MODEL_PRESETS, type ModelPreset } from "../models/presets.js";
export type { PullProgress, PullResult } from "../models/pull.js";

/**
 * Pulls a model into the models folder ({@link import("../models/pull.js").pullModel}), refused while `config.offline` is on.
 * @throws ModelFileError for offline mode, an unknown source, or a file whose checksum or header is wrong.
 */
export async function pullModelFile(
  config: Config,
  source: string,
  opts: Omit<import("../models/pull.js").PullOptions, "modelsDir" | "offline">,
): Promise<import("../models/pull.js").PullResult> {
  const { pullModel } = await import("../models/pull.js");
  return pullModel(source, { ...opts, modelsDir: config.modelsDir, offline: config.offline });
}
