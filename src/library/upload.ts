import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, link, mkdir, open, rename, unlink } from "node:fs/promises";
import { dirname, extname } from "node:path";
import { formatBytes } from "../ingest/limits.js";
import { formatOf, INDEXED_EXTENSIONS } from "../ingest/parse.js";
import { SUBTITLE_EXTENSIONS } from "../ingest/subtitles.js";
import { resolveInLibrary } from "./paths.js";

/** Why an upload was refused; the message is shown to the person uploading. */
export class UploadRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UploadRejectedError";
  }
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/** Longest file or folder name kept, characters (most file systems allow 255 bytes). */
const MAX_NAME_CHARS = 120;

/**
 * One safe path segment from a name a browser sent: the last path component
 * only, Unicode NFC, no control characters or `<>:"/\|?*`, no leading dots
 * (no hidden files, no `..`), spaces collapsed, at most 120 characters with the
 * extension kept. @returns "" when nothing usable is left.
 */
export function safeSegment(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? "";
  let clean = last
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  if (clean.length > MAX_NAME_CHARS) {
    const ext = extname(clean).slice(0, 12);
    clean = `${clean.slice(0, MAX_NAME_CHARS - ext.length).trim()}${ext}`;
  }
  return clean;
}

/** A file received for the library. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Saves an uploaded book into the library, in `collection` (a first-level
 * folder; "" for the library root). The name is made safe ({@link safeSegment}),
 * must carry a supported extension, and an existing name gets " (2)", " (3)"…
 * The bytes are written to a hidden temporary file (the watcher ignores dot
 * files) and hard-linked into place, so the watcher never sees a partial book
 * and an existing file is never overwritten.
 *
 * @returns the library-relative path saved.
 * @throws UploadRejectedError for an unsupported type, an empty or oversized
 *   file, or a name that is empty once cleaned; PathEscapeError if the path
 *   would leave the library root (it cannot, after cleaning; checked anyway).
 */
export async function saveUpload(
  libraryDir: string,
  collection: string,
  file: UploadedFile,
  maxBytes: number,
): Promise<string> {
  const name = safeSegment(file.name);
  const folder = collection ? safeSegment(collection) : "";
  if (!name) throw new UploadRejectedError("the file name is empty once unsafe characters are removed");
  if (collection && !folder)
    throw new UploadRejectedError("the collection name is empty once unsafe characters are removed");
  // Subtitle files are accepted as the sidecars of video and audio files.
  if (!formatOf(name) && !SUBTITLE_EXTENSIONS.includes(extname(name).toLowerCase()))
    throw new UploadRejectedError(
      `${name}: not a supported type (EPUB, PDF, saved web page, Markdown, plain text, ZIM, or video/audio with .srt/.vtt subtitles)`,
    );
  if (file.bytes.byteLength === 0) throw new UploadRejectedError(`${name}: the file is empty`);
  if (file.bytes.byteLength > maxBytes)
    throw new UploadRejectedError(
      `${name}: ${formatBytes(file.bytes.byteLength)}, over the ${formatBytes(maxBytes)} limit (maxFileMb)`,
    );
  const dirRel = folder;
  const dirAbs = dirRel ? resolveInLibrary(libraryDir, dirRel) : libraryDir;
  await mkdir(dirAbs, { recursive: true });
  const tmp = resolveInLibrary(
    libraryDir,
    `${dirRel ? `${dirRel}/` : ""}.upload-${randomBytes(8).toString("hex")}.part`,
  );
  const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    await fh.writeFile(file.bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    const ext = extname(name);
    const stem = name.slice(0, name.length - ext.length);
    for (let n = 1; n < 1000; n++) {
      const candidate = n === 1 ? name : `${stem} (${n})${ext}`;
      const rel = dirRel ? `${dirRel}/${candidate}` : candidate;
      const abs = resolveInLibrary(libraryDir, rel);
      if (dirname(abs) !== dirAbs) throw new UploadRejectedError(`${name}: unsafe name`);
      try {
        await link(tmp, abs);
        return rel;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "EEXIST") continue;
        // exFAT and FAT drives have no hard links: rename, after checking the name is free.
        if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw err;
        if (await exists(abs)) continue;
        await rename(tmp, abs);
        return rel;
      }
    }
    throw new UploadRejectedError(`${name}: too many files with this name`);
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/** The `accept` list of the upload form: every extension Almanac indexes, and subtitle sidecars. */
export const UPLOAD_ACCEPT = [...INDEXED_EXTENSIONS, ...SUBTITLE_EXTENSIONS].join(",");
