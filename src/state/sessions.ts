import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import type { StateDb } from "./db.js";
import { sessions } from "./schema.js";

const hashOf = (id: string) => createHash("sha256").update(id).digest("hex");

/**
 * Browser sign-in sessions in SQLite. The cookie carries a random 256-bit id;
 * only its SHA-256 is stored, so a copy of the database cannot sign anyone in.
 */
export class SessionStore {
  constructor(
    private readonly db: StateDb,
    /** Session lifetime, ms. */
    private readonly ttlMs: number,
  ) {}

  /** Creates a session for an account, clearing expired ones on the way. @returns the id for the cookie and its expiry (epoch ms). */
  create(userId: number, now = Date.now()): { id: string; expiresAt: number } {
    this.db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
    const id = randomBytes(32).toString("base64url");
    const expiresAt = now + this.ttlMs;
    this.db
      .insert(sessions)
      .values({ idHash: hashOf(id), userId, createdAt: now, expiresAt })
      .run();
    return { id, expiresAt };
  }

  /** The account of a known, unexpired session id, or undefined. A read only: it runs on every request. */
  userOf(id: string | undefined, now = Date.now()): number | undefined {
    if (!id) return undefined;
    return this.db
      .select({ userId: sessions.userId })
      .from(sessions)
      .where(and(eq(sessions.idHash, hashOf(id)), gt(sessions.expiresAt, now)))
      .get()?.userId;
  }

  /** Ends one session (logout). */
  delete(id: string | undefined): void {
    if (id)
      this.db
        .delete(sessions)
        .where(eq(sessions.idHash, hashOf(id)))
        .run();
  }

  /** Ends every session of an account ("sign out everywhere", a password reset, a disabled account). @returns how many ended. */
  deleteAllFor(userId: number): number {
    return this.db.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
  }
}
