import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { makeDirs } from "./dirs.js";
import * as schema from "./schema.js";

/** The state database's file name inside a data folder. */
export const STATE_FILE = "almanac.sqlite";

/** The typed drizzle handle over Almanac's state database. */
export type StateDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Folder holding the SQL migrations, found relative to this module in both `src/` and `dist/src/`. */
export function migrationsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ["../..", "../../.."]) {
    const candidate = resolve(here, up, "migrations");
    if (existsSync(join(candidate, "meta", "_journal.json"))) return candidate;
  }
  throw new Error("migrations folder not found");
}

/**
 * Opens (creating if needed) the SQLite state database at `path` and applies
 * pending SQL migrations from `migrations/`. WAL mode keeps readers (HTTP
 * status, a read-only CLI beside the server) from blocking the indexer's writes.
 *
 * @param opts.readOnly - open an existing database for reading only, without migrating.
 * @param opts.snapshot - read the database file into memory and open that copy read-only: for a
 *   disk too full for SQLite's -shm file. Commits still in the -wal file (after a crash) are not seen.
 * @throws on I/O errors, a missing database in read-only mode, or a failed migration.
 */
export function openStateDb(path: string, opts: { readOnly?: boolean; snapshot?: boolean } = {}): StateDb {
  if (opts.snapshot) {
    // A WAL reader must create the -shm file, which a full disk refuses; a copy in memory needs no file at all.
    // Bytes 18–19 of the header say WAL (2); a deserialized database must say rollback journal (1).
    const image = readFileSync(path);
    image[18] = 1;
    image[19] = 1;
    return drizzle(new Database(image, { readonly: true }), { schema });
  }
  if (opts.readOnly) {
    const sqlite = new Database(path, { readonly: true, fileMustExist: true });
    sqlite.pragma("busy_timeout = 5000");
    return drizzle(sqlite, { schema });
  }
  makeDirs(dirname(path), "state database's folder");
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsDir() });
  return db;
}

/** Reads a `meta` value, or null. */
export function getMeta(db: StateDb, key: string): string | null {
  return db.select().from(schema.meta).where(eq(schema.meta.key, key)).get()?.value ?? null;
}

/** Writes a `meta` value (upsert). */
export function setMeta(db: StateDb, key: string, value: string): void {
  db.insert(schema.meta).values({ key, value }).onConflictDoUpdate({ target: schema.meta.key, set: { value } }).run();
}
