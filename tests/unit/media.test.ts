import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRange } from "../../src/http/range.js";
import { DEFAULT_PARSE_LIMITS } from "../../src/ingest/limits.js";
import { parseSubtitles, readCues } from "../../src/ingest/subtitles.js";

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

describe("subtitles (pure)", () => {
  it("strips inline tags, drops cues with garbage timestamps and merges roll-up repeats", () => {
    const { cues, dropped } = readCues(
      `WEBVTT\n\n00:01.000 --> 00:02.000\n<v Bob>Hi <c.red>all</c></v>\n\n00:02.000 --> 00:03.000\nHi all\n\nzz:00 --> 99:99:99\nBroken cue\n\nNOTE a comment\n\n00:04.000 --> 00:05.500 align:start\nBye &amp; thanks\n`,
    );
    assert.deepEqual(cues, [
      { from: 1, to: 3, text: "Hi all" },
      { from: 4, to: 5.5, text: "Bye & thanks" },
    ]);
    assert.equal(dropped, 1);
  });

  it("merges cues into passages at pauses, with time spans and 5-minute chapters", () => {
    const doc = parseSubtitles(Buffer.from(WATER_SRT), "talks/water.wav", DEFAULT_PARSE_LIMITS);
    assert.equal(doc.title, "water");
    assert.equal(doc.format, "media");
    assert.deepEqual(doc.text.split("\n\n"), [
      "Welcome to the water lesson.",
      "Bring cloudy water to a rolling boil for one full minute before you drink it.",
      "Store boiled water in a clean, covered pot.",
      "Part two: building a sand filter.",
    ]);
    assert.deepEqual(
      doc.pages?.map((p) => p.label),
      ["1-3.5", "8-15", "20-24", "301-304"],
    );
    assert.deepEqual(
      doc.sections.map((s) => s.headingPath.join()),
      ["0:00–5:00", "5:00–10:00"],
    );
  });

  it("fails a file whose every cue is garbage, naming why", () => {
    assert.throws(
      () =>
        parseSubtitles(Buffer.from("1\nzz --> yy\nnothing\n\n2\n00:00:xx --> 1\nmore"), "a.mp4", DEFAULT_PARSE_LIMITS),
      /no readable subtitle cues|no cues/,
    );
  });

  it("parses single byte ranges", () => {
    assert.deepEqual(parseRange("bytes=0-99", 1000), { start: 0, end: 99 });
    assert.deepEqual(parseRange("bytes=900-", 1000), { start: 900, end: 999 });
    assert.deepEqual(parseRange("bytes=-100", 1000), { start: 900, end: 999 });
    assert.equal(parseRange("bytes=1000-", 1000), "invalid");
    assert.equal(parseRange("items=0-1", 1000), "invalid");
    assert.equal(parseRange(undefined, 1000), null);
  });
});
