import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import type { StateDb } from "./db.js";
import { sessions } from "./schema.js";

const hashOf = (id: string) => createHash("sha256").update(id).digest("hex");

/**
 * Browser sign-in sessions in SQLite. The cookie carries a random 256-bit id;
 * only its SHA-256 is stored, so neither the database nor the cookie holds
 * the access key.
 */
export class SessionStore {
  constructor(
    private readonly db: StateDb,
    /** Session lifetime, ms. */
    private readonly ttlMs: number,
  ) {}

  /** Creates a session, clearing expired ones on the way. @returns the id for the cookie and its expiry (epoch ms). */
  create(now = Date.now()): { id: string; expiresAt: number } {
    this.db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
    const id = randomBytes(32).toString("base64url");
    const expiresAt = now + this.ttlMs;
    this.db
      .insert(sessions)
      .values({ idHash: hashOf(id), createdAt: now, expiresAt })
      .run();
    return { id, expiresAt };
  }

  /** True for a known, unexpired session id. A read only: it runs on every guarded request. */
  isValid(id: string | undefined, now = Date.now()): boolean {
    if (!id) return false;
    const row = this.db
      .select({ idHash: sessions.idHash })
      .from(sessions)
      .where(and(eq(sessions.idHash, hashOf(id)), gt(sessions.expiresAt, now)))
      .get();
    return row !== undefined;
  }

  /** Ends one session (logout). */
  delete(id: string | undefined): void {
    if (id)
      this.db
        .delete(sessions)
        .where(eq(sessions.idHash, hashOf(id)))
        .run();
  }
}
