import { parse } from "@plussub/srt-vtt-parser";
import { decodeText } from "./decode.js";
import { DocumentBuilder, titleFromFileName } from "./document-builder.js";
import { LimitError, type ParseLimits } from "./limits.js";
import { formatTime } from "./time.js";
import type { ParsedDocument } from "./types.js";

/** Video and audio files indexed from a subtitle file beside them. */
export const MEDIA_EXTENSIONS = [
  ".mp4",
  ".m4v",
  ".mkv",
  ".webm",
  ".mov",
  ".ogv",
  ".mp3",
  ".m4a",
  ".ogg",
  ".oga",
  ".opus",
  ".wav",
  ".flac",
];
/** Sidecar subtitle extensions, in order of preference. */
export const SUBTITLE_EXTENSIONS = [".vtt", ".srt"];

/** Thrown for a subtitle file with no cue that can be read. */
export class SubtitleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SubtitleError";
  }
}

/** One cue: its span in seconds and its text, tags stripped. */
export interface Cue {
  from: number;
  to: number;
  text: string;
}

/** `00:01:02,500 --> 00:01:04,000` (SRT) or `01:02.500 --> 01:04.000 align:start` (WebVTT). */
const TIMING =
  /^\s*(?:\d{1,3}:)?[0-5]?\d:[0-5]\d[.,]\d{1,3}\s+-->\s+(?:\d{1,3}:)?[0-5]?\d:[0-5]\d[.,]\d{1,3}(?:\s.*)?$/;
/** Passages end at a pause this long, seconds. */
const PAUSE_S = 4;
/** A passage closes at a sentence end once it spans this long, seconds, or at any cue past twice that. */
const PASSAGE_S = 30;
/** Transcript chapters: one per this many seconds. */
const CHAPTER_S = 300;

function cleanCueText(raw: string): string {
  return raw
    .replace(/<[^>]*>/g, "")
    .replace(/\{\\[^}]*\}/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Reads the cues of an SRT or WebVTT file with `@plussub/srt-vtt-parser`.
 * Cue blocks whose timing line is not a valid time range are dropped first
 * (the parser throws on them), and so are cues that end before they start;
 * inline tags (`<i>`, `<v Bob>`, `{\an8}`) are stripped and a cue repeating
 * the previous one (roll-up captions) is merged into it.
 * @returns the cues in time order and how many were dropped.
 */
export function readCues(text: string): { cues: Cue[]; dropped: number } {
  const blocks = text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/);
  let dropped = 0;
  const kept: string[] = [];
  for (const [i, block] of blocks.entries()) {
    if (i === 0 && block.startsWith("WEBVTT")) {
      kept.push("WEBVTT");
      continue;
    }
    const lines = block.split("\n");
    const timing = lines.findIndex((l) => l.includes("-->"));
    // NOTE, STYLE and REGION blocks carry no cue; a cue with a broken timing line is dropped and counted.
    if (timing < 0) continue;
    const line = lines[timing] as string;
    if (!TIMING.test(line)) {
      dropped++;
      continue;
    }
    // Cue settings (`align:start`) are dropped: the parser reads them as part of the end time.
    lines[timing] = line.replace(/^(\s*\S+\s+-->\s+\S+).*$/, "$1");
    kept.push(lines.join("\n"));
  }
  const cues: Cue[] = [];
  for (const e of parse(kept.join("\n\n")).entries) {
    const cue = { from: e.from / 1000, to: e.to / 1000, text: cleanCueText(e.text) };
    if (!Number.isFinite(cue.from) || !Number.isFinite(cue.to) || cue.to < cue.from) {
      dropped++;
      continue;
    }
    if (!cue.text) continue;
    const last = cues.at(-1);
    if (last && last.text === cue.text) last.to = Math.max(last.to, cue.to);
    else cues.push(cue);
  }
  cues.sort((a, b) => a.from - b.from);
  return { cues, dropped };
}

/**
 * Parses the subtitles of a video or audio file into a transcript: cues merge
 * into passages at pauses of 4 s or more and at sentence ends once a passage
 * spans 30 s, each passage a block; chapters are 5-minute spans ("5:00–10:00").
 * `pages` carries each passage's time span as its label, `from-to` in
 * seconds, so a citation can give the times it covers.
 *
 * @param bytes - the `.srt` or `.vtt` file.
 * @param mediaPath - the media file's library path (names the fallback title).
 * @throws SubtitleError when no cue can be read; LimitError over `maxTextChars`.
 */
export function parseSubtitles(bytes: Uint8Array, mediaPath: string, limits: ParseLimits): ParsedDocument {
  const { text } = decodeText(bytes);
  if (text.length > limits.maxTextChars)
    throw new LimitError(`subtitles are over the limit of ${limits.maxTextChars} characters (maxTextChars)`);
  const { cues, dropped } = readCues(text);
  if (cues.length === 0)
    throw new SubtitleError(
      dropped > 0 ? `no readable subtitle cues (${dropped} had invalid timestamps)` : "the subtitle file has no cues",
    );
  const builder = new DocumentBuilder();
  const pages: NonNullable<ParsedDocument["pages"]> = [];
  let chapter = -1;
  let passage: Cue[] = [];
  const flush = () => {
    const first = passage[0];
    const last = passage.at(-1);
    if (!first || !last) return;
    const at = Math.floor(first.from / CHAPTER_S);
    if (at !== chapter) {
      chapter = at;
      builder.setPath([`${formatTime(at * CHAPTER_S)}–${formatTime((at + 1) * CHAPTER_S)}`]);
    }
    pages.push({ start: builder.nextOffset(), label: `${first.from}-${last.to}` });
    builder.block(passage.map((c) => c.text).join(" "));
    passage = [];
  };
  for (const cue of cues) {
    const first = passage[0];
    const last = passage.at(-1);
    if (first && last) {
      const span = cue.from - first.from;
      const pause = cue.from - last.to >= PAUSE_S;
      const sentenceEnd = /[.!?…]["”’)]?$/.test(last.text);
      const chapterChange = Math.floor(cue.from / CHAPTER_S) !== Math.floor(first.from / CHAPTER_S);
      if (pause || chapterChange || (span >= PASSAGE_S && sentenceEnd) || span >= 2 * PASSAGE_S) flush();
    }
    passage.push(cue);
  }
  flush();
  const doc = builder.build({
    title: titleFromFileName(mediaPath),
    author: null,
    format: "media",
    metadata: { duration: formatTime(cues.at(-1)?.to ?? 0) },
  });
  doc.pages = pages;
  if (dropped > 0) doc.warnings = [`${dropped} subtitle cues had invalid timestamps and were skipped`];
  return doc;
}

/** `hh:mm:ss.mmm` as WebVTT writes times. */
function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/**
 * Cues as a WebVTT file for the player's captions track: the cleaned cue
 * text, escaped (`&`, `<`, `>`), so a subtitle file cannot inject markup.
 * Source: W3C WebVTT §4.
 */
export function toWebVtt(cues: readonly Cue[]): string {
  const body = cues.map((c) => {
    const text = c.text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/-->/g, "--&gt;");
    return `${vttTime(c.from)} --> ${vttTime(c.to)}\n${text}`;
  });
  return `WEBVTT\n\n${body.join("\n\n")}\n`;
}
