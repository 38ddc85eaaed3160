import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import * as lancedb from "@lancedb/lancedb";
import Database from "better-sqlite3";
import { restoreBackup } from "../../src/library/backup.js";
import { CHUNKS_TABLE } from "../../src/store/chunk-store.js";
import { openTestApp, tempDir } from "../helpers.js";
import { ownForServer, runCli, spawnCli } from "./harness.js";

const STAGE = ".almanac-backup-";
const QUESTIONS = ["how do I purify water", "start a fire with a bow drill", "treat a bleeding wound"];

/** A data folder's index in comparable form: state rows, chunk ids, and the chunk ids of a few searches. */
async function snapshot(root: string, lib: string): Promise<string[]> {
  const sqlite = new Database(join(root, "data", "almanac.sqlite"), { readonly: true });
  const rows = sqlite
    .prepare("SELECT path, status, chunk_count, content_hash FROM documents ORDER BY path")
    .all() as Array<Record<string, unknown>>;
  sqlite.close();
  const db = await lancedb.connect(join(root, "data", "lancedb"));
  const table = await db.openTable(CHUNKS_TABLE);
  const ids = ((await table.query().select(["id"]).toArray()) as Array<{ id: string }>).map((r) => r.id).sort();
  table.close();
  db.close();
  const app = await openTestApp(root, lib, null);
  try {
    const searches: string[] = [];
    for (const q of QUESTIONS)
      searches.push(`${q}: ${(await app.retriever.search(q, { k: 5 })).map((r) => r.chunk.id).join(" ")}`);
    return [...rows.map((r) => JSON.stringify(r)), `${ids.length} chunks`, ...ids, ...searches];
  } finally {
    await app.close();
  }
}

const stagesIn = (dir: string, prefix = STAGE) => readdirSync(dir).filter((n) => n.startsWith(prefix));
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/**
 * Runs the CLI with `args` and, when `killAfterMs` is given, SIGKILLs it that
 * long after a stage folder named `<prefix>…` appears in `dir` (polled every
 * millisecond). Resolves with the ms from the stage's appearance to the exit,
 * or null when it never appeared.
 */
function stagedRun(
  env: Record<string, string>,
  args: string[],
  stage: { dir: string; prefix: string },
  killAfterMs?: number,
) {
  const proc = spawnCli(env, args);
  let seenAt: number | null = null;
  const poll = setInterval(() => {
    if (seenAt !== null || stagesIn(stage.dir, stage.prefix).length === 0) return;
    seenAt = Date.now();
    if (killAfterMs !== undefined) setTimeout(() => proc.kill("SIGKILL"), killAfterMs);
  }, 1);
  return new Promise<{ code: number | null; stagedMs: number | null }>((ok) =>
    proc.once("exit", (code) => {
      clearInterval(poll);
      ok({ code, stagedMs: seenAt === null ? null : Date.now() - seenAt });
    }),
  );
}

