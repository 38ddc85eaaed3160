import { freemem, totalmem } from "node:os";
import type { Command } from "commander";
import type { Config } from "../config.js";
import { formatBytes } from "../ingest/limits.js";
import { type HardwareCheck, hardwareChecks, readCpu } from "../models/hardware.js";
import { VERSION } from "../version.js";

const yesNo = (v: boolean | null) => (v === null ? "unknown" : v ? "yes" : "no");
const mark = { ok: "ok  ", warn: "warn", fail: "FAIL" } as const;

/**
 * `almanac doctor`: the machine and what it can run. The CPU, memory and the
 * checks that would stop Almanac come first, read without loading LanceDB or
 * llama.cpp (LanceDB's x86-64 build crashes on a CPU without AVX2, so it must
 * not be loaded to find out). Then the compute backend, GPUs, VRAM, the thread
 * layout, and each model in the folder with the memory it needs and whether it fits.
 * Exits 1 when a check fails.
 */
export function registerDoctorCommand(program: Command, config: () => Config): void {
  program
    .command("doctor")
    .description("the hardware, what Almanac can run on it, and the models that fit")
    .action(async () => {
      const c = config();
      const out = (line = "") => process.stdout.write(`${line}\n`);
      const cpu = readCpu();
      const checks: HardwareCheck[] = hardwareChecks(cpu, freemem(), process.platform);
      out(`Almanac ${VERSION} on ${process.platform} ${process.arch}, Node ${process.version}`);
      out(`CPU      ${cpu.model}, ${cpu.cores} cores`);
      if (cpu.arch === "x64") out(`         AVX2 ${yesNo(cpu.avx2)}, AVX-512 ${yesNo(cpu.avx512)}`);
      if (cpu.arch === "arm64") out(`         NEON ${yesNo(cpu.neon)}`);
      out(`RAM      ${formatBytes(freemem())} free of ${formatBytes(totalmem())}`);
      if (checks.some((k) => k.level === "fail")) {
        for (const k of checks) out(`${mark[k.level]}     ${k.message}`);
        process.exitCode = 1;
        return;
      }
      const [{ pinnedModels, scanModels }, { ModelRuntime }, { embeddingLayout }, { createLogger }] = await Promise.all(
        [
          import("../models/registry.js"),
          import("../models/runtime.js"),
          import("../models/embedder.js"),
          import("../log.js"),
        ],
      );
      const models = await scanModels(c.modelsDir, pinnedModels(c));
      const runtime = new ModelRuntime(c, createLogger("silent"));
      try {
        const hw = await runtime.hardware(models);
        out(`Backend  ${hw.backend}${c.gpu === "off" ? " (gpu: off in the configuration)" : ""}`);
        out(`GPUs     ${hw.gpus.length ? hw.gpus.join(", ") : "none"}`);
        if (hw.vram) out(`VRAM     ${formatBytes(hw.vram.freeBytes)} free of ${formatBytes(hw.vram.totalBytes)}`);
        const layout = embeddingLayout(c, hw.backend !== "cpu");
        out(
          `Threads  ${c.threads} per chat and reranker context; embedding ${layout.contexts} context(s) × ${layout.threads} thread(s)`,
        );
        out(
          `Models   ${models.length ? `${models.length} in ${c.modelsDir}` : `none in ${c.modelsDir} (BM25 search and extractive answers)`}`,
        );
        for (const m of models) {
          const need = hw.needs.find((n) => n.id === m.id) ?? { ramBytes: 0, vramBytes: 0 };
          // Offloaded layers need VRAM; on CPU (or with nothing offloaded) the whole model needs RAM.
          const gpu = hw.vram !== null && need.vramBytes > 0;
          const free = gpu && hw.vram ? hw.vram.freeBytes : freemem();
          const needed = gpu ? need.vramBytes : need.ramBytes;
          const where = gpu ? "VRAM" : "RAM";
          const fits = needed <= free;
          out(
            `         ${m.id}.gguf (${m.role}): needs ${formatBytes(needed)} of ${where}, ${fits ? "fits" : "does NOT fit"}`,
          );
          if (!fits)
            checks.push({
              level: "warn",
              message: `${m.id}.gguf needs ${formatBytes(needed)} of ${where}; ${formatBytes(free)} is free`,
            });
        }
      } finally {
        await runtime.dispose();
      }
      for (const k of checks) out(`${mark[k.level]}     ${k.message}`);
    });
}
