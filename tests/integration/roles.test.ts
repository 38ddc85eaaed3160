import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import OpenAI from "openai";
import { decide, type Principal, ROUTES, requirementOf, ruleFor } from "../../src/http/access.js";
import { createHttpApp, startServer } from "../../src/http/server.js";
import type { Role } from "../../src/state/schema.js";
import { BOOKS, CLI, makeLibrary, openTestApp, tempDir } from "../helpers.js";

type Who = "anonymous" | Role;
const PEOPLE: Who[] = ["anonymous", "reader", "user", "admin"];
const PASSWORD = "correct horse battery";

/** A served Almanac with anonymous reading (the default policy) and one account per role, each with a session and an API key. */
async function household(extra: Record<string, unknown> = {}) {
  const tmp = tempDir();
  const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
  const app = await openTestApp(tmp.dir, lib, null, { anonymousRole: "reader", ...extra });
  await app.indexer.reconcile();
  const server = await startServer(app.services, "127.0.0.1", 0);
  const base = `http://127.0.0.1:${server.port}`;
  const login = async (name: string, password = PASSWORD) => {
    const res = await fetch(`${base}/login`, {
      method: "POST",
      body: new URLSearchParams({ name, password }),
      headers: { origin: base },
      redirect: "manual",
    });
    return { res, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "" };
  };
  const keys: Partial<Record<Who, string>> = {};
  const ids: Partial<Record<Who, number>> = {};
  for (const role of ["reader", "user", "admin"] as const) {
    const account = await app.users.create(`${role}1`, PASSWORD, role);
    ids[role] = account.id;
    keys[role] = app.apiKeys.create(account.id, "test").key;
  }
  return {
    app,
    base,
    keys,
    ids,
    login,
    client: (key: string | undefined) => new OpenAI({ baseURL: `${base}/v1`, apiKey: key ?? "no-key", maxRetries: 0 }),
    close: async () => {
      await server.close();
      await app.close();
      tmp.cleanup();
    },
  };
}

/** A concrete path for a registered route pattern: `:param` becomes `x`, the export pattern a real file name. */
function concrete(path: string): string {
  return path.replace(/:\w+\{[^}]*\}/g, "export.md").replace(/:\w+/g, "x");
}

/**
 * Every registered route only an admin may use, written out by hand rather
 * than read from the route table: a change to the table (or to the guard) that
 * opens one of these to a lower role, or closes another one, fails here.
 */
const ADMIN_ONLY = [
  "GET /admin/users",
  "GET /api/models",
  "GET /welcome",
  "POST /admin/keys/:id/revoke",
  "POST /admin/users",
  "POST /admin/users/:id/disable",
  "POST /admin/users/:id/enable",
  "POST /admin/users/:id/password",
  "POST /admin/users/:id/role",
  "POST /api/models/unload",
  "POST /api/models/upload",
  "POST /api/models/use",
  "POST /library/:doc/reindex",
  "POST /library/:doc/remove",
  "POST /library/trash/:id/restore",
  "POST /library/upload",
  "POST /settings",
  "POST /status/models/unload",
  "POST /status/models/upload",
  "POST /status/models/use",
  "POST /welcome/people",
];

