import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { ConversationStore } from "../../src/state/conversations.js";
import { migrationsDir, openStateDb } from "../../src/state/db.js";
import * as schema from "../../src/state/schema.js";
import { UserStore } from "../../src/state/users.js";
import { tempDir } from "../helpers.js";

interface Journal {
  entries: Array<{ idx: number; tag: string }>;
}

/** A migrations folder holding only the first `count` migrations: the schema of an earlier release. */
function earlierRelease(dir: string, count: number): string {
  const from = migrationsDir();
  const journal = JSON.parse(readFileSync(join(from, "meta", "_journal.json"), "utf8")) as Journal;
  const kept = journal.entries.slice(0, count);
  mkdirSync(join(dir, "meta"), { recursive: true });
  for (const e of kept) copyFileSync(join(from, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: kept }));
  return dir;
}

describe("state database migrations", () => {
  it("build every table on an empty database", async () => {
    const tmp = tempDir();
    const db = openStateDb(join(tmp.dir, "fresh.sqlite"));
    const tables = db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    for (const t of ["api_keys", "conversations", "documents", "messages", "sessions", "users", "zim_cursors"])
      assert.ok(tables.includes(t), `${t} in ${tables.join(", ")}`);
    const users = new UserStore(db);
    const admin = await users.create("Admin", "correct horse battery", "admin");
    assert.equal(admin.name, "admin");
    assert.equal((await users.verify("ADMIN", "correct horse battery"))?.id, admin.id);
    assert.equal(await users.verify("admin", "wrong password"), undefined);
    const hash = (db.$client.prepare("SELECT password_hash FROM users").get() as { password_hash: string })
      .password_hash;
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    db.$client.close();
    tmp.cleanup();
  });

  it("give every table, column and index that schema.ts declares", () => {
    const tmp = tempDir();
    const db = openStateDb(join(tmp.dir, "fresh.sqlite"));
    let checked = 0;
    for (const value of Object.values(schema)) {
      if (!is(value, SQLiteTable)) continue;
      const config = getTableConfig(value);
      const columns = db.$client.prepare(`PRAGMA table_info(${config.name})`).all() as Array<{
        name: string;
        notnull: number;
      }>;
      const have = new Map(columns.map((c) => [c.name, c.notnull === 1]));
      for (const col of config.columns) {
        assert.ok(have.has(col.name), `${config.name}.${col.name} is in schema.ts but no migration makes it`);
        assert.equal(have.get(col.name), col.notNull || col.primary, `${config.name}.${col.name} NOT NULL differs`);
        checked++;
      }
      assert.equal(columns.length, config.columns.length, `${config.name} has columns schema.ts does not declare`);
      const indexes = new Set(
        (db.$client.prepare(`PRAGMA index_list(${config.name})`).all() as Array<{ name: string }>).map((i) => i.name),
      );
      for (const ix of config.indexes) assert.ok(indexes.has(ix.config.name), `index ${ix.config.name} missing`);
    }
    assert.ok(checked > 50, `${checked} columns checked`);
    db.$client.close();
    tmp.cleanup();
  });

  it("upgrade the previous release's database, keeping its conversations and ending its key-only sessions", () => {
    const tmp = tempDir();
    const path = join(tmp.dir, "old.sqlite");
    const journal = JSON.parse(readFileSync(join(migrationsDir(), "meta", "_journal.json"), "utf8")) as Journal;
    const previous = journal.entries.findIndex((e) => e.tag === "0005_accounts");
    assert.ok(previous > 0);
    const sqlite = new Database(path);
    migrate(drizzle(sqlite), { migrationsFolder: earlierRelease(join(tmp.dir, "old-migrations"), previous) });
    sqlite
      .prepare("INSERT INTO conversations (id, owner, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
      .run("c1", "AAAAAAAAAAAAAAAAAAAAAA", "Boiling water", 1, 2);
    sqlite
      .prepare("INSERT INTO messages (conversation_id, role, content, rating, created_at) VALUES (?, ?, ?, ?, ?)")
      .run("c1", "assistant", "Boil it for one minute.", 1, 3);
    sqlite.prepare("INSERT INTO sessions (id_hash, created_at, expires_at) VALUES (?, ?, ?)").run("h", 1, 9e12);
    sqlite.close();

    const db = openStateDb(path);
    const store = new ConversationStore(db);
    assert.equal(store.get("AAAAAAAAAAAAAAAAAAAAAA", "c1")?.title, "Boiling water");
    assert.deepEqual(
      store.messages("c1").map((m) => [m.content, m.rating]),
      [["Boil it for one minute.", 1]],
    );
    assert.equal((db.$client.prepare("SELECT count(*) AS n FROM sessions").get() as { n: number }).n, 0);
    assert.equal(new UserStore(db).count(), 0);
    db.$client.close();
    tmp.cleanup();
  });
});
