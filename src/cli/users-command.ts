import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Command } from "commander";
import type { Config } from "../config.js";
import type { Role } from "../state/schema.js";
import type { UserStore } from "../state/users.js";

/** The state database's stores, for one command (loaded on use); SQLite's WAL lets this run beside a serving Almanac. */
async function stores(config: Config) {
  const [{ ApiKeyStore }, { openStateDb, STATE_FILE }, { SessionStore }, users] = await Promise.all([
    import("../state/api-keys.js"),
    import("../state/db.js"),
    import("../state/sessions.js"),
    import("../state/users.js"),
  ]);
  const db = openStateDb(join(config.dataDir, STATE_FILE));
  return {
    users: new users.UserStore(db),
    keys: new ApiKeyStore(db),
    sessions: new SessionStore(db, config.sessionHours * 3_600_000),
    /** The account rules: name, password and role checks, and their error. */
    rules: users,
    close: () => db.$client.close(),
  };
}

/** The whole of stdin, first line only (for `--password-stdin`). */
async function stdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "").trim();
}

/** A password from stdin, or a new random one (returned so it can be shown once). */
async function passwordFrom(opts: { passwordStdin?: boolean }): Promise<{ password: string; generated: boolean }> {
  if (opts.passwordStdin) return { password: await stdinLine(), generated: false };
  return { password: randomBytes(12).toString("base64url"), generated: true };
}

function mustFind(users: UserStore, name: string) {
  const account = users.byName(name);
  if (!account) throw new Error(`no user named ${name}`);
  return account;
}

/** Runs a command against the stores and closes them, however it ends. */
async function withStores(
  config: Config,
  run: (s: Awaited<ReturnType<typeof stores>>) => Promise<void> | void,
): Promise<void> {
  const s = await stores(config);
  try {
    await run(s);
  } finally {
    s.close();
  }
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const when = (ms: number | null) => (ms === null ? "never" : new Date(ms).toISOString().slice(0, 16).replace("T", " "));

/**
 * `almanac users add|list|role|disable|enable|reset-password` and `almanac
 * keys create|list|revoke`: the same account management as the admin's
 * `/admin/users` page, for a headless box. A password is read from stdin with
 * `--password-stdin`, else generated and printed once.
 */
export function registerUserCommands(program: Command, configOf: () => Config): void {
  const users = program.command("users").description("accounts: add, list, change role, disable, reset password");
  users
    .command("add <name>")
    .description("add an account (the first one should be an admin)")
    .option("--role <role>", "reader | user | admin", "user")
    .option("--password-stdin", "read the password from stdin instead of generating one")
    .action(async (name: string, opts: { role: string; passwordStdin?: boolean }) => {
      const { password, generated } = await passwordFrom(opts);
      await withStores(configOf(), async (s) => {
        const made = await s.users.create(name, password, s.rules.checkRole(opts.role));
        out(`added ${made.name} (${made.role})`);
        if (generated) out(`password: ${password}  (shown once; change it on the account page)`);
      });
    });
  users
    .command("list")
    .description("every account with its role and state")
    .action(() =>
      withStores(configOf(), (s) => {
        for (const u of s.users.list())
          out(`${u.name}\t${u.role}\t${u.disabled ? "disabled" : "active"}\tsince ${when(u.createdAt)}`);
      }),
    );
  users
    .command("role <name> <role>")
    .description("change an account's role (reader | user | admin)")
    .action((name: string, role: string) =>
      withStores(configOf(), (s) => {
        const u = s.users.setRole(mustFind(s.users, name).id, s.rules.checkRole(role) as Role);
        out(`${u.name} is now ${u.role}`);
      }),
    );
  for (const [verb, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const)
    users
      .command(`${verb} <name>`)
      .description(disabled ? "refuse an account's sign-ins, sessions and API keys" : "let a disabled account back in")
      .action((name: string) =>
        withStores(configOf(), (s) => {
          const u = s.users.setDisabled(mustFind(s.users, name).id, disabled);
          if (disabled) s.sessions.deleteAllFor(u.id);
          out(`${u.name} is ${disabled ? "disabled" : "enabled"}`);
        }),
      );
  users
    .command("reset-password <name>")
    .description("set a new password (generated unless --password-stdin) and end the account's sessions")
    .option("--password-stdin", "read the password from stdin instead of generating one")
    .action(async (name: string, opts: { passwordStdin?: boolean }) => {
      const { password, generated } = await passwordFrom(opts);
      await withStores(configOf(), async (s) => {
        const u = mustFind(s.users, name);
        await s.users.setPassword(u.id, password);
        s.sessions.deleteAllFor(u.id);
        out(`password reset for ${u.name}`);
        if (generated) out(`password: ${password}  (shown once)`);
      });
    });

  const keys = program.command("keys").description("per-user API keys: create, list, revoke");
  keys
    .command("create <user> <name>")
    .description("make an API key for an account; printed once")
    .action((user: string, name: string) =>
      withStores(configOf(), (s) => {
        const made = s.keys.create(mustFind(s.users, user).id, name);
        out(made.key);
        process.stderr.write(`key ${made.info.id} "${made.info.name}" for ${user}: shown once, store it now\n`);
      }),
    );
  keys
    .command("list [user]")
    .description("keys (of one account, or all) with last use; never the keys themselves")
    .action((user: string | undefined) =>
      withStores(configOf(), (s) => {
        const names = new Map(s.users.list().map((u) => [u.id, u.name]));
        const list = s.keys.list(user === undefined ? undefined : mustFind(s.users, user).id);
        for (const k of list)
          out(
            `${k.id}\t${names.get(k.userId)}\t${k.name}\t${k.prefix}…\tlast used ${when(k.lastUsedAt)}${k.revokedAt ? "\trevoked" : ""}`,
          );
      }),
    );
  keys
    .command("revoke <id>")
    .description("revoke a key by its id (from keys list); it stops working at once")
    .action((id: string) =>
      withStores(configOf(), (s) => {
        if (!s.keys.revoke(Number(id))) throw new Error(`no live key with id ${id}`);
        out(`key ${id} revoked`);
      }),
    );
}
