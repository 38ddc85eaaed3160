import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { listenWarming } from "../../src/http/warming.js";

describe("the listener that answers while the app warms up", () => {
  it("says starting on /status and /health, holds API requests and hands them to the app once it serves", async () => {
    const w = await listenWarming("127.0.0.1", 0);
    const base = `http://127.0.0.1:${w.port}`;
    try {
      w.warming(["opening the library"]);
      const status = await fetch(`${base}/status?format=json`);
      assert.equal(status.status, 200);
      const body = (await status.json()) as { status: string; warming: string[] };
      assert.equal(body.status, "starting");
      assert.deepEqual(body.warming, ["opening the library"]);

      const health = await fetch(`${base}/health`);
      assert.equal(health.status, 503, "a health check passes only once the app serves");

      const page = await fetch(`${base}/library`, { headers: { accept: "text/html" } });
      assert.equal(page.status, 503);
      assert.equal(page.headers.get("retry-after"), "1");
      const html = await page.text();
      assert.match(html, /http-equiv="refresh"/);
      assert.match(html, /opening the library/);

      // A search sent while warming waits for the app instead of failing.
      let answered = false;
      const held = fetch(`${base}/api/search?q=water`, { method: "POST", body: "{}" }).then(async (r) => {
        answered = true;
        return { status: r.status, text: await r.text() };
      });
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(answered, false, "the request is held, not refused");
      w.serve((req, res) => {
        let got = "";
        req.on("data", (d) => {
          got += String(d);
        });
        req.on("end", () => res.end(`app saw ${req.method} ${req.url} ${got}`));
      });
      assert.deepEqual(await held, { status: 200, text: "app saw POST /api/search?q=water {}" });
      assert.equal(await (await fetch(`${base}/status`)).text(), "app saw GET /status ");
    } finally {
      await w.close();
    }
  });

  it("answers held requests with a 503 that says why when it closes before the app is ready", async () => {
    const w = await listenWarming("127.0.0.1", 0);
    const held = fetch(`http://127.0.0.1:${w.port}/v1/models`);
    await new Promise((r) => setTimeout(r, 100));
    await w.close();
    const res = await held;
    assert.equal(res.status, 503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, "starting");
    assert.match(body.error.message, /Almanac is starting/);
  });

  it("fails to listen with the system's error on a port in use", async () => {
    const w = await listenWarming("127.0.0.1", 0);
    try {
      await assert.rejects(
        listenWarming("127.0.0.1", w.port),
        (err: NodeJS.ErrnoException) => err.code === "EADDRINUSE",
      );
    } finally {
      await w.close();
    }
  });
});