describe("fault suite: kill -9 during a backup", () => {
  const tmp = tempDir("almanac-backup-kill-");
  const lib = join(tmp.dir, "library");
  const env = {
    ALMANAC_LIBRARY: lib,
    ALMANAC_DATA_DIR: join(tmp.dir, "data"),
    ALMANAC_MODELS_DIR: join(tmp.dir, "no-models"),
  };
  const backups = join(tmp.dir, "backups");
  const target = join(backups, "almanac.tar.gz");
  let reference: string[] = [];
  let restores = 0;

  /** Fails, naming `what`, unless `<root>/data` opens and equals the source (a half folder fails to open). */
  const assertEqualsSource = async (root: string, what: string) => {
    try {
      assert.deepEqual(await snapshot(root, lib), reference);
    } catch (err) {
      throw new Error(`${what}: ${(err as Error).message}`);
    }
  };

  /** Restores `file` into a fresh folder and compares it with the source; the folder is removed after. */
  const assertRestoresEqual = async (file: string, what: string) => {
    const root = join(tmp.dir, `restore-${restores++}`);
    try {
      await restoreBackup(file, join(root, "data")).catch((err: Error) => {
        throw new Error(`${what}: ${err.message}`);
      });
      await assertEqualsSource(root, what);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  /** The shortest of two undisturbed runs' stage lifetimes, so that kills spread over it land inside it. */
  const stageLifetime = async (
    runEnv: Record<string, string>,
    args: string[],
    stage: { dir: string; prefix: string },
  ) => {
    let shortest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 2; i++) {
      const run = await stagedRun(runEnv, args, stage);
      assert.equal(run.code, 0);
      assert.ok(run.stagedMs !== null, "the stage folder was seen");
      shortest = Math.min(shortest, run.stagedMs);
    }
    return shortest;
  };

  before(async () => {
    cpSync(resolve("library"), lib, { recursive: true });
    mkdirSync(backups);
    ownForServer(tmp.dir);
    const index = await runCli(env, ["index"]);
    assert.equal(index.code, 0, index.stderr);
    reference = await snapshot(tmp.dir, lib);
    ownForServer(join(tmp.dir, "data"));
  });
  after(() => tmp.cleanup());

  it("leaves the previous archive or none, never a truncated one, at each of 10 kills; the next run cleans up and restores equal", async () => {
    // How long a backup's stage lives, so the kills spread over it.
    const calibration = join(tmp.dir, "calibration");
    mkdirSync(calibration);
    ownForServer(calibration);
    const stagedMs = await stageLifetime(env, ["backup", join(calibration, "b.tar.gz")], {
      dir: calibration,
      prefix: STAGE,
    });
    const outcomes = { absent: 0, previous: 0, replaced: 0 };
    let stagesLeft = 0;
    const points: number[] = [];
    let verified: string | null = null;
    for (let trial = 0; trial < 10; trial++) {
      const killAt = Math.round((stagedMs * (trial + 0.5)) / 10);
      points.push(killAt);
      const what = `trial ${trial} (kill ${killAt} ms into the stage)`;
      await stagedRun(env, ["backup", target], { dir: backups, prefix: STAGE }, killAt);
      if (stagesIn(backups).length > 0) stagesLeft++;
      if (!existsSync(target)) {
        // Only the first trial has no earlier backup to keep.
        assert.equal(verified, null, `${what}: the previous archive is gone`);
        outcomes.absent++;
      } else if (sha256(target) === verified) outcomes.previous++;
      else {
        await assertRestoresEqual(target, `${what}: the archive left at the target`);
        outcomes.replaced++;
      }
      const next = await runCli(env, ["backup", target]);
      assert.equal(next.code, 0, `${what}: the next backup: ${next.stderr}`);
      assert.deepEqual(stagesIn(backups), [], `${what}: the next backup removed the stale stage`);
      await assertRestoresEqual(target, `${what}: the next backup`);
      verified = sha256(target);
    }
    process.stdout.write(
      `# stage lives ${stagedMs} ms; kills at ${points.join(", ")} ms into it; ${stagesLeft} left a stage; at the target: ${outcomes.absent} absent, ${outcomes.previous} the previous archive, ${outcomes.replaced} a complete new one\n`,
    );
    assert.ok(stagesLeft >= 5, "most kills land mid-backup, or the test proves nothing");
  });

  it("keeps the stage of a backup that still runs, and removes the pid-less stages of older releases", async () => {
    const live = join(backups, `${STAGE}${process.pid}-Ab12Cd`);
    const legacy = join(backups, `${STAGE}Xy34Zw`);
    mkdirSync(live);
    mkdirSync(legacy);
    ownForServer(backups);
    const run = await runCli(env, ["backup", target]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(stagesIn(backups), [`${STAGE}${process.pid}-Ab12Cd`]);
    assert.ok(statSync(target).size > 0);
    rmSync(live, { recursive: true });
  });

  it("a restore killed at each of 5 points leaves the old data folder whole (or aside, between its renames); the next one cleans up", async () => {
    const parent = join(tmp.dir, "restored");
    const data = join(parent, "data");
    const prefix = ".data-restore-";
    mkdirSync(parent);
    ownForServer(parent);
    const archive = join(tmp.dir, "restore-source.tar.gz");
    const made = await runCli(env, ["backup", archive]);
    assert.equal(made.code, 0, made.stderr);
    const restoreEnv = { ...env, ALMANAC_DATA_DIR: data };
    const stagedMs = await stageLifetime(restoreEnv, ["restore", archive], { dir: parent, prefix });
    for (const name of stagesIn(parent, "data.before-restore-")) rmSync(join(parent, name), { recursive: true });
    await assertEqualsSource(parent, "an undisturbed restore");
    const outcomes = { whole: 0, aside: 0 };
    let stagesLeft = 0;
    for (let trial = 0; trial < 5; trial++) {
      const killAt = Math.round((stagedMs * (trial + 0.5)) / 5);
      const what = `restore trial ${trial} (kill ${killAt} ms into the stage)`;
      await stagedRun(restoreEnv, ["restore", archive], { dir: parent, prefix }, killAt);
      if (stagesIn(parent, prefix).length > 0) stagesLeft++;
      const aside = stagesIn(parent, "data.before-restore-");
      if (existsSync(data)) outcomes.whole++;
      else {
        // Killed between moving the old folder aside and moving the new one in: the old one is whole, aside.
        assert.equal(aside.length, 1, `${what}: no data folder and none aside`);
        const old = join(tmp.dir, `aside-${trial}`);
        mkdirSync(old);
        cpSync(join(parent, aside[0] as string), join(old, "data"), { recursive: true });
        await assertEqualsSource(old, `${what}: the folder moved aside`);
        rmSync(old, { recursive: true });
        outcomes.aside++;
      }
      if (existsSync(data)) await assertEqualsSource(parent, `${what}: the data folder left in place`);
      for (const name of aside) rmSync(join(parent, name), { recursive: true });
      ownForServer(parent);
      const next = await runCli(restoreEnv, ["restore", archive]);
      assert.equal(next.code, 0, `${what}: the next restore: ${next.stderr}`);
      assert.deepEqual(stagesIn(parent, prefix), [], `${what}: the next restore removed the stale stage`);
      await assertEqualsSource(parent, `${what}: the next restore`);
      for (const name of stagesIn(parent, "data.before-restore-")) rmSync(join(parent, name), { recursive: true });
    }
    process.stdout.write(
      `# restore stage lives ${stagedMs} ms; ${stagesLeft} of 5 kills left a stage; the data folder ${outcomes.whole} times whole in place, ${outcomes.aside} times whole aside\n`,
    );
    assert.ok(stagesLeft >= 3, "most kills land mid-restore, or the test proves nothing");
  });
});
