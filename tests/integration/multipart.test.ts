import assert from "node:assert/strict";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { BOOKS, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

const BOUNDARY = "almanacTestBoundary";
const typed = `multipart/form-data; boundary=${BOUNDARY}`;

/** One file part, written by hand so that names and framing can be anything a hostile client sends. */
const part = (field: string, filename: string, content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
  `Content-Type: application/octet-stream\r\n\r\n${content}\r\n`;
const end = `--${BOUNDARY}--\r\n`;

/** Bodies no multipart parser can read, each with the content type it is sent under. */
function brokenBodies(field: string, ext: string): Array<[string, string, string]> {
  return [
    ["no boundary in the content type", "multipart/form-data", `--${BOUNDARY}\r\nstuff`],
    ["no boundary in the body", typed, "garbage with no boundary at all"],
    ["a CRLF in the file name", typed, part(field, `a\r\nb.${ext}`, "GGUF hello") + end],
    [
      "a part cut off after its headers",
      typed,
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="a.${ext}"\r\n`,
    ],
    ["a body with no closing boundary", typed, part(field, `a.${ext}`, "GGUF hello")],
  ];
}

describe("malformed multipart bodies get a 400, never a 500 or a dead server", () => {
  const tmp = tempDir();
  const models = join(tmp.dir, "models");
  let app: Almanac;
  let close: () => Promise<void>;
  let base: string;
  let lib: string;
  before(async () => {
    mkdirSync(models);
    lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
    app = await openTestApp(tmp.dir, lib, models);
    ({ base, close } = await serveApp(app));
  });
  after(async () => {
    await close?.();
    tmp.cleanup();
  });
  const post = (path: string, type: string, body: string) =>
    fetch(`${base}${path}`, { method: "POST", headers: { origin: base, "content-type": type }, body });
  const alive = async () => assert.equal((await fetch(`${base}/health`)).status, 200, "the server still answers");

  it("the model upload (busboy), on the API and on the status page", async () => {
    for (const [what, type, body] of brokenBodies("file", "gguf")) {
      const res = await post("/api/models/upload", type, body);
      const text = await res.text();
      assert.equal(res.status, 400, `${what}: ${text}`);
      assert.match(
        (JSON.parse(text) as { error: { message: string } }).error.message,
        /not well-formed multipart\/form-data|not a readable GGUF/,
        what,
      );
      await alive();
      const page = await post("/status/models/upload", type, body);
      assert.equal(page.status, 400, `${what} (status page): ${await page.text()}`);
      await alive();
    }
    assert.deepEqual(readdirSync(models), [], "nothing left in the models folder");
  });

  it("the library upload", async () => {
    for (const [what, type, body] of brokenBodies("files", "md")) {
      const res = await post("/library/upload", type, body);
      const text = await res.text();
      assert.equal(res.status, 400, `${what}: ${text.slice(0, 200)}`);
      assert.match(text, /not well-formed multipart\/form-data|Choose one or more books/, what);
      await alive();
    }
  });

  it("a NUL or path parts in a file name are cleaned, and the file stays in its collection", async () => {
    const res = await post(
      "/library/upload",
      typed,
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="collection"\r\n\r\nsurvival\r\n` +
        part("files", "nul\u0000name.md", "# One\n\nText.") +
        part("files", "../../../escape.md", "# Two\n\nText.") +
        end,
    );
    assert.equal(res.status, 200, await res.text());
    assert.deepEqual(readdirSync(join(lib, "survival")).sort(), ["Water.md", "escape.md", "nulname.md"]);
    assert.deepEqual(readdirSync(join(tmp.dir)).includes("escape.md"), false);
    const model = await post("/api/models/upload", typed, part("file", "../../x\u0000y.gguf", "not a model") + end);
    assert.equal(model.status, 400);
    assert.deepEqual(readdirSync(models), []);
    await alive();
  });
});
