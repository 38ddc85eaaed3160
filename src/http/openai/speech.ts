// POST /v1/audio/speech: OpenAI's text-to-speech schema, answered by Debian's espeak-ng as a WAV.
import type { Context, Hono } from "hono";
import { z } from "zod";
import { LOCALES } from "../../i18n/index.js";
import { detectLanguage } from "../../ingest/language.js";
import { SpeechError, speechVoices, synthesizeWav, voiceForLanguage } from "../../models/speech.js";
import { openAiError } from "../errors.js";
import { parseBody } from "./schemas.js";

/** The languages an input's own is guessed among: the web app's (ISO 639-1). */
const SPOKEN_GUESSES = [...new Set(LOCALES.map((l) => l.split("-")[0] ?? l))];

/** The longest input OpenAI's speech endpoint takes, characters. */
export const MAX_SPEECH_CHARS = 4096;

/**
 * `POST /v1/audio/speech` body: OpenAI's schema (`model` and `voice` are
 * accepted whatever they name), plus Almanac's `language` (ISO 639-1).
 * Only `wav` is made; leaving `response_format` out gets a WAV too.
 */
export const SpeechRequest = z
  .object({
    model: z.string().min(1).optional(),
    input: z.string().trim().min(1, "input is required").max(MAX_SPEECH_CHARS),
    voice: z.string().min(1).max(40).optional(),
    response_format: z
      .string()
      .optional()
      .refine((f) => f === undefined || f === "wav", "only response_format wav is made here (espeak-ng)"),
    speed: z.number().min(0.25).max(4).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, "language is a code such as en, de or pt-BR")
      .optional(),
  })
  .passthrough();

/**
 * The espeak-ng voice for a request: `language` when given; else `voice`
 * when it names an espeak-ng voice (OpenAI's `alloy`, `nova` … do not); else
 * the input's language, read among the web app's languages (a short text
 * read among all 62 is a guess); else English.
 */
export function speechVoiceFor(req: {
  input: string;
  voice?: string | undefined;
  language?: string | undefined;
}): string {
  if (req.language) return voiceForLanguage(req.language);
  if (req.voice && speechVoices().has(req.voice.toLowerCase())) return req.voice.toLowerCase();
  const detected = detectLanguage(req.input, SPOKEN_GUESSES);
  return detected.reliable ? voiceForLanguage(detected.code) : "en";
}

/** `POST /v1/audio/speech`: the WAV, or an OpenAI-shaped refusal. */
async function speech(c: Context): Promise<Response> {
  const parsed = await parseBody(c, SpeechRequest);
  if ("error" in parsed) return parsed.error;
  const req = parsed.data;
  // An answer's citation markers are not read out.
  const text = req.input.replace(/\[\d+(?:\s*[,–-]\s*\d+)*\]/g, "");
  try {
    const wav = await synthesizeWav(text, speechVoiceFor(req), req.speed ?? 1, c.req.raw.signal);
    return c.body(new Uint8Array(wav), 200, { "content-type": "audio/wav", "cache-control": "no-store" });
  } catch (err) {
    if (!(err instanceof SpeechError)) throw err;
    return err.missing
      ? openAiError(c, 501, err.message, "server_error", null, "speech_unavailable")
      : openAiError(c, 500, err.message, "server_error");
  }
}

/**
 * Mounts `POST /audio/speech` on `r`: a WAV of `input` spoken by espeak-ng
 * (501 `speech_unavailable` when it is not installed; 400 for a bad body).
 * Source: OpenAI's `POST /v1/audio/speech` (https://platform.openai.com/docs/api-reference/audio/createSpeech).
 */
export function mountSpeechRoutes(r: Hono): void {
  r.post("/audio/speech", (c) => speech(c));
}
