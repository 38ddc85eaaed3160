import { execFile, execFileSync } from "node:child_process";

/** Longest one synthesis may take, ms. */
const SPEECH_TIMEOUT_MS = 30_000;
/** espeak-ng's default rate, words a minute; `speed` scales it. */
const BASE_WPM = 175;

let engine: "espeak-ng" | null | undefined;
let voices: Set<string> | undefined;

/** The speech engine installed on this machine: Debian's `espeak-ng`, or null; checked once. */
export function speechEngine(): "espeak-ng" | null {
  if (engine === undefined) {
    try {
      execFileSync("espeak-ng", ["--version"], { stdio: "ignore", timeout: 5000 });
      engine = "espeak-ng";
    } catch {
      engine = null;
    }
  }
  return engine;
}

/** espeak-ng's voice and language names (`en-us`, `de`, `cmn` …), lower-cased; empty without the engine; read once. */
export function speechVoices(): Set<string> {
  if (voices === undefined) {
    voices = new Set();
    if (speechEngine())
      try {
        const out = execFileSync("espeak-ng", ["--voices"], { encoding: "utf8", timeout: 5000 });
        // "Pty Language Age/Gender VoiceName File Other Languages": the second column.
        for (const line of out.split("\n").slice(1)) {
          const name = line.trim().split(/\s+/)[1];
          if (name) voices.add(name.toLowerCase());
        }
      } catch {}
  }
  return voices;
}

/** The espeak-ng voice for an ISO 639-1 language code: Chinese is Mandarin (`cmn`); one it lacks is English. */
export function voiceForLanguage(code: string): string {
  const lang = code.toLowerCase();
  if (lang === "zh" || lang.startsWith("zh-")) return "cmn";
  if (speechVoices().has(lang)) return lang;
  const base = lang.split("-")[0] ?? "";
  return speechVoices().has(base) ? base : "en";
}

/** Thrown when speech cannot be made: no engine installed, or espeak-ng failed or took too long. */
export class SpeechError extends Error {
  constructor(
    message: string,
    /** True when no engine is installed (the API's 501), false when one failed (its 500). */
    readonly missing = false,
  ) {
    super(message);
    this.name = "SpeechError";
  }
}

/**
 * Fixes the sizes in a WAV header: `espeak-ng --stdout` streams, so it
 * writes placeholders (0x7ffff000-ish) in the RIFF and `data` chunk sizes.
 * Source: the RIFF WAVE format (Microsoft/IBM Multimedia Programming Interface, 1991).
 * @returns the same buffer, patched.
 */
export function fixWavSizes(wav: Buffer): Buffer {
  if (wav.length < 12 || wav.toString("ascii", 0, 4) !== "RIFF") return wav;
  wav.writeUInt32LE(wav.length - 8, 4);
  // Walk the chunks after "WAVE" to the data chunk, whose body runs to the end.
  let at = 12;
  while (at + 8 <= wav.length) {
    const id = wav.toString("ascii", at, at + 4);
    if (id === "data") {
      wav.writeUInt32LE(wav.length - at - 8, at + 4);
      break;
    }
    at += 8 + wav.readUInt32LE(at + 4);
  }
  return wav;
}

/**
 * Speaks `text` with espeak-ng as a 22 050 Hz mono 16-bit WAV.
 * @param voice - an espeak-ng voice or language (`en-us`, `de`, `cmn`); checked against `[a-z0-9-]`.
 * @param speed - 0.25–4, times espeak-ng's 175 words a minute (default 1).
 * @throws SpeechError when espeak-ng is not installed, fails, or takes over 30 s.
 */
export function synthesizeWav(text: string, voice: string, speed = 1, signal?: AbortSignal): Promise<Buffer> {
  if (!speechEngine()) throw new SpeechError("speech needs Debian's espeak-ng (apt install espeak-ng)", true);
  if (!/^[a-z0-9-]{1,40}$/i.test(voice)) throw new SpeechError(`not an espeak-ng voice: ${voice}`);
  const wpm = String(Math.round(Math.min(450, Math.max(80, BASE_WPM * speed))));
  return new Promise((resolve, reject) => {
    const child = execFile(
      "espeak-ng",
      ["--stdout", "-v", voice, "-s", wpm, "-b", "1"],
      { encoding: "buffer", maxBuffer: 64 * 1024 * 1024, timeout: SPEECH_TIMEOUT_MS, ...(signal ? { signal } : {}) },
      (err, stdout) =>
        err ? reject(new SpeechError(`espeak-ng failed: ${err.message}`)) : resolve(fixWavSizes(stdout)),
    );
    // The text goes on stdin, never on the command line: no argument injection, no length limit there.
    child.stdin?.end(text, "utf8");
  });
}
