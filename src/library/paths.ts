import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

/** Thrown when a path would leave its root folder. */
export class PathEscapeError extends Error {
  constructor(path: string) {
    super(`path escapes the library root: ${path}`);
    this.name = "PathEscapeError";
  }
}

/**
 * Library-relative POSIX path of `absPath`.
 * @throws PathEscapeError when `absPath` is not inside `root`.
 */
export function toLibraryPath(root: string, absPath: string): string {
  const rel = relative(resolve(root), resolve(absPath));
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) throw new PathEscapeError(absPath);
  return rel.split(sep).join("/");
}

/**
 * Absolute path of a library-relative path, refusing `..` segments, absolute
 * paths and anything else that would resolve outside `root`.
 * @throws PathEscapeError
 */
export function resolveInLibrary(root: string, relPath: string): string {
  if (relPath.includes("\0") || isAbsolute(relPath)) throw new PathEscapeError(relPath);
  const abs = resolve(root, relPath);
  toLibraryPath(root, abs);
  return abs;
}

/** Collection of a library-relative path: its first-level folder, or "general" for files at the root. */
export function collectionOf(relPath: string): string {
  const parts = relPath.split("/");
  return parts.length > 1 ? (parts[0] as string) : "general";
}

/** Folder tags of a path: each folder name, lower-cased with spaces as dashes. */
export function folderTags(relPath: string): string[] {
  return relPath
    .split("/")
    .slice(0, -1)
    .map((p) => p.toLowerCase().trim().replace(/\s+/g, "-"))
    .filter(Boolean);
}

/** Stable document id for a library-relative path (first 16 hex chars of its SHA-1). */
export function docIdOf(relPath: string): string {
  return createHash("sha1").update(relPath).digest("hex").slice(0, 16);
}

/** The shape of a {@link docIdOf} id (16 hex digits); anything else names no document. */
export const DOC_ID = /^[0-9a-f]{16}$/;

/**
 * Flags for reading a library file: a symbolic link is never followed and a
 * FIFO never blocks (check the handle's fstat before reading).
 */
export const SAFE_READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** SHA-256 hex digest of file contents. */
export function contentHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
