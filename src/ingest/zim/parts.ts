import { type FileHandle, lstat, open } from "node:fs/promises";
import { ZimFormatError } from "./format.js";

/**
 * The random-access file a {@link ZimArchive} reads: one file, or the parts
 * of a split archive read as one. `fs.promises.FileHandle` is one.
 */
export interface ZimFile {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number; mtimeMs: number; isFile(): boolean }>;
  close(): Promise<void>;
}

/** A split archive's part: `name.zimaa`, `name.zimab` … (`split -b`, as Kiwix distributes archives for FAT32 drives). */
const PART = /\.zim([a-z])([a-z])$/i;

/** Whether `path` is the first part of a split archive (`.zimaa`), the one the library lists. */
export function isFirstZimPart(path: string): boolean {
  return /\.zimaa$/i.test(path);
}

/** The first part of the split archive `path` belongs to (`x.zimac` → `x.zimaa`), or null for other files. */
export function firstZimPartOf(path: string): string | null {
  const m = PART.exec(path);
  if (!m) return null;
  const aa = m[1] === m[1]?.toUpperCase() ? "AA" : "aa";
  return path.slice(0, path.length - 2) + aa;
}

/** The part after `path` (`.zimaz` → `.zimba`), or null after `.zimzz`. */
function nextPart(path: string): string | null {
  const m = PART.exec(path);
  if (!m?.[1] || !m[2]) return null;
  const [a, b] = [m[1].toLowerCase().charCodeAt(0), m[2].toLowerCase().charCodeAt(0)];
  const code = (a - 97) * 26 + (b - 97) + 1;
  if (code >= 26 * 26) return null;
  const letters = String.fromCharCode(97 + Math.floor(code / 26), 97 + (code % 26));
  return path.slice(0, path.length - 2) + (m[1] === m[1].toUpperCase() ? letters.toUpperCase() : letters);
}

/**
 * The parts of the split archive whose first part is `firstAbs`, in order:
 * each regular file that follows without a gap (links are not followed).
 */
export async function zimParts(firstAbs: string): Promise<string[]> {
  const parts: string[] = [];
  for (let p: string | null = firstAbs; p; p = nextPart(p)) {
    const s = await lstat(p).catch(() => null);
    if (!s?.isFile()) break;
    parts.push(p);
  }
  return parts;
}

/** A split archive's size (its parts' sum, bytes) and change time (the latest part's, epoch ms), as the index records them. */
export async function zimPartsStat(firstAbs: string): Promise<{ size: number; mtimeMs: number }> {
  let size = 0;
  let mtimeMs = 0;
  for (const p of await zimParts(firstAbs)) {
    const s = await lstat(p);
    size += s.size;
    mtimeMs = Math.max(mtimeMs, Math.trunc(s.mtimeMs));
  }
  return { size, mtimeMs };
}

/**
 * An archive's size and change time as the index records them: a split
 * archive's parts together ({@link zimPartsStat}), else the file's own.
 * @throws the `fs` error of a file that cannot be read.
 */
export async function zimFileStat(abs: string): Promise<{ size: number; mtimeMs: number }> {
  if (isFirstZimPart(abs)) return zimPartsStat(abs);
  const s = await lstat(abs);
  return { size: s.size, mtimeMs: Math.trunc(s.mtimeMs) };
}

/** The parts of a split archive read as one file: a read that spans two parts is served from both. */
export class PartedFile implements ZimFile {
  private constructor(
    private readonly handles: FileHandle[],
    /** Where each part starts in the whole, bytes; one more entry holds the total size. */
    private readonly starts: number[],
    private readonly mtimeMs: number,
  ) {}

  /**
   * Opens every part of the archive whose first part is `firstAbs`.
   * @param flags - `open()` flags for each part (e.g. `O_NOFOLLOW`).
   * @throws the `fs` error of a part that cannot be opened (ENOENT when there is none).
   */
  static async open(firstAbs: string, flags: number | string = "r"): Promise<PartedFile> {
    const paths = await zimParts(firstAbs);
    if (paths.length === 0) {
      // Not a regular file: opening it says why (ENOENT, ELOOP for a link); a folder opens, and is refused.
      await (await open(firstAbs, flags)).close();
      throw new ZimFormatError("not a regular file");
    }
    const handles: FileHandle[] = [];
    try {
      const starts = [0];
      let mtimeMs = 0;
      for (const p of paths) {
        const fh = await open(p, flags);
        handles.push(fh);
        const s = await fh.stat();
        starts.push((starts.at(-1) as number) + s.size);
        mtimeMs = Math.max(mtimeMs, s.mtimeMs);
      }
      return new PartedFile(handles, starts, mtimeMs);
    } catch (err) {
      await Promise.all(handles.map((h) => h.close()));
      throw err;
    }
  }

  async read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    let done = 0;
    while (done < length) {
      const at = position + done;
      const part = this.starts.findIndex(
        (start, i) => i < this.handles.length && at < (this.starts[i + 1] as number) && at >= start,
      );
      if (part < 0) break;
      const within = at - (this.starts[part] as number);
      const room = (this.starts[part + 1] as number) - at;
      const { bytesRead } = await (this.handles[part] as FileHandle).read(
        buffer,
        offset + done,
        Math.min(length - done, room),
        within,
      );
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return { bytesRead: done };
  }

  async stat(): Promise<{ size: number; mtimeMs: number; isFile(): boolean }> {
    return { size: this.starts.at(-1) as number, mtimeMs: this.mtimeMs, isFile: () => true };
  }

  async close(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.close()));
  }
}
