import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { accountOwner } from "../../src/http/conversation-owner.js";
import { docIdOf } from "../../src/library/paths.js";
import {
  listTrash,
  moveToTrash,
  purgeTrash,
  restoreFromTrash,
  TrashError,
  trashRoot,
} from "../../src/library/trash.js";
import { BOOKS, makeLibrary, openTestApp, serveApp, tempDir, waitFor } from "../helpers.js";

const DAY_MS = 24 * 3600 * 1000;
const PASSWORD = "correct horse battery";
const WATER = "survival/Water.md";

/** A trash entry written by hand, as an older server (or a crash) would have left it. */
function seedEntry(dataDir: string, trashedAt: Date, file = "old.md"): string {
  const id = `${trashedAt.getTime()}-0123456789abcdef`;
  const dir = join(trashRoot(dataDir), id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), "old book");
  writeFileSync(
    join(dir, "entry.json"),
    JSON.stringify({ originalPath: `old/${file}`, file, trashedAt: trashedAt.toISOString() }),
  );
  return id;
}

describe("remove to the trash, and asking first (served, SQLite and LanceDB in a temp dir)", () => {
  const tmp = tempDir();
  let app: Almanac;
  let base: string;
  let close: () => Promise<void>;
  let lib: string;
  let dataDir: string;
  let admin: string;
  let adminId: number;
  let userId: number;
  let seeded: string;
  const original = readFileSync(join(BOOKS, "Water.md"));

  const post = async (path: string, fields: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { cookie: admin, origin: base },
      redirect: "manual",
    });
    return { status: res.status, location: res.headers.get("location"), html: await res.text() };
  };
  const finds = async () =>
    (await app.retriever.search("still construction", { k: 5 })).some((r) => r.chunk.path === WATER);
  /** Asserts a confirmation page that posts back to `path` with confirm=yes and offers Cancel to `cancel`. */
  const assertAsks = (page: { status: number; html: string }, path: string, cancel: string, title: RegExp) => {
    assert.equal(page.status, 200);
    assert.match(page.html, title);
    assert.ok(page.html.includes(`<form method="post" action="${path}"`), "posts back to the same URL");
    assert.match(page.html, /<input type="hidden" name="confirm" value="yes"/);
    assert.ok(page.html.includes(`href="${cancel}"`), "Cancel goes back");
    assert.doesNotMatch(page.html, /hx-confirm/);
  };

  before(async () => {
    lib = makeLibrary(tmp.dir, { [WATER]: join(BOOKS, "Water.md"), "survival/Fire.md": join(BOOKS, "Fire.md") });
    dataDir = join(tmp.dir, "data");
    app = await openTestApp(tmp.dir, lib, null, { anonymousRole: "reader" });
    adminId = (await app.users.create("admin1", PASSWORD, "admin")).id;
    userId = (await app.users.create("user1", PASSWORD, "user")).id;
    // An entry past 30 days, there before the server starts: indexing start purges it.
    seeded = seedEntry(dataDir, new Date(Date.now() - 40 * DAY_MS));
    await app.startIndexing(false);
    await app.initialIndex;
    ({ base, close } = await serveApp(app));
    const res = await fetch(`${base}/login`, {
      method: "POST",
      body: new URLSearchParams({ name: "admin1", password: PASSWORD }),
      headers: { origin: base },
      redirect: "manual",
    });
    admin = res.headers.get("set-cookie")?.split(";")[0] ?? "";
    assert.ok(admin, "signed in");
  });
  after(async () => {
    await close();
    tmp.cleanup();
  });

  it("purges trash older than 30 days when indexing starts", async () => {
    await waitFor(async () => (await listTrash(dataDir)).length === 0, "the expired entry to be purged");
    assert.equal(existsSync(join(trashRoot(dataDir), seeded)), false, "its folder is deleted");
  });

  it("asks before removing: the first post changes nothing, the confirmed one moves the book to the trash", async () => {
    const path = `/library/${docIdOf(WATER)}/remove`;
    const library = await (await fetch(`${base}/library`, { headers: { cookie: admin } })).text();
    assert.ok(library.includes(`action="${path}"`), "the library page has the Remove form");
    assert.doesNotMatch(library, /hx-confirm/);

    assertAsks(await post(path), path, "/library", /Remove [^<]*\?/);
    assert.ok(existsSync(join(lib, WATER)), "the book is still in the library");
    assert.deepEqual(await listTrash(dataDir), []);
    assert.ok(await finds(), "still searchable");

    const done = await post(path, { confirm: "yes" });
    assert.equal(done.status, 200);
    assert.match(done.html, /in the trash for 30 days and can be restored from the library page/);
    assert.equal(existsSync(join(lib, WATER)), false, "gone from the library folder");
    const [entry, ...rest] = await listTrash(dataDir);
    assert.equal(rest.length, 0);
    assert.equal(entry?.originalPath, WATER);
    assert.equal(entry?.daysLeft, 30);
    assert.deepEqual(readFileSync(join(trashRoot(dataDir), entry!.id, "Water.md")), original, "the bytes are kept");
    await waitFor(async () => !(await finds()), "search to forget the removed book");

    const page = await (await fetch(`${base}/library`, { headers: { cookie: admin } })).text();
    assert.match(page, /<h2 id="trash-heading">Trash<\/h2>/);
    assert.ok(page.includes(`action="/library/trash/${entry!.id}/restore"`), "a Restore button");
    const reader = await (await fetch(`${base}/library`)).text();
    assert.doesNotMatch(reader, /trash-heading/, "readers do not see the trash");
  });

  it("restores a book from the trash, and it is searchable again", async () => {
    const [entry] = await listTrash(dataDir);
    const res = await post(`/library/trash/${entry!.id}/restore`);
    assert.equal(res.status, 200);
    assert.match(res.html, /Restored survival\/Water\.md; it is queued for indexing/);
    assert.deepEqual(readFileSync(join(lib, WATER)), original);
    assert.deepEqual(await listTrash(dataDir), []);
    await waitFor(finds, "the restored book to be searchable");
  });

  it("never overwrites: a restore onto a file that is back at the path is refused and both copies are kept", async () => {
    assert.equal((await post(`/library/${docIdOf(WATER)}/remove`, { confirm: "yes" })).status, 200);
    const [entry] = await listTrash(dataDir);
    writeFileSync(join(lib, WATER), "a newer Water.md");
    const res = await post(`/library/trash/${entry!.id}/restore`);
    assert.equal(res.status, 400);
    assert.match(res.html, /Not restored: a file is already at survival\/Water\.md/);
    assert.equal(readFileSync(join(lib, WATER), "utf8"), "a newer Water.md");
    assert.equal((await listTrash(dataDir)).length, 1, "the trashed copy is still there");
    for (const bad of ["0000000000000-zzzz", "..", "1234567890123-0123456789abcdeg"]) {
      const r = await post(`/library/trash/${encodeURIComponent(bad)}/restore`);
      assert.ok(r.status === 400 || r.status === 404, `${bad}: ${r.status}`);
    }
    await assert.rejects(restoreFromTrash(dataDir, lib, "../../etc"), TrashError);
  });

  it("asks before deleting a conversation, revoking a key or disabling an account, and acts only on confirm=yes", async () => {
    const conversation = app.conversations.create(accountOwner(adminId), "Water talk");
    const del = `/chat/${conversation.id}/delete`;
    assertAsks(await post(del), del, `/chat/${conversation.id}`, /Delete “Water talk”\?/);
    assert.ok(app.conversations.get(accountOwner(adminId), conversation.id), "kept until confirmed");
    const deleted = await post(del, { confirm: "yes" });
    assert.equal(deleted.status, 303);
    assert.equal(deleted.location, "/chat");
    assert.equal(app.conversations.get(accountOwner(adminId), conversation.id), undefined);

    const own = app.apiKeys.create(adminId, "laptop");
    const ownPath = `/account/keys/${own.info.id}/revoke`;
    assertAsks(await post(ownPath), ownPath, "/account", /Revoke the key “laptop”\?/);
    assert.ok(app.apiKeys.resolve(own.key), "the key still works");
    assert.match((await post(ownPath, { confirm: "yes" })).html, /Key revoked/);
    assert.equal(app.apiKeys.resolve(own.key), undefined);

    const theirs = app.apiKeys.create(userId, "phone");
    const theirPath = `/admin/keys/${theirs.info.id}/revoke`;
    assertAsks(await post(theirPath), theirPath, "/admin/users", /Revoke the key “phone”\?/);
    assert.ok(app.apiKeys.resolve(theirs.key));
    assert.match((await post(theirPath, { confirm: "yes" })).html, /Key revoked/);
    assert.equal(app.apiKeys.resolve(theirs.key), undefined);

    const disable = `/admin/users/${userId}/disable`;
    assertAsks(await post(disable), disable, "/admin/users", /Disable user1\?/);
    assert.equal(app.users.get(userId)?.disabled, false);
    assert.match((await post(disable, { confirm: "yes" })).html, /user1 is disabled/);
    assert.equal(app.users.get(userId)?.disabled, true);
  });
});

