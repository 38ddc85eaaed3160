import assert from "node:assert/strict";
import { cpSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { planReset } from "../../src/library/reset.js";
import { LibraryUnavailableError, scanLibrary } from "../../src/library/scan.js";
import { BOOKS, tempDir } from "../helpers.js";
import {
  getStatus,
  ownForServer,
  runCli,
  type ServerProcess,
  type StatusBody,
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

  it("a second process refuses to index beside the server, and asks the server instead", async () => {
    const index = await runCli(env, ["index"]);
    assert.equal(index.code, 1);
    assert.match(index.stderr, /in use by almanac serve \(pid \d+, http:\/\/127\.0\.0\.1:\d+\/\)/);
    const ask = await runCli(env, ["ask", "how do I purify water"]);
    assert.equal(ask.code, 0, ask.stderr);
    assert.match(ask.stderr, /asking the server at http:\/\/127\.0\.0\.1:\d+/);
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
    const status = await runCli(env, ["status", "--json"]);
    assert.equal((JSON.parse(status.stdout) as { documents: { indexed: number } }).documents.indexed, indexed + 1);
  });

  it("--reset refuses a missing or empty library folder, deletes nothing, and says what it drops when it goes ahead", async () => {
    const data = env.ALMANAC_DATA_DIR;
    const counts = async () => {
      const s = await runCli(env, ["status", "--json"]);
      assert.equal(s.code, 0, s.stderr);
      const body = JSON.parse(s.stdout) as StatusBody;
      return { documents: body.documents.indexed, chunks: body.chunks };
    };
    const before = await counts();
    assert.equal(before.documents, indexed + 1);
    const kept = `nothing was deleted: the index in ${data} still holds its ${before.documents} documents`;

    renameSync(lib, `${lib}.away`);
    const missing = await runCli(env, ["--reset", "status"]);
    assert.equal(missing.code, 1);
    assert.equal(
      missing.stderr,
      `almanac: --reset refused: library folder ${lib} is unavailable: does not exist; ${kept}\n`,
    );
    assert.deepEqual(await counts(), before);
    const ask = await runCli(env, ["ask", "how do I purify water"]);
    assert.equal(ask.code, 0, ask.stderr);
    assert.match(ask.stdout, /survival\/Water\.md/);

    // An empty mount point: files the scanner ignores or cannot index do not count as books.
    mkdirSync(lib);
    writeFileSync(join(lib, ".DS_Store"), "");
    writeFileSync(join(lib, "notes.xyz"), "not a book");
    ownForServer(lib);
    const empty = await runCli(env, ["--reset", "index"]);
    assert.equal(empty.code, 1);
    assert.equal(empty.stderr, `almanac: --reset refused: library folder ${lib} holds no book files; ${kept}\n`);
    assert.deepEqual(await counts(), before);
    rmSync(lib, { recursive: true });

    renameSync(`${lib}.away`, lib);
    const books = (await scanLibrary(lib)).files.size;
    const reset = await runCli(env, ["--reset", "index"]);
    assert.equal(reset.code, 0, reset.stderr);
    const logged = reset.stderr
      .split("\n")
      .flatMap((line) => (line.startsWith("{") ? [(JSON.parse(line) as { msg: string }).msg] : []));
    assert.ok(
      logged.includes(
        `--reset: dropping the index of ${before.documents} documents; indexing the ${books} book files of ${lib} again`,
      ),
      reset.stderr,
    );
    assert.match(reset.stdout, new RegExp(`^indexed ${books} documents`));
  });
});

describe("--reset's decision", () => {
  const facts = { libraryDir: "/lib", dataDir: "/data", documents: 1, builtFrom: "/lib" };
  const listing = (files: string[], unreadable: Array<[string, string]> = []) => ({
    files: new Set(files),
    listed: new Set([""]),
    unreadable: new Map(unreadable),
  });

  it("refuses a library with an unreadable sub-folder: its books could not be indexed again", () => {
    assert.throws(() => planReset({ ...facts, library: listing(["a.md"], [["radio", "permission denied"]]) }), {
      name: "ResetRefusedError",
      message:
        "--reset refused: library folder /lib has sub-folders that cannot be read (radio: permission denied); nothing was deleted: the index in /data still holds its 1 document",
    });
  });

  it("names the folder an index came from when it is pointed at another, and drops nothing from an empty index", () => {
    assert.equal(
      planReset({ ...facts, documents: 2, builtFrom: "/old", library: listing(["a.md"]) }),
      "--reset: dropping the index of 2 documents built from /old; indexing the 1 book file of /lib",
    );
    assert.equal(
      planReset({ ...facts, documents: 0, library: new LibraryUnavailableError("/lib", "does not exist") }),
      "--reset: the index in /data holds no documents, so nothing is dropped",
    );
  });
});
