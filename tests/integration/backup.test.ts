import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import * as tar from "tar";
import type { Almanac } from "../../src/app/almanac.js";
import { BackupError, restoreBackup, writeBackup } from "../../src/library/backup.js";
import { listDocuments } from "../../src/state/documents.js";
import { BOOKS, CLI, makeLibrary, openTestApp, tempDir } from "../helpers.js";

const QUESTIONS = ["How do I purify water?", "start a fire with a bow drill", "treat a bleeding wound"];

async function snapshot(app: Almanac) {
  const status = await app.status();
  const answers: string[] = [];
  for (const q of QUESTIONS)
    answers.push((await app.answerer.answer({ messages: [{ role: "user", content: q }] })).text);
  // The chunk counts the state rows claim must agree with the table.
  const claimed = listDocuments(app.db).reduce((n, d) => n + d.chunkCount, 0);
  return { indexed: status.documents.indexed, chunks: status.chunks, claimed, answers };
}

/** The deletion files of every chunks table in a data folder. */
function deletionFiles(dataDir: string): string[] {
  const lance = join(dataDir, "lancedb");
  return readdirSync(lance)
    .map((table) => join(lance, table, "_deletions"))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir));
}

/** Opens a restored data folder on the same library, lets it catch up, and snapshots it. */
async function reopened(root: string, lib: string) {
  const app = await openTestApp(root, lib, null);
  try {
    await app.indexer.reconcile();
    return await snapshot(app);
  } finally {
    await app.close();
  }
}

describe("backup and restore", () => {
  it("a backup taken while indexing restores into a fresh data folder with the same counts and answers", async () => {
    const tmp = tempDir();
    const lib = join(tmp.dir, "library");
    cpSync(resolve("library"), lib, { recursive: true });
    const app = await openTestApp(tmp.dir, lib, null);
    const file = join(tmp.dir, "almanac-backup.tar.gz");
    let reference: Awaited<ReturnType<typeof snapshot>>;
    try {
      const backups: Array<ReturnType<typeof writeBackup>> = [];
      app.indexer.on("document", () => {
        // Mid-run: some books are written, others queued.
        if (backups.length === 0) backups.push(writeBackup(join(tmp.dir, "data"), file));
      });
      await app.indexer.reconcile();
      const summary = await backups[0];
      assert.ok(summary && summary.documents > 0);
      reference = await snapshot(app);
    } finally {
      await app.close();
    }
    try {
      const restored = await restoreBackup(file, join(tmp.dir, "restored", "data"));
      assert.equal(restored.previous, null);
      assert.deepEqual(await reopened(join(tmp.dir, "restored"), lib), reference);
    } finally {
      tmp.cleanup();
    }
  });

  it("a backup while a removed book's rows are marked deleted (LanceDB's deletion files) restores without them", async () => {
    const tmp = tempDir();
    const lib = makeLibrary(tmp.dir, {
      "survival/Water.md": join(BOOKS, "Water.md"),
      "survival/Fire.md": join(BOOKS, "Fire.md"),
      "survival/Weather.md": join(BOOKS, "nwr.md"),
    });
    const data = join(tmp.dir, "data");
    const file = join(tmp.dir, "backup.tar");
    const app = await openTestApp(tmp.dir, lib, null);
    let reference: Awaited<ReturnType<typeof snapshot>>;
    let deletions = -1;
    let backup: ReturnType<typeof spawnSync> | undefined;
    try {
      await app.indexer.reconcile();
      // A new edition of one book: its old rows go, its new ones come.
      writeFileSync(join(lib, "survival/Water.md"), "# Water\n\n## Boiling\n\nA rolling boil for one minute.\n");
      await app.indexer.reconcile();
      // Then another book goes. Its rows share a fragment with the others', so LanceDB marks them deleted in a
      // _deletions file; the maintenance at the end of the run compacts them away. The backup runs in between, in
      // a child process that holds this process (and its indexer) still until it is done.
      rmSync(join(lib, "survival/Fire.md"));
      app.indexer.on("document", (e: { status: string }) => {
        if (e.status !== "removed" || backup) return;
        deletions = deletionFiles(data).length;
        backup = spawnSync(process.execPath, [CLI, "--data", data, "--library", lib, "backup", file], {
          encoding: "utf8",
        });
      });
      await app.indexer.reconcile();
      reference = await snapshot(app);
    } finally {
      await app.close();
    }
    try {
      assert.equal(backup?.status, 0, String(backup?.stderr));
      assert.ok(deletions > 0, "the table held deletion files when the backup ran, or this test checks nothing");
      assert.equal(reference.indexed, 2);
      const restored = await restoreBackup(file, join(tmp.dir, "restored", "data"));
      // A consistent copy needs no repair: the removed book's rows and the old edition's stay deleted.
      assert.deepEqual(
        { requeued: restored.requeued, orphanChunks: restored.orphanChunks, chunks: restored.chunks },
        { requeued: 0, orphanChunks: 0, chunks: reference.chunks },
      );
      assert.deepEqual(await reopened(join(tmp.dir, "restored"), lib), reference);
    } finally {
      tmp.cleanup();
    }
  });

  it("a copy whose chunks disagree with its state is made consistent: mismatched documents re-queued, orphan chunks dropped", async () => {
    const tmp = tempDir();
    const lib = join(tmp.dir, "library");
    cpSync(resolve("library/camping"), join(lib, "camping"), { recursive: true });
    const app = await openTestApp(tmp.dir, lib, null);
    let reference: Awaited<ReturnType<typeof snapshot>>;
    try {
      await app.indexer.reconcile();
      reference = await snapshot(app);
    } finally {
      await app.close();
    }
    const file = join(tmp.dir, "b.tar");
    await writeBackup(join(tmp.dir, "data"), file);
    // What a backup taken mid-write can hold: a state row whose chunk count is off, and chunks with no state row.
    const edit = join(tmp.dir, "edit");
    mkdirSync(edit);
    await tar.x({ file, cwd: edit });
    const db = new Database(join(edit, "almanac.sqlite"));
    const [first, second] = db.prepare("SELECT id FROM documents ORDER BY path").all() as Array<{ id: string }>;
    db.prepare("UPDATE documents SET chunk_count = chunk_count + 1 WHERE id = ?").run(first?.id);
    db.prepare("DELETE FROM documents WHERE id = ?").run(second?.id);
    db.close();
    await tar.c({ file, cwd: edit }, readdirSync(edit));
    try {
      const restored = await restoreBackup(file, join(tmp.dir, "restored", "data"));
      assert.equal(restored.requeued, 1);
      assert.ok(restored.orphanChunks > 0);
      assert.deepEqual(await reopened(join(tmp.dir, "restored"), lib), reference);
    } finally {
      tmp.cleanup();
    }
  });

  it("refuses an archive that is not a backup, and leaves the data folder alone", async () => {
    const tmp = tempDir();
    try {
      const bogus = join(tmp.dir, "bogus.tar");
      writeFileSync(bogus, Buffer.alloc(2048));
      await assert.rejects(restoreBackup(bogus, join(tmp.dir, "data")), BackupError);
      await assert.rejects(restoreBackup(join(tmp.dir, "missing.tar"), join(tmp.dir, "data")), /does not exist/);
    } finally {
      tmp.cleanup();
    }
  });
});
