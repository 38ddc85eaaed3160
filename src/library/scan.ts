import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { formatOf } from "../ingest/parse.js";
import { toLibraryPath } from "./paths.js";

/** True for names Almanac never indexes: dot-files and editor/OS droppings. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith(".") || name.startsWith("~$") || name.endsWith("~") || name === "ATTRIBUTION.md";
}

/** Thrown when the library root itself cannot be listed: missing, not a folder, unreadable or unmounted. */
export class LibraryUnavailableError extends Error {
  constructor(
    readonly root: string,
    readonly reason: string,
  ) {
    super(`library folder ${root} is unavailable: ${reason}`);
    this.name = "LibraryUnavailableError";
  }
}

/**
 * One listing of the library. Deletions are decided from it only where it
 * gives positive evidence: see {@link confirmsGone}.
 */
export interface LibraryListing {
  /**
   * Book files (supported extension, not ignored) as library-relative POSIX
   * paths, in sorted order. Includes entries that are not regular files
   * (links, FIFOs); the indexer reports those.
   */
  files: Set<string>;
  /** Library-relative folders that were read successfully; `""` is the root. */
  listed: Set<string>;
  /** Library-relative folders that exist but could not be read, with the error code. */
  unreadable: Map<string, string>;
}

/**
 * Lists book files under `root`, recursively. Symbolic links are listed when
 * their name has a book extension (so the indexer can report them as skipped)
 * but never followed, so nothing outside the root is read.
 *
 * @throws LibraryUnavailableError when the root is missing, not a folder or unreadable.
 */
export async function scanLibrary(root: string): Promise<LibraryListing> {
  const found: string[] = [];
  const listing: LibraryListing = { files: new Set(), listed: new Set(), unreadable: new Map() };
  try {
    if (!(await stat(root)).isDirectory()) throw new LibraryUnavailableError(root, "not a folder");
  } catch (err) {
    if (err instanceof LibraryUnavailableError) throw err;
    throw new LibraryUnavailableError(root, describeIoError(err));
  }
  const walk = async (dir: string, rel: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (rel === "") throw new LibraryUnavailableError(root, describeIoError(err));
      listing.unreadable.set(rel, describeIoError(err));
      return;
    }
    listing.listed.add(rel);
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue;
      const abs = join(dir, e.name);
      if (e.isDirectory()) await walk(abs, toLibraryPath(root, abs));
      else if (formatOf(e.name)) found.push(toLibraryPath(root, abs));
    }
  };
  await walk(root, "");
  listing.files = new Set(found.sort());
  return listing;
}

/**
 * True when `listing` proves `path` is gone: the folder that would hold it (or
 * the nearest ancestor that exists) was listed successfully and the entry was
 * not in it. A folder that could not be read proves nothing.
 */
export function confirmsGone(listing: LibraryListing, path: string): boolean {
  const parts = path.split("/");
  for (let i = 0; i < parts.length; i++) {
    const dir = parts.slice(0, i).join("/");
    if (listing.unreadable.has(dir)) return false;
    if (!listing.listed.has(dir)) return i > 0;
  }
  return !listing.files.has(path);
}

/** A short, stable reason for an I/O error: its code and message (`EACCES: permission denied`). */
export function describeIoError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === "ENOENT") return "does not exist";
  if (e?.code === "EACCES" || e?.code === "EPERM") return "permission denied";
  if (e?.code === "ENOTDIR") return "not a folder";
  return e?.code ? `${e.code}: ${e.message}` : String(err);
}
