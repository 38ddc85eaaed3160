// What the machine offers Almanac, read without loading LanceDB or llama.cpp, so `almanac doctor` can warn first.
import { readFileSync } from "node:fs";
import { cpus } from "node:os";

/** CPU facts that decide whether Almanac's native parts run, and how fast. */
export interface CpuFacts {
  /** The model name from `/proc/cpuinfo` (or `os.cpus()`), e.g. "Intel(R) Xeon(R) …" or "Cortex-A76". */
  model: string;
  cores: number;
  /** Node's `process.arch`: `x64`, `arm64`, … */
  arch: string;
  /** AVX2 on x86-64 (null elsewhere or unknown): LanceDB's x86-64 Linux build is compiled for Haswell and needs it. */
  avx2: boolean | null;
  /** AVX-512F on x86-64 (null elsewhere or unknown): llama.cpp's CPU backend uses it when present. */
  avx512: boolean | null;
  /** Advanced SIMD (NEON) on arm64 (null elsewhere or unknown). */
  neon: boolean | null;
}

/**
 * CPU features from the text of Linux's `/proc/cpuinfo`: the `flags` line on
 * x86 (`avx2`, `avx512f`) and the `Features` line on ARM (`asimd`). Unknown
 * features are null (another OS, or no cpuinfo).
 * @param cpuinfo - the file's text, or "" when it cannot be read.
 * @param arch - `process.arch`.
 */
export function cpuFeatures(cpuinfo: string, arch: string): Pick<CpuFacts, "avx2" | "avx512" | "neon"> {
  const line = /^(?:flags|Features)\s*:\s*(.*)$/m.exec(cpuinfo)?.[1];
  const has = line ? new Set(line.trim().split(/\s+/)) : null;
  const x86 = arch === "x64" || arch === "ia32";
  return {
    avx2: x86 && has ? has.has("avx2") : null,
    avx512: x86 && has ? has.has("avx512f") : null,
    neon: arch === "arm64" && has ? has.has("asimd") : null,
  };
}

/** The CPU model name from `/proc/cpuinfo` (`model name`, or ARM's `Model`/`CPU part`), or null. */
export function cpuModelOf(cpuinfo: string): string | null {
  return /^(?:model name|Model|Hardware)\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? null;
}

/** One finding of `almanac doctor`: `fail` stops Almanac from working, `warn` costs speed or capacity. */
export interface HardwareCheck {
  level: "ok" | "warn" | "fail";
  message: string;
}

/**
 * Checks the machine against what Almanac's native parts need.
 * - x86-64 without AVX2: LanceDB's Linux build stops with "Illegal instruction" (SIGILL) on start.
 * - less than 1 GiB of free memory: a chat model beside the index will not fit.
 * - 32-bit ARM or x86: no LanceDB or node-llama-cpp binaries exist for it.
 * @param platform - `process.platform`.
 */
export function hardwareChecks(cpu: CpuFacts, freeBytes: number, platform: string): HardwareCheck[] {
  const checks: HardwareCheck[] = [];
  if (cpu.arch === "arm" || cpu.arch === "ia32")
    checks.push({
      level: "fail",
      message: `${cpu.arch} is 32-bit: LanceDB and node-llama-cpp ship 64-bit builds only (install a 64-bit OS; on a Raspberry Pi, Raspberry Pi OS 64-bit)`,
    });
  if (cpu.arch === "x64" && platform === "linux") {
    if (cpu.avx2 === false)
      checks.push({
        level: "fail",
        message:
          "this CPU lacks AVX2: LanceDB's x86-64 Linux build needs it (Intel Haswell or AMD Excavator, 2013–2015, or newer) and would stop with 'Illegal instruction'",
      });
    else if (cpu.avx2) checks.push({ level: "ok", message: "AVX2 present (LanceDB's x86-64 build needs it)" });
  }
  if (cpu.arch === "arm64" && cpu.neon === false)
    checks.push({ level: "warn", message: "no Advanced SIMD (NEON) reported: llama.cpp will be slow" });
  if (freeBytes < 1024 ** 3)
    checks.push({
      level: "warn",
      message: `only ${(freeBytes / 1024 ** 2).toFixed(0)} MB of memory free: BM25 search works, but a chat model will not fit`,
    });
  return checks;
}

let cpu: CpuFacts | null = null;

/** The CPU, read once from `/proc/cpuinfo` where there is one (Linux) and `os.cpus()` otherwise. */
export function readCpu(): CpuFacts {
  if (cpu) return cpu;
  let cpuinfo = "";
  try {
    cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    // Not Linux: the features stay unknown.
  }
  const all = cpus();
  cpu = {
    model: cpuModelOf(cpuinfo) ?? all[0]?.model ?? "unknown",
    cores: all.length,
    arch: process.arch,
    ...cpuFeatures(cpuinfo, process.arch),
  };
  return cpu;
}
