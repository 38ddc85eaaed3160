import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { lanUrls } from "../../src/http/lan-urls.js";
import { BOOKS, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

describe("the status page's address for other devices", () => {
  it("shows each LAN address of a server on every interface, the first with its QR code", async (t) => {
    const tmp = tempDir();
    const app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, { "s/Water.md": join(BOOKS, "Water.md") }), null, {
      host: "0.0.0.0",
    });
    const { base, close } = await serveApp(app);
    try {
      const port = Number(new URL(base).port);
      const urls = lanUrls("0.0.0.0", port);
      const page = await (await fetch(`${base}/status`, { headers: { accept: "text/html" } })).text();
      if (urls.length === 0) {
        assert.doesNotMatch(page, /class="address"/);
        return t.skip("this machine has no network interface but loopback");
      }
      assert.match(page, /Open Almanac on another device/);
      for (const url of urls) assert.ok(page.includes(`href="${url}"`), url);
      assert.match(page, new RegExp(`<div class="qr" role="img" aria-label="QR code of ${urls[0]}"><svg `));
    } finally {
      await close();
      await app.close();
      tmp.cleanup();
    }
  });
});
