import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { BOOKS, makeLibrary, tempDir } from "../helpers.js";
import { ownForServer, runCli, type ServerProcess, startAlmanac, waitIdle } from "./harness.js";

describe("fault suite: the CLI beside a running server", () => {
  const tmp = tempDir("almanac-cli-server-");
  const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
  const data = join(tmp.dir, "data");
  const env = { ALMANAC_LIBRARY: lib, ALMANAC_DATA_DIR: data, ALMANAC_MODELS_DIR: join(tmp.dir, "models") };
  let server: ServerProcess;

  before(async () => {
    ownForServer(tmp.dir);
    server = await startAlmanac(env);
    await waitIdle(server.base);
  });
  after(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it("ask goes to the server: the question is in the server's history, and the links carry its port", async () => {
    const port = new URL(server.base).port;
    assert.notEqual(port, "8080");
    const run = await runCli(env, ["ask", "How long should I boil water?"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`asking the server at http://127\\.0\\.0\\.1:${port}`));
    assert.match(run.stdout, /Sources:/);
    assert.match(run.stdout, new RegExp(`http://127\\.0\\.0\\.1:${port}/read/`), "reader links on the server's port");
    assert.doesNotMatch(run.stdout, /:8080\//);

    // The server kept the exchange, under the key it left for the CLI in its data folder.
    const key = readFileSync(join(data, "local.key"), "utf8").trim();
    const list = (await (
      await fetch(`${server.base}/api/conversations`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { data: Array<{ title: string }> };
    assert.ok(
      list.data.some((c) => /boil water/i.test(c.title)),
      JSON.stringify(list),
    );
  });

  it("search and status answer from the server; status is its own view, not a second copy's", async () => {
    const search = await runCli(env, ["search", "purify water"]);
    assert.equal(search.code, 0, search.stderr);
    assert.match(search.stdout, /^1\. \d\.\d{3} {2}.*Water/m);
    const status = await runCli(env, ["status", "--json"]);
    assert.equal(status.code, 0, status.stderr);
    const body = JSON.parse(status.stdout) as { uptimeSeconds: number; documents: { indexed: number } };
    assert.ok(body.documents.indexed >= 1);
    assert.ok(body.uptimeSeconds >= 1, "the server's uptime, not a fresh process's");
    assert.match(status.stderr, /asking the server/);
  });

  it("with the server stopped, the key is gone and the CLI answers from the index itself", async () => {
    await server.stop();
    assert.equal(existsSync(join(data, "local.key")), false, "the local key lives only as long as the server");
    const run = await runCli(env, ["ask", "How long should I boil water?"]);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /asking the server/);
    assert.match(run.stdout, /Sources:/);
  });
});
