import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { StateDb } from "./db.js";
import { apiKeys } from "./schema.js";
import { AccountError } from "./users.js";

/** What is listed about a key: never the key or its hash. */
export interface ApiKeyInfo {
  id: number;
  userId: number;
  name: string;
  /** The key's first characters, e.g. `alm_3xQ9`. */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** Every key starts with this, so leaked ones are easy to grep for. */
export const KEY_PREFIX = "alm_";

const hashOf = (key: string) => createHash("sha256").update(key).digest("hex");
const LAST_USED_STALE_MS = 60_000;

const info = (r: typeof apiKeys.$inferSelect): ApiKeyInfo => ({
  id: r.id,
  userId: r.userId,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.createdAt,
  lastUsedAt: r.lastUsedAt,
  revokedAt: r.revokedAt,
});

/**
 * Per-user API keys (migrations/0005_accounts.sql): `alm_` + 256 random bits
 * in base64url, shown once at creation. Stored as SHA-256, looked up by that
 * hash. `lastUsedAt` is written at most once a minute per key, so a busy
 * client does not turn every request into a write.
 */
export class ApiKeyStore {
  constructor(private readonly db: StateDb) {}

  /**
   * Makes a key for an account.
   * @param name - what the person calls it (1–80 characters, e.g. "laptop").
   * @returns the key itself (shown once) and what is listed about it.
   * @throws AccountError for an empty or over-long name.
   */
  create(userId: number, name: string, now = Date.now()): { key: string; info: ApiKeyInfo } {
    const clean = name.replace(/\s+/g, " ").trim();
    if (!clean || clean.length > 80) throw new AccountError("a key name is 1–80 characters", "name");
    const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
    const row = this.db
      .insert(apiKeys)
      .values({ userId, name: clean, prefix: key.slice(0, 8), keyHash: hashOf(key), createdAt: now })
      .returning()
      .get();
    return { key, info: info(row) };
  }

  /** The key's record when it exists and is not revoked (touching its last-used time), else undefined. */
  resolve(key: string, now = Date.now()): ApiKeyInfo | undefined {
    if (!key.startsWith(KEY_PREFIX)) return undefined;
    const row = this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hashOf(key)), isNull(apiKeys.revokedAt)))
      .get();
    if (!row) return undefined;
    if (row.lastUsedAt === null || now - row.lastUsedAt > LAST_USED_STALE_MS) {
      this.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id)).run();
      row.lastUsedAt = now;
    }
    return info(row);
  }

  /** An account's keys, revoked ones included, oldest first; every account's when `userId` is undefined. */
  list(userId?: number): ApiKeyInfo[] {
    const q = this.db.select().from(apiKeys);
    const rows =
      userId === undefined
        ? q.orderBy(asc(apiKeys.id)).all()
        : q.where(eq(apiKeys.userId, userId)).orderBy(asc(apiKeys.id)).all();
    return rows.map(info);
  }

  /**
   * Revokes a key; it stops working at once.
   * @param userId - only this account's key, or any key when undefined (an admin).
   * @returns false when there is no such live key (of that account).
   */
  revoke(id: number, userId?: number, now = Date.now()): boolean {
    const mine = userId === undefined ? eq(apiKeys.id, id) : and(eq(apiKeys.id, id), eq(apiKeys.userId, userId));
    return (
      this.db
        .update(apiKeys)
        .set({ revokedAt: now })
        .where(and(mine, isNull(apiKeys.revokedAt)))
        .run().changes > 0
    );
  }
}
