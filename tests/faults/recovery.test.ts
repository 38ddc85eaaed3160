import assert from "node:assert/strict";
import { cpSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { BOOKS, tempDir } from "../helpers.js";
import {
  getStatus,
  ownForServer,
  runCli,
  type ServerProcess,
  searchPaths,
  startAlmanac,
  waitIdle,
  waitUntil,
} from "./harness.js";

describe("fault suite: missing folders and a second process never cost the index", () => {
  const tmp = tempDir("almanac-recovery-");
  const lib = join(tmp.dir, "library");
  const env = {
    ALMANAC_LIBRARY: lib,
    ALMANAC_DATA_DIR: join(tmp.dir, "data"),
    ALMANAC_MODELS_DIR: join(tmp.dir, "no-models"),
    ALMANAC_LIBRARY_RETRY_MS: "500",
    ALMANAC_CONFIRM_DELETE_MS: "500",
    ALMANAC_WATCH_DEBOUNCE_MS: "200",
  };
  let server: ServerProcess;
  let indexed = 0;

  before(async () => {
    mkdirSync(join(lib, "survival"), { recursive: true });
    mkdirSync(join(lib, "radio"), { recursive: true });
    cpSync(join(BOOKS, "Water.md"), join(lib, "survival", "Water.md"));
    cpSync(join(BOOKS, "Fire.md"), join(lib, "survival", "Fire.md"));
    cpSync(join(BOOKS, "nwr.md"), join(lib, "radio", "nwr.md"));
    ownForServer(tmp.dir);
    server = await startAlmanac(env);
    indexed = (await waitIdle(server.base)).documents.indexed ?? 0;
    assert.equal(indexed, 3);
  });
  after(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it("a second process refuses to index beside the server, and answers read-only", async () => {
    const index = await runCli(env, ["index"]);
    assert.equal(index.code, 1);
    assert.match(index.stderr, /in use by almanac serve \(pid \d+, http:\/\/127\.0\.0\.1:\d+\/\)/);
    const ask = await runCli(env, ["ask", "how do I purify water"]);
    assert.equal(ask.code, 0, ask.stderr);
    assert.match(ask.stderr, /answering from its index/);
    assert.match(ask.stdout, /survival\/Water\.md/);
    // Each source line is followed by its reader link, which opens on the server with the passage highlighted.
    const link = /http:\/\/[\d.]+:\d+(\/read\/[0-9a-f]{16}\?start=\d+&end=\d+)#passage/.exec(ask.stdout);
    assert.ok(link, ask.stdout);
    assert.match(await (await fetch(`${server.base}${link[1]}`)).text(), /<mark id="passage">/);
    assert.equal((await searchPaths(server.base, "purify water"))[0], "survival/Water.md");
  });

  it("keeps a vanished collection's books and says so", async () => {
    rmSync(join(lib, "radio"), { recursive: true, force: true });
    await waitUntil(
      async () => (await getStatus(server.base)).library.missingCollections.includes("radio"),
      "the missing collection to be reported",
    );
    await waitIdle(server.base);
    assert.equal((await getStatus(server.base)).documents.indexed, indexed);
    assert.ok((await searchPaths(server.base, "weather radio frequency")).includes("radio/nwr.md"));
  });

  it("keeps everything when the library root disappears, and resumes when it returns", async () => {
    renameSync(lib, `${lib}.away`);
    await waitUntil(async () => !(await getStatus(server.base)).library.available, "the library to be unavailable");
    const s = await getStatus(server.base);
    assert.match(s.library.reason ?? "", /does not exist; nothing was deleted/);
    assert.equal(s.documents.indexed, indexed);
    assert.equal((await searchPaths(server.base, "purify water"))[0], "survival/Water.md");
    renameSync(`${lib}.away`, lib);
    cpSync(join(BOOKS, "nwr.md"), join(lib, "survival", "nwr-copy.md"));
    ownForServer(lib);
    await waitUntil(async () => (await getStatus(server.base)).library.available, "the library to come back");
    await waitUntil(
      async () => (await searchPaths(server.base, "weather radio frequency")).includes("survival/nwr-copy.md"),
      "indexing to resume on the returned folder",
    );
  });

  it("the CLI refuses a mistyped library and deletes nothing when the folder is missing", async () => {
    assert.equal(await server.stop(), 0);
    const typo = await runCli({ ...env, ALMANAC_LIBRARY: "/nonexistent/dir" }, ["ask", "water"]);
    assert.equal(typo.code, 1);
    assert.match(typo.stderr, /was built from .*library; to index \/nonexistent\/dir instead, pass --reset/);
    renameSync(lib, `${lib}.away`);
    const missing = await runCli(env, ["ask", "how do I purify water"]);
    assert.equal(missing.code, 0, missing.stderr);
    assert.match(missing.stderr, /library folder .* is unavailable: does not exist; nothing was deleted/);
    assert.match(missing.stdout, /survival\/Water\.md/);
    renameSync(`${lib}.away`, lib);
    const status = await runCli(env, ["status"]);
    assert.equal((JSON.parse(status.stdout) as { documents: { indexed: number } }).documents.indexed, indexed + 1);
  });
});
