import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { BOOKS, fixtureModels, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

describe("uploading a GGUF model from the status page", () => {
  const tmp = tempDir();
  const models = join(tmp.dir, "models");
  let app: Almanac;
  let close: () => Promise<void>;
  let base: string;
  before(async () => {
    mkdirSync(models);
    const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
    app = await openTestApp(tmp.dir, lib, models, { maxModelUploadMb: 1 });
    ({ base, close } = await serveApp(app));
  });
  after(async () => {
    await close?.();
    tmp.cleanup();
  });

  /** Posts one file as the page's form does (same-origin, so the CSRF check passes). */
  const upload = (path: string, name: string, bytes: Uint8Array) => {
    const form = new FormData();
    form.append("file", new Blob([bytes]), name);
    return fetch(`${base}${path}`, { method: "POST", body: form, headers: { origin: base }, redirect: "manual" });
  };
  const folder = () => readdirSync(models).sort();

  // A timeout: node-llama-cpp alone never returns on the broken header below.
  it("rejects a file that is not a GGUF with the reason, and keeps nothing", { timeout: 60_000 }, async () => {
    const res = await upload("/status/models/upload", "weights.gguf", new TextEncoder().encode("<html>not a model"));
    assert.equal(res.status, 400);
    assert.match(await res.text(), /weights\.gguf is not a GGUF model: it does not start with &quot;GGUF&quot;/);
    // A GGUF magic with a broken header behind it is caught by the header read.
    const broken = await upload("/api/models/upload", "broken.gguf", new TextEncoder().encode("GGUF\u0003garbage"));
    assert.equal(broken.status, 400);
    assert.match(((await broken.json()) as { error: { message: string } }).error.message, /not a readable GGUF/);
    const wrongName = await upload("/status/models/upload", "notes.txt", new Uint8Array(10));
    assert.equal(wrongName.status, 400);
    assert.deepEqual(folder(), [], "no temporary file left behind");
  });

  it("refuses a file over maxModelUploadMb", async () => {
    const big = new Uint8Array(1024 * 1024 + 10);
    big.set(new TextEncoder().encode("GGUF"));
    const res = await upload("/api/models/upload", "big.gguf", big);
    assert.equal(res.status, 413);
    assert.deepEqual(folder(), []);
  });

  it("refuses a GGUF header with no tensors (28 bytes: a sound header and nothing to run)", async () => {
    const empty = Buffer.alloc(28);
    empty.write("GGUF", 0, "ascii");
    empty.writeUInt32LE(3, 4); // version; tensor and metadata counts stay 0
    const res = await upload("/api/models/upload", "empty.gguf", empty);
    assert.equal(res.status, 400);
    assert.match(
      ((await res.json()) as { error: { message: string } }).error.message,
      /empty\.gguf .*holds no tensors/,
    );
    assert.deepEqual(folder(), []);
  });

  it("saves a fixture GGUF, lists it on the page and in the API, and never overwrites one", async () => {
    const bytes = readFileSync(join(fixtureModels(), "tiny-chat.gguf"));
    const res = await upload("/status/models/upload", "../tiny chat.gguf", bytes);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/status?uploaded=tiny-chat#models");
    assert.deepEqual(folder(), ["tiny-chat.gguf"]);
    assert.ok(readFileSync(join(models, "tiny-chat.gguf")).equals(bytes));
    const page = await (await fetch(`${base}/status?uploaded=tiny-chat`, { headers: { accept: "text/html" } })).text();
    assert.match(page, /tiny-chat\.gguf is in the models folder/);
    assert.match(page, /<td>tiny-chat<div class="meta">llama · 150K parameters · F32/);
    assert.match(page, /name="file" value="tiny-chat\.gguf"/, "offered for chat at once");
    const listed = (await (await fetch(`${base}/api/models`)).json()) as { data: Array<{ id: string; role: string }> };
    assert.deepEqual(
      listed.data.map((m) => [m.id, m.role]),
      [["tiny-chat", "chat"]],
    );
    const again = await upload("/api/models/upload", "tiny-chat.gguf", bytes);
    assert.equal(again.status, 409);
    assert.deepEqual(folder(), ["tiny-chat.gguf"]);
  });

  it("refuses a form post from another site (CSRF)", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(8)]), "x.gguf");
    const res = await fetch(`${base}/status/models/upload`, {
      method: "POST",
      body: form,
      headers: { origin: "http://evil.example" },
    });
    assert.equal(res.status, 403);
  });
});
