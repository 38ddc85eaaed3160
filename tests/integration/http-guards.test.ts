import assert from "node:assert/strict";
import { request } from "node:http";
import { hostname } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { SESSION_COOKIE } from "../../src/http/guard.js";
import { allowedHostNames, hostAllowed, hostOfHeader } from "../../src/http/host-check.js";
import { BOOKS, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

/** A request with a chosen `Host` header (fetch sets its own), answered as status and body. */
function withHost(base: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the Host check (DNS rebinding)", () => {
  it("parses Host headers and allows IP literals, localhost, the machine's names and configured ones", () => {
    assert.equal(hostOfHeader("Box.Lan:8080"), "box.lan");
    assert.equal(hostOfHeader("[::1]:8080"), "[::1]");
    assert.equal(hostOfHeader("10.0.0.2"), "10.0.0.2");
    assert.equal(hostOfHeader("localhost."), "localhost");
    for (const bad of ["", "a b", "user@host", "::1", "host:port", "host:123456"])
      assert.equal(hostOfHeader(bad), null);
    const names = allowedHostNames({ host: "0.0.0.0", allowedHosts: ["Books.Example", "*.almanac.test"] }, "pi.home");
    assert.deepEqual(
      [...names].sort(),
      [
        "*.almanac.test",
        "books.example",
        "pi",
        "pi.home",
        "pi.home.arpa",
        "pi.home.home.arpa",
        "pi.home.lan",
        "pi.home.local",
        "pi.lan",
        "pi.local",
      ].sort(),
    );
    for (const ok of ["127.0.0.1", "[::1]", "[fe80::1]", "localhost", "app.localhost", "pi.local", "books.example"])
      assert.ok(hostAllowed(ok, names), ok);
    assert.ok(hostAllowed("a.b.almanac.test", names), "a subdomain of a *. entry");
    for (const no of ["evil.example", "almanac.test", "pi.evil.example", "[not-v6]", "999.1.1.1.evil"])
      assert.ok(!hostAllowed(no, names), no);
    assert.ok(hostAllowed("anything.example", new Set(["*"])), "* allows every name");
    assert.ok(allowedHostNames({ host: "almanac.box", allowedHosts: [] }, "x").has("almanac.box"), "the host setting");
  });

  describe("on a server", () => {
    const tmp = tempDir();
    let app: Almanac;
    let base: string;
    let close: () => Promise<void>;
    before(async () => {
      const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
      app = await openTestApp(tmp.dir, lib, null, { allowedHosts: ["books.example.org"] });
      ({ base, close } = await serveApp(app));
    });
    after(async () => {
      await close?.();
      tmp.cleanup();
    });

    it("answers 421 to a foreign name and 200 to its own", async () => {
      const port = new URL(base).port;
      const refused = await withHost(base, "/health", `evil.example:${port}`);
      assert.equal(refused.status, 421);
      assert.match(refused.body, /^Misdirected Request: this Almanac does not answer to the host name "evil\.example"/);
      for (const host of [
        `127.0.0.1:${port}`,
        `localhost:${port}`,
        `[::1]:${port}`,
        `${hostname()}:${port}`,
        `${hostname().split(".")[0]}.local`,
        "books.example.org",
      ])
        assert.equal((await withHost(base, "/health", host)).status, 200, host);
      assert.equal((await withHost(base, "/api/search", `evil.example:${port}`)).status, 421, "every route");
    });
  });
});

describe("form-CSRF and Bearer keys", () => {
  const tmp = tempDir();
  let app: Almanac;
  let base: string;
  let close: () => Promise<void>;
  let key: string;
  let cookie: string;
  before(async () => {
    const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
    app = await openTestApp(tmp.dir, lib, null, { anonymousRole: "none" });
    const admin = await app.users.create("admin1", "correct horse battery", "admin");
    key = app.apiKeys.create(admin.id, "script").key;
    cookie = `${SESSION_COOKIE}=${app.sessions.create(admin.id).id}`;
    ({ base, close } = await serveApp(app));
  });
  after(async () => {
    await close?.();
    tmp.cleanup();
  });
  const upload = (name: string, headers: Record<string, string>) => {
    const form = new FormData();
    form.append("collection", "notes");
    form.append("files", new Blob(["# Note\n\nBoil water for a minute."]), name);
    return fetch(`${base}/library/upload`, { method: "POST", body: form, headers, redirect: "manual" });
  };

  it("a multipart post with a valid Bearer key passes, with a foreign Origin or none", async () => {
    const none = await upload("one.md", { authorization: `Bearer ${key}` });
    assert.equal(none.status, 200, await none.text());
    const foreign = await upload("two.md", { authorization: `Bearer ${key}`, origin: "http://evil.example" });
    assert.equal(foreign.status, 200, await foreign.text());
  });

  it("the key is still checked, and a cookie-session form post from another site is still refused", async () => {
    const wrong = await upload("three.md", { authorization: "Bearer alm_wrong", origin: "http://evil.example" });
    assert.equal(wrong.status, 401);
    const forged = await upload("four.md", { cookie, origin: "http://evil.example" });
    assert.equal(forged.status, 403);
    const bare = await upload("five.md", { cookie });
    assert.equal(bare.status, 403, "no Origin at all");
    const own = await upload("six.md", { cookie, origin: base });
    assert.equal(own.status, 200, "the page's own form still works");
  });
});
