import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promptHistory, SUMMARY_KEEP_RECENT } from "../../src/generate/memory.js";
import { createHttpApp } from "../../src/http/server.js";
import { BOOKS, fixtureModels, makeLibrary, openTestApp, tempDir } from "../helpers.js";

describe("branches in the web app", () => {
  it("edits and retries fork branches, the switcher shows them, and the export and import keep the tree", async () => {
    const tmp = tempDir();
    const app = await openTestApp(
      tmp.dir,
      makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") }),
      null,
    );
    await app.indexer.reconcile();
    const http = createHttpApp(app.services);
    const cookie = "almanac_owner=AAAAAAAAAAAAAAAAAAAAAA";
    const post = (path: string, body: Record<string, string>) =>
      http.request(path, {
        method: "POST",
        body: new URLSearchParams(body),
        headers: { origin: "http://localhost", cookie },
      });
    const page = async (id: string) => (await http.request(`/chat/${id}`, { headers: { cookie } })).text();
    try {
      const first = await post("/chat/ask", { q: "How do I purify water?" });
      const id = /\/chat\/([\w-]{22})/.exec(first.headers.get("location") ?? "")?.[1] as string;
      assert.ok(id);
      await post("/chat/ask", { q: "How long should I boil it?", conversation: id });
      const [q1, a1, q2, a2] = app.conversations.thread(id).thread;
      assert.deepEqual(
        [q1, a1, q2, a2].map((m) => m?.parentId ?? null),
        [null, q1?.id, a1?.id, q2?.id],
      );

      // Answer again: a second answer to the second question.
      assert.equal((await post(`/chat/${id}/messages/${a2?.id}/retry`, {})).status, 303);
      let view = app.conversations.thread(id);
      const a2b = view.thread.at(-1);
      assert.equal(a2b?.parentId, q2?.id);
      assert.notEqual(a2b?.id, a2?.id);
      let html = await page(id);
      assert.match(html, /Previous answer[\s\S]*?2\/2/);

      // Edit the first question: a new branch from the root.
      assert.equal(
        (await post(`/chat/${id}/messages/${q1?.id}/edit`, { q: "How do I make water safe to drink?" })).status,
        303,
      );
      view = app.conversations.thread(id);
      assert.deepEqual(
        view.thread.map((m) => m.role),
        ["user", "assistant"],
      );
      assert.equal(view.thread[0]?.content, "How do I make water safe to drink?");
      assert.equal(view.thread[0]?.parentId, null);
      html = await page(id);
      assert.match(html, /2\/2/);
      assert.doesNotMatch(html, /How long should I boil it/);

      // Back to the first version: the thread comes back down to the newest answer of that branch.
      const shown = await post(`/chat/${id}/messages/${q1?.id}/show`, {});
      assert.equal(shown.status, 303);
      assert.deepEqual(
        app.conversations.thread(id).thread.map((m) => m.id),
        [q1?.id, a1?.id, q2?.id, a2b?.id],
      );
      assert.equal((await post(`/chat/${id}/messages/999999/show`, {})).status, 404);
      const stranger = await http.request(`/chat/${id}/messages/${q1?.id}/edit`, {
        method: "POST",
        body: new URLSearchParams({ q: "mine now" }),
        headers: { origin: "http://localhost", cookie: "almanac_owner=BBBBBBBBBBBBBBBBBBBBBB" },
      });
      assert.equal(stranger.status, 404);

      // The JSON Lines export holds the whole tree; Markdown holds the branch on show.
      const jsonl = await (await http.request(`/chat/${id}/export.jsonl`, { headers: { cookie } })).text();
      const lines = jsonl
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { id: number; parent_id: number | null; content: string });
      const all = app.conversations.messages(id);
      assert.deepEqual(
        lines.map((l) => [l.id, l.parent_id, l.content]),
        all.map((m) => [m.id, m.parentId, m.content]),
      );
      assert.equal(lines.length, 7);
      const md = await (await http.request(`/chat/${id}/export.md`, { headers: { cookie } })).text();
      assert.match(md, /## How long should I boil it\?/);
      assert.doesNotMatch(md, /make water safe/);

      // Importing it rebuilds the same tree under new ids.
      const form = new FormData();
      form.append("file", new File([jsonl], "export.jsonl"));
      const imported = await http.request("/chat/import", {
        method: "POST",
        body: form,
        headers: { origin: "http://localhost", cookie },
      });
      assert.equal(imported.status, 303);
      const copy = app.conversations.list("AAAAAAAAAAAAAAAAAAAAAA").find((c) => c.id !== id);
      const copied = app.conversations.messages(copy?.id as string);
      const shape = (rows: Array<{ id: number; parentId: number | null }>) => {
        const index = new Map(rows.map((r, i) => [r.id, i]));
        return rows.map((r) => (r.parentId === null ? null : index.get(r.parentId)));
      };
      assert.deepEqual(shape(copied), shape(all));
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});

describe("titles and summaries with a chat model", () => {
  it("summarises a long thread in the background and sends the summary with the next question", async () => {
    const tmp = tempDir();
    const app = await openTestApp(
      tmp.dir,
      makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") }),
      fixtureModels(),
      { chatContextSize: 1024, maxAnswerTokens: 8 },
    );
    await app.indexer.reconcile();
    const http = createHttpApp(app.services);
    const cookie = "almanac_owner=AAAAAAAAAAAAAAAAAAAAAA";
    const ask = (q: string, conversation?: string) =>
      http.request("/chat/ask", {
        method: "POST",
        body: new URLSearchParams({ q, ...(conversation ? { conversation } : {}) }),
        headers: { origin: "http://localhost", cookie },
      });
    try {
      assert.equal(app.answerer.mode, "rag");
      const first = await ask("How do I purify water?");
      const id = /\/chat\/([\w-]{22})/.exec(first.headers.get("location") ?? "")?.[1] as string;
      for (let i = 0; i < 5; i++) await ask(`How long should I boil water, case ${i}?`, id);
      const deadline = Date.now() + 60_000;
      while (!app.conversations.byId(id)?.summary && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const conversation = app.conversations.byId(id);
      assert.ok(conversation?.summary, "a summary was kept");
      const thread = app.conversations.thread(id).thread;
      assert.equal(conversation?.summaryUpto, thread[thread.length - 1 - SUMMARY_KEEP_RECENT]?.id);
      assert.equal(thread.length, 12);
      const history = promptHistory(thread, {
        text: conversation?.summary as string,
        upto: conversation?.summaryUpto as number,
      });
      assert.equal(history[0]?.role, "system");
      assert.equal(history.length, 1 + SUMMARY_KEEP_RECENT);
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});

describe("Markdown export and import", () => {
  it("reads Almanac's own Markdown back exactly, headings inside answers included, and plain notes in the same shape", async () => {
    const tmp = tempDir();
    const app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, {}), null);
    const owner = "AAAAAAAAAAAAAAAAAAAAAA";
    const cookie = `almanac_owner=${owner}`;
    const http = createHttpApp(app.services);
    try {
      const store = app.conversations;
      const a = store.create(owner, "Boiling water");
      store.add(a.id, { role: "user", content: "How long do I boil water?" });
      const answer = store.add(a.id, {
        role: "assistant",
        content: "## At sea level\n\nBoil it for one minute [1].\n\n# Altitude\n\nThree minutes above 2,000 m.",
        sources: JSON.stringify([{ index: 1, label: "Water › Boiling", url: "/read/abc?start=1&end=9#passage" }]),
        mode: "extractive",
      });
      store.rate(owner, a.id, answer.id, -1, "no altitude table");
      store.add(a.id, { role: "user", content: "And for snow?" });
      store.add(a.id, { role: "assistant", content: "Melt it first." });
      const b = store.create(owner, "Fire");
      store.add(b.id, { role: "user", content: "How do I start a fire?" });

      const md = await (await http.request("/chat/export.md", { headers: { cookie } })).text();
      const form = new FormData();
      form.append("file", new File([md], "all.md"));
      const res = await http.request("/chat/import", {
        method: "POST",
        body: form,
        headers: { origin: "http://localhost", cookie },
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/chat?imported=2");
      const copies = store.list(owner).filter((c) => c.id !== a.id && c.id !== b.id);
      const copyA = copies.find((c) => c.title === "Boiling water");
      assert.ok(copyA && copies.some((c) => c.title === "Fire"));
      const shown = (id: string) =>
        store
          .messages(id)
          .map((m) => [m.role, m.content, m.rating, m.ratingNote, JSON.parse(m.sources ?? "null")?.[0]?.url ?? null]);
      assert.deepEqual(shown(copyA.id), shown(a.id));

      const notes = "# Garden\n\n## When do I plant beans?\n\nAfter the last frost.\n\n## How deep?\n\nAbout 3 cm.\n";
      const plain = new FormData();
      plain.append("file", new File([notes], "garden.md"));
      await http.request("/chat/import", {
        method: "POST",
        body: plain,
        headers: { origin: "http://localhost", cookie },
      });
      const garden = store.list(owner).find((c) => c.title === "Garden");
      assert.deepEqual(
        store.messages(garden?.id as string).map((m) => m.content),
        ["When do I plant beans?", "After the last frost.", "How deep?", "About 3 cm."],
      );
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});