describe("trash folder (no server)", () => {
  it("lists newest first with days left, purges entries past 30 days, and skips ids that are not its own", async () => {
    const tmp = tempDir();
    try {
      const lib = makeLibrary(tmp.dir, { "a/One.md": join(BOOKS, "Water.md"), "Two.md": join(BOOKS, "Fire.md") });
      const data = join(tmp.dir, "data");
      const now = Date.now();
      const old = await moveToTrash(data, lib, join(lib, "a/One.md"), "One", new Date(now - 31 * DAY_MS));
      const recent = await moveToTrash(data, lib, join(lib, "Two.md"), undefined, new Date(now - 2.5 * DAY_MS));
      mkdirSync(join(trashRoot(data), "not-an-entry"));
      const listed = await listTrash(data);
      assert.deepEqual(
        listed.map((e) => [e.id, e.originalPath, e.title, e.daysLeft]),
        [
          [recent, "Two.md", undefined, 28],
          [old, "a/One.md", "One", 0],
        ],
      );
      assert.equal(await purgeTrash(data), 1);
      assert.deepEqual(
        (await listTrash(data)).map((e) => e.id),
        [recent],
      );
      assert.ok(existsSync(join(trashRoot(data), "not-an-entry")), "only the trash's own entries are touched");
      assert.equal(await purgeTrash(data, new Date(now + 28 * DAY_MS)), 1, "the other one, once it is 30 days old");
      assert.deepEqual(await listTrash(data), []);
    } finally {
      tmp.cleanup();
    }
  });

  it("moves a split ZIM's later parts with its first, and restores them all", async () => {
    const tmp = tempDir();
    try {
      const lib = makeLibrary(tmp.dir, {});
      mkdirSync(join(lib, "wiki"), { recursive: true });
      for (const part of ["aa", "ab", "ac"]) writeFileSync(join(lib, "wiki", `big.zim${part}`), `part ${part}`);
      const data = join(tmp.dir, "data");
      const id = await moveToTrash(data, lib, join(lib, "wiki", "big.zimaa"), "Big");
      for (const part of ["aa", "ab", "ac"]) assert.equal(existsSync(join(lib, "wiki", `big.zim${part}`)), false, part);
      assert.equal(await restoreFromTrash(data, lib, id), "wiki/big.zimaa");
      for (const part of ["aa", "ab", "ac"])
        assert.equal(readFileSync(join(lib, "wiki", `big.zim${part}`), "utf8"), `part ${part}`);
    } finally {
      tmp.cleanup();
    }
  });

  it("moves across file systems (EXDEV) by copying, and back", async (t) => {
    const shm = "/dev/shm";
    const tmp = tempDir();
    let other: string | undefined;
    try {
      if (!existsSync(shm)) return t.skip("no /dev/shm to put the library on another file system");
      other = mkdtempSync(join(shm, "almanac-lib-"));
      if (statSync(other).dev === statSync(tmp.dir).dev) return t.skip("/dev/shm is on the same file system here");
      const lib = makeLibrary(other, { "Water.md": join(BOOKS, "Water.md") });
      const data = join(tmp.dir, "data");
      const id = await moveToTrash(data, lib, join(lib, "Water.md"));
      assert.equal(existsSync(join(lib, "Water.md")), false);
      assert.equal(await restoreFromTrash(data, lib, id), "Water.md");
      assert.deepEqual(readFileSync(join(lib, "Water.md")), readFileSync(join(BOOKS, "Water.md")));
      assert.deepEqual(await listTrash(data), []);
    } finally {
      if (other) rmSync(other, { recursive: true, force: true });
      tmp.cleanup();
    }
  });
});