describe("route table and roles", () => {
  let h: Awaited<ReturnType<typeof household>>;
  before(async () => {
    h = await household();
  });
  after(() => h.close());

  it("covers every registered route with a row of the table", () => {
    const routes = createHttpApp(h.app.services).routes.filter((r) => r.method === "GET" || r.method === "POST");
    assert.ok(routes.length > 40, `only ${routes.length} routes`);
    for (const r of routes) assert.ok(ruleFor(r.method, concrete(r.path)), `${r.method} ${r.path} has no row`);
    assert.equal(requirementOf("GET", "/not-in-the-table"), "admin");
    // The public rows, counted so that a new one is a deliberate change: the shell, sign-in, setup and /health.
    assert.equal(ROUTES.filter((r) => r.need === "public").length, 10);
    assert.equal(requirementOf("GET", "/health"), "public");
  });

  it("keeps exactly the pinned routes admin-only: a user's key is refused them, an admin's is not", async () => {
    const registered = createHttpApp(h.app.services).routes.filter((r) => r.method === "GET" || r.method === "POST");
    const adminOnly = [...new Set(registered.map((r) => `${r.method} ${r.path}`))].filter((route) => {
      const [method, path] = route.split(" ") as [string, string];
      return requirementOf(method, concrete(path)) === "admin";
    });
    assert.deepEqual(adminOnly.sort(), [...ADMIN_ONLY].sort());
    const send = async (method: string, path: string, who: "user" | "admin") => {
      const res = await fetch(`${h.base}${path}`, {
        method,
        redirect: "manual",
        headers: {
          origin: h.base,
          accept: "text/html",
          authorization: `Bearer ${h.keys[who]}`,
          ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
        ...(method === "POST" ? { body: "" } : {}),
      });
      await res.body?.cancel();
      return res.status;
    };
    for (const route of ADMIN_ONLY) {
      const [method, pattern] = route.split(" ") as [string, string];
      const path = concrete(pattern);
      assert.equal(await send(method, path, "user"), 403, `${route} as a user`);
      assert.ok(![401, 403].includes(await send(method, path, "admin")), `${route} as an admin`);
    }
  });

  it("answers every route for anonymous, reader, user and admin as the table says", async () => {
    const routes = createHttpApp(h.app.services).routes.filter((r) => r.method === "GET" || r.method === "POST");
    const principals: Record<Who, Principal> = {
      anonymous: { role: "reader", via: "anonymous" },
      reader: {
        role: "reader",
        via: "api-key",
        account: { id: 1, name: "r", role: "reader", disabled: false, createdAt: 0 },
      },
      user: {
        role: "user",
        via: "api-key",
        account: { id: 2, name: "u", role: "user", disabled: false, createdAt: 0 },
      },
      admin: {
        role: "admin",
        via: "api-key",
        account: { id: 3, name: "a", role: "admin", disabled: false, createdAt: 0 },
      },
    };
    let checked = 0;
    let denied = 0;
    for (const r of routes) {
      const path = concrete(r.path);
      for (const who of PEOPLE) {
        const key = h.keys[who as Role];
        const res = await fetch(`${h.base}${path}`, {
          method: r.method,
          redirect: "manual",
          headers: {
            origin: h.base,
            accept: "text/html",
            ...(key ? { authorization: `Bearer ${key}` } : {}),
            ...(r.method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
          },
          ...(r.method === "POST" ? { body: "" } : {}),
        });
        await res.body?.cancel();
        const location = res.headers.get("location") ?? "";
        const toLogin = res.status === 303 && location.startsWith("/login?next=");
        const refused =
          res.status === 401 || res.status === 403 || (toLogin && requirementOf(r.method, path) !== "public");
        const verdict = decide(requirementOf(r.method, path), principals[who]);
        assert.equal(refused, verdict !== "allow", `${r.method} ${path} as ${who}: ${res.status} ${location}`);
        if (verdict === "sign-in") assert.ok(res.status === 401 || res.status === 303, `${path} as ${who}`);
        if (verdict === "forbidden") assert.equal(res.status, 403, `${r.method} ${path} as ${who}`);
        checked++;
        if (refused) denied++;
      }
    }
    assert.ok(checked > 160 && denied > 40, `${checked} checked, ${denied} denied`);
  });

  it("lets anonymous visitors read, search and use survival topics, but not ask, upload or change settings", async () => {
    for (const path of ["/survival", "/search?q=water", "/api/search?q=water", "/library", "/status"])
      assert.equal((await fetch(`${h.base}${path}`, { headers: { accept: "text/html" } })).status, 200, path);
    const ask = await fetch(`${h.base}/chat/ask`, {
      method: "POST",
      body: new URLSearchParams({ q: "water" }),
      headers: { origin: h.base },
      redirect: "manual",
    });
    assert.equal(ask.status, 303);
    assert.equal(ask.headers.get("location"), "/login?next=%2F");
    const page = await (await fetch(`${h.base}/library`)).text();
    assert.doesNotMatch(page, /action="\/library\/upload"/);
    assert.doesNotMatch(page, />Ask</);
    const chat = await fetch(`${h.base}/chat?x=1`, { redirect: "manual" });
    assert.equal(chat.headers.get("location"), `/login?next=${encodeURIComponent("/chat?x=1")}`);
  });

  it("shows each role only what it may use", async () => {
    const pages: Record<string, string> = {};
    for (const role of ["reader", "user", "admin"] as const) {
      const { cookie } = await h.login(`${role}1`);
      pages[role] = await (await fetch(`${h.base}/library`, { headers: { cookie } })).text();
      assert.match(pages[role] as string, new RegExp(`href="/account"[^>]*>${role}1<`));
    }
    assert.doesNotMatch(pages.reader as string, />Ask</);
    assert.match(pages.user as string, />Ask</);
    assert.doesNotMatch(pages.user as string, /action="\/library\/upload"|>Users</);
    assert.match(pages.admin as string, /action="\/library\/upload"/);
    assert.match(pages.admin as string, /href="\/admin\/users"/);
  });

  it("refuses a form post from another origin (CSRF), even with a valid session", async () => {
    const { cookie } = await h.login("admin1");
    const topK = h.app.config.topK;
    const res = await fetch(`${h.base}/settings`, {
      method: "POST",
      body: new URLSearchParams({ topK: "3" }),
      headers: { cookie, origin: "http://evil.example" },
      redirect: "manual",
    });
    assert.equal(res.status, 403);
    const none = await fetch(`${h.base}/settings`, {
      method: "POST",
      body: new URLSearchParams({ topK: "3" }),
      headers: { cookie },
      redirect: "manual",
    });
    assert.equal(none.status, 403);
    assert.equal(h.app.config.topK, topK);
  });
});

describe("sessions", () => {
  let h: Awaited<ReturnType<typeof household>>;
  before(async () => {
    h = await household({ anonymousRole: "none" });
  });
  after(() => h.close());

  it("signs in with a session id in an httpOnly, SameSite=Lax cookie, and ends it on logout", async () => {
    const { res, cookie } = await h.login("user1");
    assert.equal(res.status, 303);
    const set = res.headers.get("set-cookie") ?? "";
    assert.match(set, /^almanac_session=[\w-]{43};.*HttpOnly/i);
    assert.match(set, /SameSite=Lax/i);
    assert.doesNotMatch(set, /Secure/);
    assert.equal((await fetch(`${h.base}/account`, { headers: { cookie } })).status, 200);
    await fetch(`${h.base}/logout`, { method: "POST", headers: { cookie, origin: h.base }, redirect: "manual" });
    const after = await fetch(`${h.base}/account`, { headers: { cookie }, redirect: "manual" });
    assert.equal(after.status, 303);
    assert.match(after.headers.get("location") ?? "", /^\/login/);
  });

  it("signs out everywhere, and a password reset or a disabled account ends sessions too", async () => {
    const a = (await h.login("user1")).cookie;
    const b = (await h.login("user1")).cookie;
    await fetch(`${h.base}/account/sign-out-everywhere`, {
      method: "POST",
      headers: { cookie: a, origin: h.base },
      redirect: "manual",
    });
    for (const cookie of [a, b])
      assert.equal((await fetch(`${h.base}/account`, { headers: { cookie }, redirect: "manual" })).status, 303);
    const c = (await h.login("reader1")).cookie;
    const admin = (await h.login("admin1")).cookie;
    // confirm=yes: the form on the "Disable reader1?" page (tests/integration/trash.test.ts checks the asking).
    const disabled = await fetch(`${h.base}/admin/users/${h.ids.reader}/disable`, {
      method: "POST",
      body: new URLSearchParams({ confirm: "yes" }),
      headers: { cookie: admin, origin: h.base },
    });
    assert.match(await disabled.text(), /reader1 is disabled/);
    assert.equal((await fetch(`${h.base}/account`, { headers: { cookie: c }, redirect: "manual" })).status, 303);
    assert.equal((await h.login("reader1")).res.headers.get("location"), "/login?failed=1");
    await assert.rejects(
      h.client(h.keys.reader).models.list(),
      (e: unknown) => e instanceof OpenAI.AuthenticationError,
    );
    await fetch(`${h.base}/admin/users/${h.ids.reader}/enable`, {
      method: "POST",
      headers: { cookie: admin, origin: h.base },
    });
    assert.equal((await h.login("reader1")).res.headers.get("location"), "/");
  });

  it("keeps the last admin: demoting or disabling them is refused", async () => {
    const admin = (await h.login("admin1")).cookie;
    const res = await fetch(`${h.base}/admin/users/${h.ids.admin}/role`, {
      method: "POST",
      body: new URLSearchParams({ role: "user" }),
      headers: { cookie: admin, origin: h.base },
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /last admin/);
    assert.equal(h.app.users.get(h.ids.admin as number)?.role, "admin");
  });

  it("slows down repeated wrong passwords with 429 and Retry-After", async () => {
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) last = (await h.login("admin1", `wrong${i}xx`)).res;
    assert.equal(last?.status, 429);
    assert.ok(Number(last?.headers.get("retry-after")) >= 1);
    // The right password is refused too while the wait lasts.
    assert.equal((await h.login("admin1")).res.status, 429);
  });
});

describe("API keys", () => {
  let h: Awaited<ReturnType<typeof household>>;
  before(async () => {
    h = await household({ apiKeyRatePerMinute: 0, apiKey: "bootstrap-secret" });
  });
  after(() => h.close());

  it("works with the openai client, keeps conversations per account, and stops working when revoked", async () => {
    const { cookie } = await h.login("user1");
    const made = await (
      await fetch(`${h.base}/account/keys`, {
        method: "POST",
        body: new URLSearchParams({ name: "laptop" }),
        headers: { cookie, origin: h.base },
      })
    ).text();
    const key = /<code id="new-key"[^>]*>(alm_[\w-]{43})<\/code>/.exec(made)?.[1];
    assert.ok(key, "the new key is shown once");
    const account = await (await fetch(`${h.base}/account`, { headers: { cookie } })).text();
    assert.doesNotMatch(account, new RegExp(key));
    assert.match(account, new RegExp(`${key.slice(0, 8)}…`));

    const client = h.client(key);
    const res = await client.chat.completions.create({
      model: "almanac",
      messages: [{ role: "user", content: "How do I purify water?" }],
      // @ts-expect-error Almanac extension
      conversation_id: "new",
    });
    const conversationId = (res as unknown as { almanac: { conversation_id: string } }).almanac.conversation_id;
    assert.match(conversationId, /^[\w-]{22}$/);
    const mine = (await (
      await fetch(`${h.base}/api/conversations/${conversationId}`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { title: string; messages: Array<{ role: string; content: string }> };
    assert.equal(mine.title, "How do I purify water?");
    assert.deepEqual(
      mine.messages.map((m) => m.role),
      ["user", "assistant"],
    );
    assert.equal(mine.messages[1]?.content, res.choices[0]?.message.content);
    // The same conversation is the account's in the web app too.
    assert.match(
      await (await fetch(`${h.base}/chat/${conversationId}`, { headers: { cookie } })).text(),
      /purify water/,
    );

    const other = h.keys.admin as string;
    const theirs = await fetch(`${h.base}/api/conversations/${conversationId}`, {
      headers: { authorization: `Bearer ${other}` },
    });
    assert.equal(theirs.status, 404);
    const list = (await (
      await fetch(`${h.base}/api/conversations`, { headers: { authorization: `Bearer ${other}` } })
    ).json()) as {
      data: unknown[];
    };
    assert.equal(list.data.length, 0);
    await assert.rejects(
      h.client(other).chat.completions.create({
        model: "almanac",
        messages: [{ role: "user", content: "water" }],
        // @ts-expect-error Almanac extension
        conversation_id: conversationId,
      }),
      (e: unknown) => e instanceof OpenAI.NotFoundError,
    );

    const id = h.app.apiKeys.list(h.ids.user).find((k) => k.name === "laptop")?.id;
    await fetch(`${h.base}/account/keys/${id}/revoke`, {
      method: "POST",
      body: new URLSearchParams({ confirm: "yes" }),
      headers: { cookie, origin: h.base },
    });
    await assert.rejects(client.models.list(), (e: unknown) => e instanceof OpenAI.AuthenticationError);
  });

  it("answers a reader's chat with an OpenAI-shaped 403, a missing key with 401, any Bearer scheme case", async () => {
    await assert.rejects(
      h
        .client(h.keys.reader)
        .chat.completions.create({ model: "almanac", messages: [{ role: "user", content: "water" }] }),
      (e: unknown) => e instanceof OpenAI.PermissionDeniedError && e.code === "insufficient_permissions",
    );
    const search = await fetch(`${h.base}/api/search?q=water`, {
      headers: { authorization: `bearer ${h.keys.reader}` },
    });
    assert.equal(search.status, 200);
    const wrong = await fetch(`${h.base}/api/search?q=water`, { headers: { authorization: "Bearer alm_not-a-key" } });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, "invalid_api_key");
    const boot = await fetch(`${h.base}/admin/users`, { headers: { authorization: "Bearer bootstrap-secret" } });
    assert.equal(boot.status, 200);
  });

  it("limits each key's request rate with 429 and Retry-After", async () => {
    const limited = await household({ apiKeyRatePerMinute: 3 });
    try {
      const client = limited.client(limited.keys.user);
      for (let i = 0; i < 3; i++) await client.models.list();
      await assert.rejects(client.models.list(), (e: unknown) => e instanceof OpenAI.RateLimitError);
      const res = await fetch(`${limited.base}/v1/models`, {
        headers: { authorization: `Bearer ${limited.keys.user}` },
      });
      assert.equal(res.status, 429);
      assert.ok(Number(res.headers.get("retry-after")) >= 1);
      // Another key has its own budget.
      assert.ok((await limited.client(limited.keys.reader).models.list()).data.length > 0);
    } finally {
      await limited.close();
    }
  });
});

describe("first-run setup", () => {
  it("sends the first visit to /setup, which makes the admin once and signs them in", async () => {
    const tmp = tempDir();
    const app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, {}), null, { anonymousRole: "reader" });
    const server = await startServer(app.services, "127.0.0.1", 0);
    const base = `http://127.0.0.1:${server.port}`;
    try {
      assert.equal((await fetch(`${base}/`, { redirect: "manual" })).headers.get("location"), "/setup");
      assert.equal(
        (
          await fetch(`${base}/library/upload`, { method: "POST", headers: { origin: base }, redirect: "manual" })
        ).headers.get("location"),
        "/setup",
      );
      const short = await fetch(`${base}/setup`, {
        method: "POST",
        body: new URLSearchParams({ name: "admin", password: "short" }),
        headers: { origin: base },
      });
      assert.equal(short.status, 400);
      assert.match(await short.text(), /8 to 256 characters/);
      const made = await fetch(`${base}/setup`, {
        method: "POST",
        body: new URLSearchParams({ name: "Admin", password: PASSWORD }),
        headers: { origin: base },
        redirect: "manual",
      });
      assert.equal(made.status, 303);
      const cookie = made.headers.get("set-cookie")?.split(";")[0] ?? "";
      assert.match(
        await (await fetch(`${base}/admin/users`, { headers: { cookie } })).text(),
        /<strong>admin<\/strong> \(you\)/,
      );
      const again = await fetch(`${base}/setup`, {
        method: "POST",
        body: new URLSearchParams({ name: "intruder", password: PASSWORD }),
        headers: { origin: base },
        redirect: "manual",
      });
      assert.equal(again.headers.get("location"), "/login");
      assert.deepEqual(
        app.users.list().map((u) => `${u.name}:${u.role}`),
        ["admin:admin"],
      );
    } finally {
      await server.close();
      await app.close();
      tmp.cleanup();
    }
  });
});

describe("almanac users and keys (CLI)", () => {
  it("adds accounts, changes roles, makes and revokes keys in the data folder a server uses", async () => {
    const tmp = tempDir();
    const cli = (args: string[], input?: string) =>
      execFileSync(
        process.execPath,
        [CLI, "--data", join(tmp.dir, "data"), "--library", join(tmp.dir, "lib"), ...args],
        { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] },
      );
    try {
      assert.match(
        cli(["users", "add", "Mum", "--role", "admin", "--password-stdin"], `${PASSWORD}\n`),
        /added mum \(admin\)/,
      );
      const generated = /password: (\S+)/.exec(cli(["users", "add", "kid"]))?.[1];
      assert.ok(generated && generated.length >= 16);
      assert.match(cli(["users", "role", "kid", "reader"]), /kid is now reader/);
      const key = cli(["keys", "create", "kid", "tablet"]).trim();
      assert.match(key, /^alm_[\w-]{43}$/);
      assert.throws(() => cli(["users", "disable", "mum"]), /last admin/);
      const app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, {}), null);
      try {
        assert.equal((await app.users.verify("MUM", PASSWORD))?.role, "admin");
        assert.equal((await app.users.verify("kid", generated as string))?.role, "reader");
        assert.equal(app.apiKeys.resolve(key)?.name, "tablet");
      } finally {
        await app.close();
      }
      assert.match(cli(["keys", "revoke", "1"]), /revoked/);
      assert.match(cli(["keys", "list", "kid"]), /tablet\talm_\S+…\tlast used \S+ \S+\trevoked/);
    } finally {
      tmp.cleanup();
    }
  });
});
