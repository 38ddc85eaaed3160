import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadConfig } from "../../src/config.js";
import { createHttpApp } from "../../src/http/server.js";
import { makeLibrary, openTestApp, tempDir } from "../helpers.js";

describe("CORS", () => {
  it("is off by default, and an allow-list admits only its origins to the JSON APIs", async () => {
    const tmp = tempDir();
    const lib = makeLibrary(tmp.dir, {});
    const off = await openTestApp(tmp.dir, lib, null);
    try {
      const res = await createHttpApp(off.services).request("/v1/models", {
        headers: { origin: "http://notes.lan:3000" },
      });
      assert.equal(res.headers.get("access-control-allow-origin"), null);
    } finally {
      await off.close();
    }
    const on = await openTestApp(join(tmp.dir, "on"), lib, null, {
      corsOrigins: "http://notes.lan:3000, http://other.lan",
      apiKey: "secret",
    });
    try {
      const http = createHttpApp(on.services);
      const preflight = await http.request("/v1/chat/completions", {
        method: "OPTIONS",
        headers: {
          origin: "http://notes.lan:3000",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type",
        },
      });
      assert.equal(preflight.status, 204, "the preflight needs no key");
      assert.equal(preflight.headers.get("access-control-allow-origin"), "http://notes.lan:3000");
      assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /Authorization/);
      const call = await http.request("/v1/models", {
        headers: { origin: "http://notes.lan:3000", authorization: "Bearer secret" },
      });
      assert.equal(call.status, 200);
      assert.equal(call.headers.get("access-control-allow-origin"), "http://notes.lan:3000");
      const stranger = await http.request("/v1/models", {
        headers: { origin: "http://evil.example", authorization: "Bearer secret" },
      });
      assert.equal(stranger.headers.get("access-control-allow-origin"), null);
      const page = await http.request("/search", { headers: { origin: "http://notes.lan:3000" } });
      assert.equal(page.headers.get("access-control-allow-origin"), null, "pages never get CORS");
    } finally {
      await on.close();
      tmp.cleanup();
    }
    assert.throws(() => loadConfig({ corsOrigins: "notes.lan" }, {}), /corsOrigins/);
  });
});
