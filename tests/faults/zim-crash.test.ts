import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as lancedb from "@lancedb/lancedb";
import Database from "better-sqlite3";
import { CHUNKS_TABLE } from "../../src/index/chunk-store.js";
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
  // Ingest outruns any poll, so the run under test stalls once 20 articles are committed.
  const stalled = (data: string) => ({ ...env(data), ALMANAC_FAULT_STALL_AT_ZIM_ARTICLES: "20" });

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

  /** Starts `almanac index` and kills it with SIGKILL once the cursor has passed `articles`. */
  async function killMidArchive(data: string, articles: number): Promise<{ next: number; articles: number }> {
    const proc = spawnCli(stalled(data), ["index"]);
    let seen: { next: number; articles: number } | null = null;
    let output = "";
    proc.stdout.on("data", (d) => {
      output += String(d);
    });
    proc.stderr.on("data", (d) => {
      output += String(d);
    });
    let exit = "";
    await new Promise<void>((ok) => {
      const poll = setInterval(() => {
        const c = cursorOf(join(tmp.dir, data));
        if (c && c.articles >= articles) {
          proc.kill("SIGKILL");
          seen = c;
        }
      }, 10);
      proc.once("exit", (code, signal) => {
        exit = `exit ${code ?? signal}`;
        clearInterval(poll);
        ok();
      });
    });
    assert.ok(seen, `the run was killed mid-archive, not after it finished (${exit}): ${output}`);
    return cursorOf(join(tmp.dir, data)) as { next: number; articles: number };
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
