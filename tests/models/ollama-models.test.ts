import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Ollama } from "ollama";
import { BOOKS, fixtureModels, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

describe("the Ollama-compatible API on the fixture models, with the ollama client", () => {
  it("embeds with /api/embed and /api/embeddings, and chats with the chat model's own id, streamed", async () => {
    const tmp = tempDir();
    const app = await openTestApp(
      tmp.dir,
      makeLibrary(tmp.dir, { "s/Water.md": join(BOOKS, "Water.md") }),
      fixtureModels(),
    );
    const { base, close } = await serveApp(app);
    const ollama = new Ollama({ host: base });
    try {
      const names = (await ollama.list()).models.map((m) => m.name);
      for (const id of ["almanac", "tiny-chat", "tiny-embed"]) assert.ok(names.includes(id), `${id} in ${names}`);
      const embedded = await ollama.embed({ model: "tiny-embed", input: ["boil water", "start a fire"] });
      assert.equal(embedded.embeddings.length, 2);
      const size = app.runtime.embedder?.dims ?? 0;
      assert.ok(size > 0 && embedded.embeddings.every((v) => v.length === size), `${size}-d vectors`);
      const one = await ollama.embeddings({ model: "tiny-embed", prompt: "boil water" });
      assert.deepEqual(one.embedding, embedded.embeddings[0]);

      const parts = await ollama.chat({
        model: "tiny-chat",
        messages: [{ role: "user", content: "Hello" }],
        stream: true,
        options: { num_predict: 5 },
      });
      let chunks = 0;
      let last: { done: boolean; eval_count: number } | undefined;
      for await (const part of parts) {
        chunks++;
        last = part;
      }
      assert.equal(last?.done, true);
      assert.equal(last?.eval_count, 5, "num_predict caps the tokens");
      assert.ok(chunks > 1, `${chunks} NDJSON lines`);
    } finally {
      await close();
      await app.close();
      tmp.cleanup();
    }
  });
});
