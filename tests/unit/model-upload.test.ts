import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { uploadedModelName } from "../../src/models/upload.js";

describe("uploadedModelName", () => {
  it("keeps a plain .gguf name and nothing that could leave the folder", () => {
    assert.equal(uploadedModelName("Qwen2.5 1.5B (Q4_K_M).gguf"), "Qwen2.5-1.5B-Q4_K_M-.gguf");
    assert.equal(uploadedModelName("C:\\models\\..\\tiny.gguf"), "tiny.gguf");
    assert.equal(uploadedModelName("../../../etc/.hidden.gguf"), "hidden.gguf");
    assert.throws(() => uploadedModelName("model.bin"), /does not name a \.gguf file/);
    assert.throws(() => uploadedModelName(".gguf"), /does not name a \.gguf file/);
  });
});
