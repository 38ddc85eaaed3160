import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHttpApp } from "../../src/http/server.js";
import { makeLibrary, openTestApp, tempDir } from "../helpers.js";

const OWNER = "AAAAAAAAAAAAAAAAAAAAAA";
const STRANGER = "BBBBBBBBBBBBBBBBBBBBBB";

describe("answer ratings, export and import", () => {
  it("rates an answer with a note, shows it, exports it with the sources, clears it; another browser cannot", async () => {
    const tmp = tempDir();
    const app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, {}), null);
    try {
      const c = app.conversations.create(OWNER, "Boiling water");
      app.conversations.add(c.id, { role: "user", content: "How long do I boil water?" });
      const answer = app.conversations.add(c.id, {
        role: "assistant",
        content: "Boil it for one minute [1].",
        sources: JSON.stringify([{ index: 1, label: "Water › Boiling", url: "/read/x?start=0&end=9#passage" }]),
        mode: "extractive",
      });
      const http = createHttpApp(app.services);
      const post = (owner: string, body: string, extra: Record<string, string> = {}) =>
        http.request(`http://localhost/chat/${c.id}/messages/${answer.id}/rate`, {
          method: "POST",
          body: new URLSearchParams(body),
          headers: { origin: "http://localhost", cookie: `almanac_owner=${owner}`, ...extra },
        });
      const rated = await post(OWNER, "rating=down&note=Too+short%2C+no+altitude+advice");
      assert.equal(rated.status, 303);
      assert.equal(rated.headers.get("location"), `/chat/${c.id}#m-${answer.id}`);
      const page = await (
        await http.request(`/chat/${c.id}`, { headers: { cookie: `almanac_owner=${OWNER}` } })
      ).text();
      assert.match(page, /value="clear" class="quiet" aria-pressed="true">Not helpful/);
      assert.match(page, /value="Too short, no altitude advice"/);
      const jsonl = await (
        await http.request(`/chat/${c.id}/export.jsonl`, { headers: { cookie: `almanac_owner=${OWNER}` } })
      ).text();
      const line = JSON.parse(jsonl.trim().split("\n")[1] as string);
      assert.equal(line.rating, -1);
      assert.equal(line.rating_note, "Too short, no altitude advice");
      assert.equal(line.sources[0].label, "Water › Boiling");
      const md = await (
        await http.request(`/chat/${c.id}/export.md`, { headers: { cookie: `almanac_owner=${OWNER}` } })
      ).text();
      assert.match(md, /Rated not helpful: Too short, no altitude advice/);

      assert.equal((await post(STRANGER, "rating=up")).status, 404, "another browser's conversation");
      const question = app.conversations.messages(c.id)[0];
      const onQuestion = await http.request(`http://localhost/chat/${c.id}/messages/${question?.id}/rate`, {
        method: "POST",
        body: new URLSearchParams("rating=up"),
        headers: { origin: "http://localhost", cookie: `almanac_owner=${OWNER}` },
      });
      assert.equal(onQuestion.status, 404, "only answers are rated");

      const swapped = await post(OWNER, "rating=clear", { "hx-request": "true" });
      assert.equal(swapped.status, 200);
      assert.match(
        await swapped.text(),
        /^<form class="rate row"[\s\S]*aria-pressed="false">Helpful[\s\S]*aria-pressed="false">Not helpful/,
      );
      assert.equal(app.conversations.messages(c.id)[1]?.rating, null);

      // Export every conversation of this browser, import it in another: the tree and the ratings come back.
      await post(OWNER, "rating=up&note=Clear");
      app.conversations.add(app.conversations.create(OWNER, "Second").id, { role: "user", content: "Fire?" });
      const all = await (
        await http.request("/chat/export.jsonl", { headers: { cookie: `almanac_owner=${OWNER}` } })
      ).text();
      assert.equal(all.trim().split("\n").length, 3);
      const form = new FormData();
      form.set("file", new File([`${all}not json\n`], "export.jsonl", { type: "application/x-ndjson" }));
      const imported = await http.request("http://localhost/chat/import", {
        method: "POST",
        body: form,
        headers: { origin: "http://localhost", cookie: `almanac_owner=${STRANGER}` },
      });
      assert.equal(imported.status, 303);
      assert.equal(imported.headers.get("location"), "/chat?imported=2");
      const theirs = app.conversations.list(STRANGER);
      assert.deepEqual(theirs.map((x) => x.title).sort(), ["Boiling water", "Second"]);
      const copy = theirs.find((x) => x.title === "Boiling water");
      const rows = app.conversations.messages(copy?.id as string);
      assert.deepEqual(
        rows.map((m) => [m.role, m.content, m.rating ?? null, m.ratingNote ?? null]),
        [
          ["user", "How long do I boil water?", null, null],
          ["assistant", "Boil it for one minute [1].", 1, "Clear"],
        ],
      );
      assert.notEqual(copy?.id, c.id, "an import makes new conversations");
      assert.equal(app.conversations.list(OWNER).length, 2, "the exporting browser's own are untouched");
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});
