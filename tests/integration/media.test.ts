import assert from "node:assert/strict";
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { citationLabel, toSources } from "../../src/generate/sources.js";
import { createHttpApp } from "../../src/http/server.js";
import { listDocuments } from "../../src/state/documents.js";
import { markedText, openTestApp, tempDir } from "../helpers.js";

/** Subtitles written for these tests. */
const WATER_SRT = `1
00:00:01,000 --> 00:00:03,500
<i>Welcome</i> to the water lesson.

2
00:00:08,000 --> 00:00:11,000
Bring cloudy water to a rolling boil

3
00:00:11,000 --> 00:00:15,000
for one full minute before you drink it.

4
00:00:20,000 --> 00:00:24,000
{\\an8}Store boiled water in a clean, covered pot.

5
00:05:01,000 --> 00:05:04,000
Part two: building a sand filter.
`;

/** A valid one-second silent WAV (8 kHz, 8-bit mono). */
function silentWav(): Buffer {
  const data = Buffer.alloc(8000, 0x80);
  const h = Buffer.alloc(44);
  h.write("RIFF", 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write("WAVEfmt ", 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(8000, 28);
  h.writeUInt16LE(1, 32);
  h.writeUInt16LE(8, 34);
  h.write("data", 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

describe("video and audio in the library", () => {
  const tmp = tempDir();
  let app: Almanac;
  const lib = join(tmp.dir, "library");
  before(async () => {
    mkdirSync(join(lib, "talks"), { recursive: true });
    writeFileSync(join(lib, "talks", "water.wav"), silentWav());
    writeFileSync(join(lib, "talks", "water.srt"), WATER_SRT);
    writeFileSync(join(lib, "talks", "silent.mp4"), Buffer.alloc(2048, 1));
    writeFileSync(join(lib, "talks", "garbled.mp3"), Buffer.alloc(2048, 1));
    writeFileSync(join(lib, "talks", "garbled.srt"), "1\nzz:zz --> later\nno time\n");
    app = await openTestApp(tmp.dir, lib, null);
    await app.indexer.reconcile();
  });
  after(async () => {
    await app?.close();
    tmp.cleanup();
  });

  it("indexes media from its subtitles; without them it is skipped, with garbage it fails", async () => {
    assert.deepEqual((await app.status()).formats, { media: 1 });
    const docs = new Map(listDocuments(app.db).map((d) => [d.path, d]));
    assert.equal(docs.get("talks/water.wav")?.status, "indexed");
    assert.equal(docs.get("talks/silent.mp4")?.status, "skipped");
    assert.match(docs.get("talks/silent.mp4")?.error ?? "", /no subtitles/);
    assert.equal(docs.get("talks/garbled.mp3")?.status, "failed");
    assert.match(docs.get("talks/garbled.mp3")?.error ?? "", /invalid timestamps/);
    assert.ok(!docs.has("talks/water.srt"), "the subtitle file is not a document of its own");
  });

  it("cites the times a passage covers, and the reader plays from the cited time", async () => {
    const results = await app.retriever.search("rolling boil one full minute", { k: 1 });
    const [source] = toSources(results, (d, o) => app.pages.labelAt(d, o));
    assert.ok(source);
    assert.deepEqual(source.time, { start: 1, end: 24 });
    assert.match(citationLabel(source), /^water › 0:00–5:00 \(at 0:01–0:24\)$/);
    const http = createHttpApp(app.services);
    const page = await (await http.request(source.url)).text();
    assert.equal(markedText(page), source.text);
    const player = /<audio controls="" preload="metadata" src="([^"]+)"/.exec(page)?.[1];
    assert.match(page, /<track kind="captions" src="\/read\/[0-9a-f]{16}\/captions"/);
    assert.equal(player, `/read/${source.docId}/media#t=1,24`, "the player covers the cited span");
    const captions = await http.request(`/read/${source.docId}/captions`);
    assert.equal(captions.headers.get("content-type"), "text/vtt; charset=utf-8");
    assert.match(await captions.text(), /^WEBVTT\n\n00:00:01\.000 --> 00:00:03\.500\nWelcome to the water lesson\./);
    const part = await http.request(`/read/${source.docId}/media`, { headers: { range: "bytes=0-99" } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), "bytes 0-99/8044");
    assert.equal(part.headers.get("content-type"), "audio/wav");
    assert.equal((await part.arrayBuffer()).byteLength, 100);
    const whole = await http.request(`/read/${source.docId}/media`);
    assert.equal(whole.status, 200);
    assert.equal((await whole.arrayBuffer()).byteLength, 8044);
    assert.equal(
      (await http.request(`/read/${source.docId}/media`, { headers: { range: "bytes=9000-" } })).status,
      416,
    );
    const skipped = listDocuments(app.db).find((d) => d.path === "talks/silent.mp4");
    assert.equal((await http.request(`/read/${skipped?.id}/media`)).status, 404, "only indexed media is served");
  });

  it("re-indexes a media file when only its subtitles change", async () => {
    writeFileSync(
      join(lib, "talks", "water.srt"),
      `${WATER_SRT}\n6\n00:05:10,000 --> 00:05:12,000\nCharcoal removes bad tastes.\n`,
    );
    const later = new Date(Date.now() + 5000);
    utimesSync(join(lib, "talks", "water.srt"), later, later);
    await app.indexer.reconcile();
    const hits = await app.retriever.search("charcoal removes bad tastes", { k: 1 });
    assert.match(hits[0]?.chunk.text ?? "", /Charcoal removes bad tastes/);
  });
});
