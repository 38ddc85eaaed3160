import { asc, count, eq } from "drizzle-orm";
import { AlmanacError } from "../errors.js";
import type { StateDb } from "./db.js";
import { ROLES, type Role, users } from "./schema.js";

/** An account as the rest of Almanac sees it: never the password hash. */
export interface Account {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
  /** The web app's language this account chose (a catalog locale such as `pt-BR`); null or absent follows the device and browser. */
  language?: string | null;
}

/** A bad account name, password or role, or a name already taken: 400 (409 for a taken name), naming the field. */
export class AccountError extends AlmanacError {
  constructor(message: string, param: string, status: 400 | 404 | 409 = 400) {
    super(message, status, "invalid_request_error", param);
  }
}

/** Shortest and longest password accepted, characters (NIST SP 800-63B §5.1.1: at least 8, allow at least 64). */
export const PASSWORD_CHARS = { min: 8, max: 256 } as const;

const NAME_RE = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/** A user name as stored: trimmed and lower-case. @throws AccountError unless 1–64 of `a-z 0-9 . _ @ -`, starting with a letter or digit. */
export function normalizeName(name: string): string {
  const clean = name.trim().toLowerCase();
  if (!NAME_RE.test(clean))
    throw new AccountError("a user name is 1–64 letters, digits, or . _ @ -, starting with a letter or digit", "name");
  return clean;
}

/** @throws AccountError when the password is shorter or longer than {@link PASSWORD_CHARS}. */
export function checkPassword(password: string): void {
  if (password.length < PASSWORD_CHARS.min || password.length > PASSWORD_CHARS.max)
    throw new AccountError(`a password is ${PASSWORD_CHARS.min} to ${PASSWORD_CHARS.max} characters long`, "password");
}

/** @throws AccountError unless `role` is one of {@link ROLES}. */
export function checkRole(role: string): Role {
  const found = ROLES.find((r) => r === role);
  if (!found) throw new AccountError(`a role is one of ${ROLES.join(", ")}`, "role");
  return found;
}

/** argon2id from `@node-rs/argon2`, loaded on first use (a native addon most commands never need). */
const argon2 = () => import("@node-rs/argon2");
const hash = async (password: string) => (await argon2()).hash(password);
const verify = async (hashed: string, password: string) => (await argon2()).verify(hashed, password);

const toAccount = (r: typeof users.$inferSelect): Account => ({
  id: r.id,
  name: r.name,
  role: r.role,
  disabled: r.disabled === 1,
  createdAt: r.createdAt,
  language: r.language,
});

/**
 * Accounts in SQLite (migrations/0005_accounts.sql). Passwords are hashed
 * with argon2id through `@node-rs/argon2` at its defaults (19 MiB, 2 passes,
 * 1 lane: the OWASP Password Storage Cheat Sheet's first choice), about 50 ms
 * on a 2-core x86 box. The last enabled admin cannot be demoted or disabled,
 * so the appliance always has someone who can manage it.
 */
export class UserStore {
  /** A hash to verify against when the name is unknown, so a wrong name costs as long as a wrong password. */
  private dummy: Promise<string> | undefined;

  constructor(private readonly db: StateDb) {}

  /** How many accounts exist (0 means first-run setup is open). */
  count(): number {
    return this.db.select({ n: count() }).from(users).get()?.n ?? 0;
  }

  /**
   * Creates an account.
   * @throws AccountError for a bad name, password or role, or a name already taken (409).
   */
  async create(name: string, password: string, role: Role, now = Date.now()): Promise<Account> {
    const clean = normalizeName(name);
    checkPassword(password);
    checkRole(role);
    if (this.byName(clean)) throw new AccountError(`the name ${clean} is taken`, "name", 409);
    const passwordHash = await hash(password);
    const row = this.db
      .insert(users)
      .values({ name: clean, passwordHash, role, createdAt: now, updatedAt: now })
      .returning()
      .get();
    return toAccount(row);
  }

  /** One account by id, or undefined. */
  get(id: number): Account | undefined {
    const row = this.db.select().from(users).where(eq(users.id, id)).get();
    return row ? toAccount(row) : undefined;
  }

  /** One account by name (any case), or undefined. */
  byName(name: string): Account | undefined {
    const row = this.db.select().from(users).where(eq(users.name, name.trim().toLowerCase())).get();
    return row ? toAccount(row) : undefined;
  }

  /** Every account, by name. */
  list(): Account[] {
    return this.db.select().from(users).orderBy(asc(users.name)).all().map(toAccount);
  }

  /**
   * Checks a sign-in. Unknown names are verified against a dummy hash so the
   * answer takes as long either way.
   * @returns the account when the name exists, is enabled and the password matches; else undefined.
   */
  async verify(name: string, password: string): Promise<Account | undefined> {
    const row = this.db.select().from(users).where(eq(users.name, name.trim().toLowerCase())).get();
    if (!row || password.length > PASSWORD_CHARS.max) {
      this.dummy ??= hash("almanac-dummy-password");
      await verify(await this.dummy, password.slice(0, PASSWORD_CHARS.max)).catch(() => false);
      return undefined;
    }
    const ok = await verify(row.passwordHash, password).catch(() => false);
    return ok && row.disabled === 0 ? toAccount(row) : undefined;
  }

  /** Sets a new password. @throws AccountError for a bad password or an unknown id (404). */
  async setPassword(id: number, password: string, now = Date.now()): Promise<void> {
    checkPassword(password);
    this.mustGet(id);
    const passwordHash = await hash(password);
    this.db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, id)).run();
  }

  /** Changes a role. @throws AccountError for a bad role, an unknown id, or demoting the last enabled admin. */
  setRole(id: number, role: Role, now = Date.now()): Account {
    checkRole(role);
    const account = this.mustGet(id);
    if (account.role === "admin" && role !== "admin") this.keepAnAdmin(id);
    this.db.update(users).set({ role, updatedAt: now }).where(eq(users.id, id)).run();
    return { ...account, role };
  }

  /** Disables or enables an account. @throws AccountError for an unknown id or disabling the last enabled admin. */
  setDisabled(id: number, disabled: boolean, now = Date.now()): Account {
    const account = this.mustGet(id);
    if (disabled && account.role === "admin") this.keepAnAdmin(id);
    this.db
      .update(users)
      .set({ disabled: disabled ? 1 : 0, updatedAt: now })
      .where(eq(users.id, id))
      .run();
    return { ...account, disabled };
  }

  /** The web app's language saved for an account, or null (none chosen, or no such account). */
  languageOf(id: number): string | null {
    return this.db.select({ language: users.language }).from(users).where(eq(users.id, id)).get()?.language ?? null;
  }

  /**
   * Saves the web app's language for an account; null forgets it (back to the device and browser). The
   * caller checks the tag against the catalogs: the state layer does not know which languages exist.
   * @throws AccountError for an unknown id (404).
   */
  setLanguage(id: number, language: string | null, now = Date.now()): Account {
    const account = this.mustGet(id);
    this.db.update(users).set({ language, updatedAt: now }).where(eq(users.id, id)).run();
    return { ...account, language };
  }

  private mustGet(id: number): Account {
    const account = this.get(id);
    if (!account) throw new AccountError(`no user with id ${id}`, "user", 404);
    return account;
  }

  private keepAnAdmin(leaving: number): void {
    const others = this.list().filter((a) => a.role === "admin" && !a.disabled && a.id !== leaving);
    if (others.length === 0) throw new AccountError("this is the last admin; make another admin first", "role", 409);
  }
}
