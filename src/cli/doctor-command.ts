import { freemem, totalmem } from "node:os";
import type { Command } from "commander";
import type { Config } from "../config.js";
import { formatBytes } from "../ingest/limits.js";
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
      const { acceleratorReport, hardwareChecks, readCpu } = await import("../app/model-services.js");
      const out = (line = "") => process.stdout.write(`${line}\n`);
      const cpu = readCpu();
      const checks = hardwareChecks(cpu, freemem(), process.platform);
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
      const hw = await acceleratorReport(c, freemem());
      out(`Backend  ${hw.backend}${c.gpu === "off" ? " (gpu: off in the configuration)" : ""}`);
      out(`GPUs     ${hw.gpus.length ? hw.gpus.join(", ") : "none"}`);
      if (hw.vram) out(`VRAM     ${formatBytes(hw.vram.freeBytes)} free of ${formatBytes(hw.vram.totalBytes)}`);
      out(
        `Threads  ${c.threads} per chat and reranker context; embedding ${hw.layout.contexts} context(s) × ${hw.layout.threads} thread(s)`,
      );
      out(
        `Models   ${hw.fits.length ? `${hw.fits.length} in ${c.modelsDir}` : `none in ${c.modelsDir} (BM25 search and extractive answers)`}`,
      );
      for (const f of hw.fits) {
        out(
          `         ${f.model.id}.gguf (${f.model.role}): needs ${formatBytes(f.needBytes)} of ${f.where}, ${f.fits ? "fits" : "does NOT fit"}`,
        );
        if (!f.fits)
          checks.push({
            level: "warn",
            message: `${f.model.id}.gguf needs ${formatBytes(f.needBytes)} of ${f.where}; ${formatBytes(f.freeBytes)} is free`,
          });
      }
      for (const k of checks) out(`${mark[k.level]}     ${k.message}`);
    });
}
