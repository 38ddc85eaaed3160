import { lstat } from "node:fs/promises";
import { extname } from "node:path";
import { MEDIA_EXTENSIONS, SUBTITLE_EXTENSIONS } from "../ingest/subtitles.js";

/** The subtitle file beside a media file (`talk.mp4` → `talk.vtt`, else `talk.srt`), or null. Links are not followed. */
export async function sidecarOf(mediaAbs: string): Promise<string | null> {
  const base = mediaAbs.slice(0, mediaAbs.length - extname(mediaAbs).length);
  for (const ext of SUBTITLE_EXTENSIONS) {
    const s = await lstat(base + ext).catch(() => null);
    if (s?.isFile()) return base + ext;
  }
  return null;
}

/**
 * A media file's change time as the index records it: the later of its own
 * and its subtitle file's, so editing the subtitles alone re-indexes it.
 */
export async function mediaMtimeMs(mediaAbs: string, ownMtimeMs: number): Promise<number> {
  const sidecar = await sidecarOf(mediaAbs);
  const s = sidecar ? await lstat(sidecar).catch(() => null) : null;
  return Math.trunc(Math.max(ownMtimeMs, s?.mtimeMs ?? 0));
}

/** The media files a subtitle file belongs to (the same name with each media extension); empty for other files. */
export function mediaPathsOfSidecar(path: string): string[] {
  const ext = extname(path).toLowerCase();
  if (!SUBTITLE_EXTENSIONS.includes(ext)) return [];
  const base = path.slice(0, path.length - ext.length);
  return MEDIA_EXTENSIONS.flatMap((m) => [base + m, base + m.toUpperCase()]);
}
