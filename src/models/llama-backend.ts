// Types only: node-llama-cpp itself (native bindings, ~40 MB resident) is imported when it is first needed.
import type { Llama, LlamaLogLevel } from "node-llama-cpp";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";

/** node-llama-cpp's handle and the GPU devices it found (empty on CPU). */
export interface LlamaBackend {
  llama: Llama;
  /** GPU device names, e.g. "NVIDIA H100"; empty on CPU or when they cannot be read. */
  gpuDevices: string[];
}

/**
 * Loads node-llama-cpp's bindings for the configured backend (`gpu`: `auto`,
 * a backend name, or `off` for CPU), falling back to CPU when the GPU backend
 * cannot start. `build: "never"` keeps node-llama-cpp from ever downloading
 * and compiling llama.cpp at run time: Almanac stays offline and uses the
 * shipped binaries. llama.cpp's errors are logged as errors, its warnings at debug.
 * @throws node-llama-cpp's error when even the CPU backend cannot load.
 */
export async function openLlama(config: Pick<Config, "gpu" | "threads">, log: Logger): Promise<LlamaBackend> {
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  const gpu = config.gpu === "off" ? false : config.gpu;
  const logger = (level: LlamaLogLevel, message: string) => {
    if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal)
      log.error({ llama: message.trim() }, "llama.cpp");
    else if (level === LlamaLogLevel.warn) log.debug({ llama: message.trim() }, "llama.cpp");
  };
  const options = { build: "never", maxThreads: config.threads, logLevel: LlamaLogLevel.warn, logger } as const;
  let llama: Llama;
  try {
    llama = await getLlama({ gpu, ...options });
  } catch (err) {
    if (gpu === false) throw err;
    log.warn({ err: (err as Error).message, gpu }, "GPU backend unavailable, falling back to CPU");
    llama = await getLlama({ gpu: false, ...options });
  }
  const gpuDevices = llama.gpu ? await llama.getGpuDeviceNames().catch(() => []) : [];
  return { llama, gpuDevices };
}
