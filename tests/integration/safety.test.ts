import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { openStateDb } from "../../src/state/db.js";
import { SessionStore } from "../../src/state/sessions.js";
import { CHUNKS_TABLE, ChunkStore } from "../../src/store/chunk-store.js";
import { tempDir } from "../helpers.js";

describe("sign-in sessions", () => {
  it("keeps sessions until they expire, and stores only their hash", () => {
    const tmp = tempDir();
    const db = openStateDb(join(tmp.dir, "state.sqlite"));
    const store = new SessionStore(db, 1000);
    const { id, expiresAt } = store.create(7, 10_000);
    assert.equal(expiresAt, 11_000);
    assert.equal(store.userOf(id, 10_500), 7);
    assert.equal(store.userOf(id, 11_001), undefined);
    assert.equal(store.userOf("forged", 10_500), undefined);
    assert.equal(JSON.stringify(db.$client.prepare("SELECT * FROM sessions").all()).includes(id), false);
    store.delete(id);
    assert.equal(store.userOf(id, 10_500), undefined);
    const a = store.create(7, 10_000).id;
    const b = store.create(7, 10_000).id;
    const other = store.create(8, 10_000).id;
    assert.equal(store.deleteAllFor(7), 2);
    assert.deepEqual(
      [store.userOf(a, 10_500), store.userOf(b, 10_500), store.userOf(other, 10_500)],
      [undefined, undefined, 8],
    );
    db.$client.close();
    tmp.cleanup();
  });
});

describe("a chunks table left half-created by a kill", () => {
  it("is made again when its folder has no committed version, and refused read-only", async () => {
    const tmp = tempDir();
    try {
      const dir = join(tmp.dir, "lancedb");
      // What a SIGKILL during createEmptyTable leaves: the table folder, no _versions.
      mkdirSync(join(dir, `${CHUNKS_TABLE}.lance`, "data"), { recursive: true });
      await assert.rejects(ChunkStore.open(dir, null, { readOnly: true }), /could not be loaded|not found|no index/i);
      const { store } = await ChunkStore.open(dir, null);
      assert.equal(await store.count(), 0);
      store.close();
      const again = await ChunkStore.open(dir, null);
      assert.equal(await again.store.count(), 0, "and opens normally afterwards");
      again.store.close();
    } finally {
      tmp.cleanup();
    }
  });

  it("is made again when the kill came after its _versions folder but before the first manifest", async () => {
    const tmp = tempDir();
    try {
      const dir = join(tmp.dir, "lancedb");
      // Seen in a clean-clone CI run of the kill -9 fault suite: "Table 'chunks' exists but could not be loaded".
      mkdirSync(join(dir, `${CHUNKS_TABLE}.lance`, "_versions"), { recursive: true });
      const { store } = await ChunkStore.open(dir, null);
      assert.equal(await store.count(), 0);
      store.close();
    } finally {
      tmp.cleanup();
    }
  });
});
