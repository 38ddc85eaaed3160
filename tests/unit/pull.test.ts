import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModelFileError } from "../../src/errors.js";
import { resolvePullSource } from "../../src/models/pull.js";

/** ipull, under node-llama-cpp's downloader, saves progress per 5 MiB chunk: a model must span several to resume. */

/**
 * A loopback model host: HEAD and ranged GET, `X-Linked-Etag` as Hugging Face sends it, and a switch that
 * cuts every ranged response past the first chunk, as a dropped connection would.
 */

describe("resolvePullSource", () => {
  it("reads presets, hf: names and URLs, and refuses anything that is not a plain .gguf name", () => {
    const preset = resolvePullSource("bge-small-en-v1.5");
    assert.equal(preset.preset?.role, "embedding");
    assert.match(preset.url, /^https:\/\/huggingface\.co\/.+\/resolve\/main\/.+q8_0\.gguf$/);
    assert.deepEqual(resolvePullSource("hf:user/repo/sub/Model-Q4_K_M.gguf#dev"), {
      url: "https://huggingface.co/user/repo/resolve/dev/sub/Model-Q4_K_M.gguf",
      fileName: "Model-Q4_K_M.gguf",
    });
    assert.equal(resolvePullSource("https://example.org/m/a.gguf?download=1").fileName, "a.gguf");
    for (const bad of ["nonsense", "ftp://host/a.gguf", "https://host/a.bin", "https://host/..%2F..%2Fetc.gguf"])
      assert.throws(() => resolvePullSource(bad), ModelFileError, bad);
  });
});
