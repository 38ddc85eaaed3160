import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { copyFile, lstat, mkdir, readdir, readFile, rename, rm, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isFirstZimPart, zimParts } from "../ingest/zim/parts.js";
import type { Logger } from "../log.js";
import { resolveInLibrary, toLibraryPath } from "./paths.js";

/** Days a removed book stays in the trash before {@link purgeTrash} deletes it. */
export const TRASH_DAYS = 30;
/** How often a running server purges expired trash (6 hours, in ms). */
export const PURGE_EVERY_MS = 6 * 3600 * 1000;

const DAY_MS = 24 * 3600 * 1000;
const ENTRY = "entry.json";
/** `<epoch ms>-<16 hex digits>`: the only names the trash root holds, so an id from a URL cannot name anything else. */
const TRASH_ID = /^\d{13}-[0-9a-f]{16}$/;

/** What `entry.json` records beside a trashed file. */
interface EntryFile {
  /** Library-relative POSIX path the file came from. */
  originalPath: string;
  /** The file's name inside the entry's folder. */
  file: string;
  title?: string;
  /** ISO 8601. */
  trashedAt: string;
  /** A split ZIM's later parts (`.zimab`…), by name, moved with its first part and restored beside it. */
  parts?: string[];
}

/** One book in the trash, as {@link listTrash} reports it. */
export interface TrashEntry {
  /** The entry's folder name under `<dataDir>/trash/`; what {@link restoreFromTrash} takes. */
  id: string;
  /** Library-relative path it is restored to. */
  originalPath: string;
  title?: string;
  /** ISO 8601 time it was removed. */
  trashedAt: string;
  /** Whole days until {@link purgeTrash} deletes it (rounded up; 0 when due). */
  daysLeft: number;
}

/** A trash operation that was refused: an unknown id, or a restore that would overwrite a file. The message is for people. */
export class TrashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrashError";
  }
}

/** The trash root inside the data folder. */
export function trashRoot(dataDir: string): string {
  return join(dataDir, "trash");
}

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

/**
 * Moves a file, falling back to copy and unlink across file systems (EXDEV:
 * the library on a USB drive, the data folder on the SD card). A failed copy
 * removes its partial target, so the source is the one whole copy left.
 * With `exclusive`, the copy refuses an existing `dest` (rename has no such
 * flag, so callers check first).
 */
