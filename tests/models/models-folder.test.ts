import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import OpenAI from "openai";
import { BOOKS, fixtureModels, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

/** Polls `check` every 100 ms until it holds, for at most `ms`; resolves with how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - t0;
}

describe("the models folder, watched while the server runs", () => {
  it("lists a GGUF copied in within 5 s, unloaded, and drops it when it is removed", async () => {
    const tmp = tempDir();
    const models = join(tmp.dir, "models");
    mkdirSync(models);
    const app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, { "s/Water.md": join(BOOKS, "Water.md") }), models);
    await app.startIndexing(true);
    const { base, close } = await serveApp(app);
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: "unused", maxRetries: 0 });
    const listed = async () =>
      (await client.models.list()).data as unknown as Array<{ id: string; almanac?: { loaded: boolean } }>;
    try {
      assert.equal(
        (await listed()).some((m) => m.id === "tiny-chat"),
        false,
      );
      copyFileSync(join(fixtureModels(), "tiny-chat.gguf"), join(models, "tiny-chat.gguf"));
      const took = await within(5000, async () => (await listed()).some((m) => m.id === "tiny-chat"));
      assert.ok(took <= 5000, `${took} ms`);
      assert.equal((await listed()).find((m) => m.id === "tiny-chat")?.almanac?.loaded, false, "nothing loads");
      assert.equal(app.runtime.chat, null);
      await assert.rejects(
        client.chat.completions.create({ model: "tiny-chat", messages: [{ role: "user", content: "hi" }] }),
        /in the models folder but not loaded/,
      );
      rmSync(join(models, "tiny-chat.gguf"));
      await within(5000, async () => !(await listed()).some((m) => m.id === "tiny-chat"));
    } finally {
      await close();
      await app.close();
      tmp.cleanup();
    }
  });
});
