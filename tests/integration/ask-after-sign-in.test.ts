import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startServer } from "../../src/http/server.js";
import { BOOKS, makeLibrary, openTestApp, tempDir } from "../helpers.js";

const PASSWORD = "correct horse battery";

describe("a question typed before signing in", () => {
  it("is told why it needs an account, and is in the ask box after sign-in", async () => {
    const tmp = tempDir();
    const app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, { "s/Water.md": join(BOOKS, "Water.md") }), null, {
      anonymousRole: "reader",
    });
    await app.indexer.reconcile();
    const server = await startServer(app.services, "127.0.0.1", 0);
    const base = `http://127.0.0.1:${server.port}`;
    try {
      await app.users.create("mum", PASSWORD, "user");
      const survival = await (await fetch(`${base}/survival`)).text();
      assert.match(survival, /<form class="ask" method="get" action="\/chat">/);
      assert.match(survival, /Asking needs an account: you sign in first, and your question is kept/);

      const question = "How do I purify water?";
      const asked = await fetch(`${base}/chat?q=${encodeURIComponent(question)}`, { redirect: "manual" });
      assert.equal(asked.status, 303);
      const toLogin = asked.headers.get("location") ?? "";
      const next = new URL(toLogin, base).searchParams.get("next") ?? "";
      assert.equal(next, `/chat?q=${encodeURIComponent(question)}`);

      const login = await fetch(`${base}/login`, {
        method: "POST",
        body: new URLSearchParams({ name: "mum", password: PASSWORD, next }),
        headers: { origin: base },
        redirect: "manual",
      });
      const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
      assert.equal(login.headers.get("location"), next, "sign-in goes back to the question");
      const chat = await (await fetch(new URL(next, base), { headers: { cookie } })).text();
      assert.match(chat, /<input type="text" id="q" name="q" placeholder="[^"]*" value="How do I purify water\?"/);

      // Signed in, the survival page's box asks at once.
      const signedIn = await (await fetch(`${base}/survival`, { headers: { cookie } })).text();
      assert.match(signedIn, /<form class="ask" method="post" action="\/chat\/ask">/);
      assert.doesNotMatch(signedIn, /Asking needs an account/);
    } finally {
      await server.close();
      await app.close();
      tmp.cleanup();
    }
  });
});