async function moveFile(src: string, dest: string, exclusive: boolean): Promise<void> {
  try {
    await rename(src, dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
    try {
      await copyFile(src, dest, exclusive ? constants.COPYFILE_EXCL : 0);
    } catch (copyErr) {
      if ((copyErr as NodeJS.ErrnoException).code !== "EEXIST") await rm(dest, { force: true });
      throw copyErr;
    }
    await unlink(src);
  }
}

/**
 * Moves a library file into `<dataDir>/trash/<epochMs>-<hex>/`, beside an
 * `entry.json` recording where it came from. The entry is written first, so
 * a crash part-way leaves either the book in the library or the book with
 * its record, never a book nobody can place.
 *
 * @param absPath - the file, inside `libraryDir`.
 * @param title - shown in the trash list; the path is shown when absent.
 * @returns the new entry's id.
 * @throws PathEscapeError when `absPath` is not inside `libraryDir`; the
 *   file system's error (ENOENT, EACCES, ENOSPC…) when the move fails, with
 *   the book left where it was.
 */
export async function moveToTrash(
  dataDir: string,
  libraryDir: string,
  absPath: string,
  title?: string,
  now = new Date(),
): Promise<string> {
  const originalPath = toLibraryPath(libraryDir, absPath);
  const id = `${String(now.getTime()).padStart(13, "0")}-${randomBytes(8).toString("hex")}`;
  const dir = join(trashRoot(dataDir), id);
  const name = basename(absPath);
  // A split archive goes as one: its later parts alone are no book, and restored alone they would be one.
  const parts = isFirstZimPart(absPath) ? (await zimParts(absPath)).slice(1) : [];
  const entry: EntryFile = {
    originalPath,
    // A book called entry.json would overwrite its own record.
    file: name === ENTRY ? `_${name}` : name,
    ...(title ? { title } : {}),
    trashedAt: now.toISOString(),
    ...(parts.length ? { parts: parts.map((p) => basename(p)) } : {}),
  };
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(join(dir, ENTRY), `${JSON.stringify(entry, null, 2)}\n`);
    await moveFile(absPath, join(dir, entry.file), false);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  for (const part of parts) await moveFile(part, join(dir, basename(part)), false);
  return id;
}

async function readEntry(dir: string): Promise<EntryFile | undefined> {
  try {
    const v = JSON.parse(await readFile(join(dir, ENTRY), "utf8")) as Partial<EntryFile>;
    if (typeof v.originalPath !== "string" || typeof v.file !== "string" || typeof v.trashedAt !== "string")
      return undefined;
    const parts = Array.isArray(v.parts) ? v.parts.filter((p): p is string => typeof p === "string") : [];
    return {
      originalPath: v.originalPath,
      file: basename(v.file),
      trashedAt: v.trashedAt,
      ...(typeof v.title === "string" ? { title: v.title } : {}),
      ...(parts.length ? { parts: parts.map((p) => basename(p)) } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Entry ids in the trash root (none when it does not exist yet). */
async function entryIds(dataDir: string): Promise<string[]> {
  const names = await readdir(trashRoot(dataDir)).catch(() => [] as string[]);
  return names.filter((n) => TRASH_ID.test(n));
}

/** When an entry was trashed: its record's time, else its id's (a record lost to a crash). */
function trashedMs(id: string, entry: EntryFile | undefined): number {
  const t = entry ? Date.parse(entry.trashedAt) : Number.NaN;
  return Number.isFinite(t) ? t : Number(id.slice(0, 13));
}

/**
 * Every book in the trash whose file is there, newest first. Entries
 * without a readable record or file are left out (see {@link purgeTrash}).
 */
export async function listTrash(dataDir: string, now = new Date()): Promise<TrashEntry[]> {
  const out: TrashEntry[] = [];
  for (const id of await entryIds(dataDir)) {
    const dir = join(trashRoot(dataDir), id);
    const entry = await readEntry(dir);
    if (!entry || !(await exists(join(dir, entry.file)))) continue;
    const left = trashedMs(id, entry) + TRASH_DAYS * DAY_MS - now.getTime();
    out.push({
      id,
      originalPath: entry.originalPath,
      ...(entry.title ? { title: entry.title } : {}),
      trashedAt: entry.trashedAt,
      daysLeft: Math.max(0, Math.ceil(left / DAY_MS)),
    });
  }
  return out.sort((a, b) => b.id.localeCompare(a.id));
}

/**
 * Moves a trashed book back to its path in the library (making its folders
 * again if they went) and deletes the entry. Never overwrites.
 *
 * @returns the library-relative path it is back at (queue it for indexing).
 * @throws TrashError when the id is malformed or not in the trash, or a file
 *   now exists at the original path; PathEscapeError when the record's path
 *   would leave the library; the file system's error when the move fails.
 */
export async function restoreFromTrash(dataDir: string, libraryDir: string, id: string): Promise<string> {
  if (!TRASH_ID.test(id)) throw new TrashError("No such item in the trash.");
  const dir = join(trashRoot(dataDir), id);
  const entry = await readEntry(dir);
  if (!entry || !(await exists(join(dir, entry.file)))) throw new TrashError("No such item in the trash.");
  const dest = resolveInLibrary(libraryDir, entry.originalPath);
  if (await exists(dest))
    throw new TrashError(
      `Not restored: a file is already at ${entry.originalPath}. Move or rename it first; the trashed copy is kept.`,
    );
  await mkdir(dirname(dest), { recursive: true });
  // Between the check and the rename a file could appear; that window is the admin's own race.
  // Later parts first: the first part is what the library lists, and it must find them all beside it.
  for (const part of entry.parts ?? [])
    if (await exists(join(dir, part))) await moveFile(join(dir, part), join(dirname(dest), part), true);
  await moveFile(join(dir, entry.file), dest, true);
  await rm(dir, { recursive: true, force: true });
  return entry.originalPath;
}

/**
 * Deletes trash entries removed more than {@link TRASH_DAYS} days before
 * `now`, with their files, and any half-written entry as old.
 * @returns how many entries were deleted.
 */
export async function purgeTrash(dataDir: string, now = new Date()): Promise<number> {
  let purged = 0;
  for (const id of await entryIds(dataDir)) {
    const dir = join(trashRoot(dataDir), id);
    if (now.getTime() - trashedMs(id, await readEntry(dir)) <= TRASH_DAYS * DAY_MS) continue;
    await rm(dir, { recursive: true, force: true });
    purged++;
  }
  return purged;
}

/**
 * Purges expired trash now and every {@link PURGE_EVERY_MS} until `signal`
 * aborts (the app's shutdown). Failures are logged, never thrown: a purge
 * that cannot run leaves books in the trash, which loses nothing.
 */
export function schedulePurge(dataDir: string, log: Logger, signal: AbortSignal): void {
  const run = () =>
    void purgeTrash(dataDir).then(
      (n) => {
        if (n > 0) log.info({ purged: n }, `emptied trash entries older than ${TRASH_DAYS} days`);
      },
      (err: unknown) => log.warn({ err: (err as Error).message }, "could not purge the trash"),
    );
  if (signal.aborted) return;
  run();
  const timer = setInterval(run, PURGE_EVERY_MS);
  timer.unref();
  signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}
