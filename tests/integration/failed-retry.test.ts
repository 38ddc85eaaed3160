import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startServer } from "../../src/http/server.js";
import { setMeta } from "../../src/state/db.js";
import { listDocuments, updateDocument } from "../../src/state/documents.js";
import { BOOKS, makeLibrary, openTestApp, tempDir } from "../helpers.js";

const PASSWORD = "correct horse battery";

/** A failed file keeps its reason, size and time, is not read again at each start, and the library offers Retry. */
describe("failed files", () => {
  const tmp = tempDir();
  let lib: string;
  const failedRows = async () => {
    const app = await openTestApp(tmp.dir, lib, null);
    await app.indexer.reconcile();
    const rows = listDocuments(app.db).filter((d) => d.status === "failed");
    return { app, rows: new Map(rows.map((r) => [r.path, r])) };
  };
  before(() => {
    lib = makeLibrary(tmp.dir, { "manuals/Water.md": join(BOOKS, "Water.md") });
    writeFileSync(join(lib, "manuals", "broken.zim"), Buffer.alloc(4096, 7));
    writeFileSync(join(lib, "manuals", "broken.pdf"), "%PDF-1.7\nnot really a PDF");
  });
  after(() => tmp.cleanup());

  it("are not read again at the next start, until they change or a person asks", async () => {
    const first = await failedRows();
    await first.app.close();
    assert.deepEqual([...first.rows.keys()].sort(), ["manuals/broken.pdf", "manuals/broken.zim"]);
    assert.match(first.rows.get("manuals/broken.zim")?.error ?? "", /not a ZIM file/);
    assert.equal(first.rows.get("manuals/broken.zim")?.size, 4096, "its size is kept");

    const second = await failedRows();
    for (const [path, row] of second.rows)
      assert.equal(row.updatedAt, first.rows.get(path)?.updatedAt, `${path} was read again at start`);

    const server = await startServer(second.app.services, "127.0.0.1", 0);
    const base = `http://127.0.0.1:${server.port}`;
    try {
      await second.app.users.create("admin1", PASSWORD, "admin");
      const login = await fetch(`${base}/login`, {
        method: "POST",
        body: new URLSearchParams({ name: "admin1", password: PASSWORD }),
        headers: { origin: base },
        redirect: "manual",
      });
      const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
      const page = await (await fetch(`${base}/library`, { headers: { cookie } })).text();
      const zim = second.rows.get("manuals/broken.zim");
      assert.match(page, new RegExp(`action="/library/${zim?.id}/reindex"><button[^>]*>Retry</button>`));
      assert.match(page, /Re-index<\/button>/, "an indexed book keeps Re-index");
      await new Promise((wait) => setTimeout(wait, 5));
      const retried = await fetch(`${base}/library/${zim?.id}/reindex`, {
        method: "POST",
        headers: { cookie, origin: base },
        redirect: "manual",
      });
      assert.ok(retried.status < 400, `Retry answered ${retried.status}`);
      await second.app.indexer.drain();
      const after = listDocuments(second.app.db).find((d) => d.path === "manuals/broken.zim");
      assert.equal(after?.status, "failed");
      assert.ok((after?.updatedAt ?? 0) > (zim?.updatedAt ?? 0), "Retry read it again");
    } finally {
      await server.close();
      await second.app.close();
    }
  });

  it("reads again a document an older index left indexed with nothing and no warning", async () => {
    const first = await failedRows();
    updateDocument(first.app.db, "manuals/Water.md", { chunkCount: 0, warning: null });
    await first.app.close();
    const second = await failedRows();
    try {
      const water = listDocuments(second.app.db).find((d) => d.path === "manuals/Water.md");
      assert.equal(water?.status, "indexed");
      assert.ok((water?.chunkCount ?? 0) > 0, "read again, with its chunks");
    } finally {
      await second.app.close();
    }
  });

  it("reads failed files once more when Almanac's format readers are newer than the ones that failed them", async () => {
    const first = await failedRows();
    setMeta(first.app.db, "readers_version", "1");
    await first.app.close();
    await new Promise((wait) => setTimeout(wait, 5));
    const second = await failedRows();
    await second.app.close();
    for (const [path, row] of second.rows)
      assert.ok(row.updatedAt > (first.rows.get(path)?.updatedAt ?? 0), `${path} was not read again`);
    const third = await failedRows();
    await third.app.close();
    for (const [path, row] of third.rows) assert.equal(row.updatedAt, second.rows.get(path)?.updatedAt, "only once");
  });
});
