import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cpuFeatures, cpuModelOf, hardwareChecks } from "../../src/models/hardware.js";

const X86 = `processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Core(TM) i5-4590 CPU @ 3.30GHz
flags\t\t: fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 bmi2
`;
const OLD_X86 = X86.replace(" avx2", "").replace("i5-4590", "i5-2400");
const PI5 = `processor\t: 0
BogoMIPS\t: 108.00
Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp
CPU part\t: 0xd0b
Model\t\t: Raspberry Pi 5 Model B Rev 1.0
`;

describe("hardware report", () => {
  it("reads AVX2, AVX-512 and NEON from /proc/cpuinfo", () => {
    assert.deepEqual(cpuFeatures(X86, "x64"), { avx2: true, avx512: false, neon: null });
    assert.deepEqual(cpuFeatures(OLD_X86, "x64"), { avx2: false, avx512: false, neon: null });
    assert.deepEqual(cpuFeatures(PI5, "arm64"), { avx2: null, avx512: null, neon: true });
    assert.deepEqual(cpuFeatures("", "x64"), { avx2: null, avx512: null, neon: null });
    assert.equal(cpuModelOf(X86), "Intel(R) Core(TM) i5-4590 CPU @ 3.30GHz");
    assert.equal(cpuModelOf(PI5), "Raspberry Pi 5 Model B Rev 1.0");
  });

  it("fails a CPU that LanceDB cannot run on before anything loads, and warns when memory is short", () => {
    const cpu = (text: string, arch: string) => ({ model: "x", cores: 4, arch, ...cpuFeatures(text, arch) });
    const levels = (text: string, arch: string, free = 8 * 1024 ** 3) =>
      hardwareChecks(cpu(text, arch), free, "linux").map((k) => k.level);
    assert.deepEqual(levels(X86, "x64"), ["ok"]);
    assert.deepEqual(levels(OLD_X86, "x64"), ["fail"]);
    assert.match(
      hardwareChecks(cpu(OLD_X86, "x64"), 8 * 1024 ** 3, "linux")[0]?.message ?? "",
      /AVX2.*Illegal instruction/,
    );
    assert.deepEqual(levels(PI5, "arm64"), []);
    assert.deepEqual(levels(PI5, "arm"), ["fail"]);
    assert.deepEqual(levels(PI5, "arm64", 512 * 1024 ** 2), ["warn"]);
  });
});
