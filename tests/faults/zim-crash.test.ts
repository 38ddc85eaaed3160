import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as lancedb from "@lancedb/lancedb";
import Database from "better-sqlite3";
import { ZIM_FIRST_BATCH_ARTICLES } from "../../src/library/zim-ramp.js";
import { CHUNKS_TABLE } from "../../src/store/chunk-store.js";
import { tempDir } from "../helpers.js";
import { ownForServer, runCli, spawnCli } from "./harness.js";

const RAY = join("..", "shared", "corpus", "zim", "kiwix-js-wikipedia_en_ray_charles_2015-06.zim");

/** The archive's state row and every chunk id, sorted: the index in comparable form. */
async function snapshot(dataDir: string): Promise<string[]> {
  const sqlite = new Database(join(dataDir, "almanac.sqlite"), { readonly: true });
  const rows = sqlite.prepare("SELECT path, status, chunk_count, content_hash FROM documents").all();
  sqlite.close();
  const db = await lancedb.connect(join(dataDir, "lancedb"));
  const table = await db.openTable(CHUNKS_TABLE);
  const ids = ((await table.query().select(["id"]).toArray()) as Array<{ id: string }>).map((r) => r.id).sort();
  table.close();
  db.close();
  assert.equal(new Set(ids).size, ids.length, "no chunk is stored twice");
  return [...rows.map((r) => JSON.stringify(r)), ...ids];
}

function cursorOf(dataDir: string): { next: number; articles: number } | null {
  try {
    const sqlite = new Database(join(dataDir, "almanac.sqlite"), { readonly: true, fileMustExist: true });
    const row = sqlite.prepare("SELECT next, articles FROM zim_cursors").get() as { next: number; articles: number };
    sqlite.close();
    return row ?? null;
  } catch {
    return null;
  }
}

describe("fault suite: kill -9 in the middle of a ZIM archive", {
  skip: !existsSync(RAY) && "no ../shared corpus",
}, () => {
  const tmp = tempDir("almanac-zimcrash-");
  const lib = join(tmp.dir, "library");
  let reference: string[] = [];
  const env = (data: string) => ({
    ALMANAC_LIBRARY: lib,
    ALMANAC_DATA_DIR: join(tmp.dir, data),
    ALMANAC_MODELS_DIR: join(tmp.dir, "no-models"),
    ALMANAC_ZIM_BATCH_ARTICLES: "3",
  });
  // Ingest outruns any poll, so the run under test stalls once `articles` are committed, and says so.
  const stalled = (data: string, articles: number) => ({
    ...env(data),
    ALMANAC_FAULT_STALL_AT_ZIM_ARTICLES: String(articles),
  });

  before(async () => {
    mkdirSync(join(lib, "wiki"), { recursive: true });
    cpSync(RAY, join(lib, "wiki", "ray.zim"));
    ownForServer(tmp.dir);
    const ref = await runCli(env("reference"), ["index"]);
    assert.equal(ref.code, 0, ref.stderr);
    reference = await snapshot(join(tmp.dir, "reference"));
    assert.ok(reference.length > 500);
  });
  after(() => tmp.cleanup());

  /**
   * Starts `almanac index` and kills it with SIGKILL once it reports that it stalled with the cursor
   * past `articles`. The database is read only after the kill: a reader opening it while the child
   * creates it (root here, the child `nobody`) can leave the child a -shm file it cannot write.
   */
  async function killMidArchive(
    data: string,
    articles: number,
    runEnv: Record<string, string> = stalled(data, articles),
  ): Promise<{ next: number; articles: number }> {
    const proc = spawnCli(runEnv, ["index"]);
    let output = "";
    let killed = false;
    const watch = (d: Buffer) => {
      output += String(d);
      if (!killed && /fault test: stalled at \d+ articles/.test(output)) {
        killed = true;
        proc.kill("SIGKILL");
      }
    };
    proc.stdout.on("data", watch);
    proc.stderr.on("data", watch);
    const exit = await new Promise<string>((ok) => proc.once("exit", (code, signal) => ok(`exit ${code ?? signal}`)));
    assert.ok(killed, `the run was killed mid-archive, not after it finished (${exit}): ${output}`);
    const cursor = cursorOf(join(tmp.dir, data));
    assert.ok(cursor, "the killed run left a cursor");
    return cursor;
  }

  it("resumes at the article where it stopped and ends with the same index as an uninterrupted run", async () => {
    const at = await killMidArchive("killed", 20);
    assert.ok(at.articles >= 20 && at.articles < 85, JSON.stringify(at));
    const restart = await runCli(env("killed"), ["--log-level", "info", "index"]);
    assert.equal(restart.code, 0, restart.stderr);
    const resumed = /"at":(\d+).*resuming the ZIM archive/.exec(restart.stdout + restart.stderr);
    assert.ok(resumed, "the restart resumed instead of starting over");
    assert.equal(Number(resumed[1]), at.next);
    assert.deepEqual(await snapshot(join(tmp.dir, "killed")), reference);
  });

  it("with the default batch size, a kill soon after each start still moves the cursor (a small first batch)", async () => {
    // ALMANAC_ZIM_BATCH_ARTICLES left at its default (500, more than this archive holds); killed after the first commit.
    const defaults = (articles: number) => {
      const { ALMANAC_ZIM_BATCH_ARTICLES: _, ...rest } = stalled("cycled", articles);
      return rest;
    };
    const first = await killMidArchive("cycled", 1, defaults(1));
    assert.equal(first.articles, ZIM_FIRST_BATCH_ARTICLES, JSON.stringify(first));
    const second = await killMidArchive("cycled", 1, defaults(first.articles + 1));
    assert.equal(
      second.articles,
      2 * ZIM_FIRST_BATCH_ARTICLES,
      `the restart began small again: ${JSON.stringify(second)}`,
    );
    const rest = await runCli(env("cycled"), ["index"]);
    assert.equal(rest.code, 0, rest.stderr);
    assert.deepEqual(await snapshot(join(tmp.dir, "cycled")), reference);
  });

  it("drops chunks a batch committed after the last cursor update, so nothing is indexed twice", async () => {
    await killMidArchive("rewound", 20);
    // The window between a batch's commit and its cursor update, made wide: the cursor goes back to the start.
    const sqlite = new Database(join(tmp.dir, "rewound", "almanac.sqlite"));
    sqlite.prepare("UPDATE zim_cursors SET next = 0, articles = 0, chunks = 0").run();
    sqlite.close();
    const restart = await runCli(env("rewound"), ["index"]);
    assert.equal(restart.code, 0, restart.stderr);
    assert.deepEqual(await snapshot(join(tmp.dir, "rewound")), reference);
  });
});
