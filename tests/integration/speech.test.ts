import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import OpenAI from "openai";
import { speechVoiceFor } from "../../src/http/openai/speech.js";
import { fixWavSizes, speechEngine } from "../../src/models/speech.js";
import { BOOKS, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

const NO_ESPEAK = speechEngine() ? false : "espeak-ng is not installed (apt install espeak-ng)";

describe("POST /v1/audio/speech", () => {
  async function served() {
    const tmp = tempDir();
    const app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, { "s/Water.md": join(BOOKS, "Water.md") }), null);
    const { base, close } = await serveApp(app);
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: "unused", maxRetries: 0 });
    return {
      base,
      client,
      close: async () => {
        await close();
        await app.close();
        tmp.cleanup();
      },
    };
  }

  it("speaks OpenAI's request as a whole WAV file through espeak-ng", { skip: NO_ESPEAK }, async () => {
    const s = await served();
    try {
      const res = await s.client.audio.speech.create({
        model: "tts-1",
        voice: "alloy",
        input: "Boil the water for one full minute [1].",
        response_format: "wav",
      });
      assert.equal(res.headers.get("content-type"), "audio/wav");
      const wav = Buffer.from(await res.arrayBuffer());
      assert.equal(wav.toString("ascii", 0, 4), "RIFF");
      assert.equal(wav.toString("ascii", 8, 12), "WAVE");
      assert.equal(wav.readUInt32LE(4), wav.length - 8, "the RIFF size is the file's, not espeak's placeholder");
      const data = wav.indexOf("data", 12, "ascii");
      assert.equal(wav.readUInt32LE(data + 4), wav.length - data - 8);
      // Over a second of 22 050 Hz 16-bit mono: words were spoken, not an empty header.
      assert.ok(wav.length - data - 8 > 44_100, `${wav.length} bytes`);
      const status = (await (await fetch(`${s.base}/status`)).json()) as { speech: { engine: string | null } };
      assert.equal(status.speech.engine, "espeak-ng");
      const page = await (await fetch(`${s.base}/status`, { headers: { accept: "text/html" } })).text();
      assert.match(page, /POST \/v1\/audio\/speech\): espeak-ng/);
    } finally {
      await s.close();
    }
  });

  it("refuses an empty input and a format it cannot make, naming the field", async () => {
    const s = await served();
    try {
      for (const [body, param] of [
        [{ model: "tts-1", voice: "alloy", input: "  " }, "input"],
        [{ model: "tts-1", voice: "alloy", input: "Hello", response_format: "mp3" }, "response_format"],
      ] as const) {
        const res = await fetch(`${s.base}/v1/audio/speech`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        assert.equal(res.status, 400);
        const err = (await res.json()) as { error: { param: string } };
        assert.equal(err.error.param, param);
      }
    } finally {
      await s.close();
    }
  });

  it("picks the voice from language, then an espeak-ng voice name, then the text's own language", {
    skip: NO_ESPEAK,
  }, () => {
    assert.equal(speechVoiceFor({ input: "Hello", language: "de" }), "de");
    assert.equal(speechVoiceFor({ input: "Hello", language: "zh-CN" }), "cmn");
    assert.equal(speechVoiceFor({ input: "Hello there", voice: "en-gb" }), "en-gb");
    const german = "Das Wasser muss mindestens eine Minute lang sprudelnd kochen, bevor man es trinken kann.";
    assert.equal(speechVoiceFor({ input: german, voice: "alloy" }), "de");
  });

  it("fixes the placeholder sizes espeak-ng streams in its header", () => {
    const wav = Buffer.alloc(44 + 10);
    wav.write("RIFF", 0, "ascii");
    wav.writeUInt32LE(0x7ffff024, 4);
    wav.write("WAVEfmt ", 8, "ascii");
    wav.writeUInt32LE(16, 16);
    wav.write("data", 36, "ascii");
    wav.writeUInt32LE(0x7ffff000, 40);
    fixWavSizes(wav);
    assert.equal(wav.readUInt32LE(4), 46);
    assert.equal(wav.readUInt32LE(40), 10);
  });
});
