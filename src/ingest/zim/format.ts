/**
 * Pure decoding of the openZIM binary structures: header, MIME list,
 * directory entries and the blob offset table of a cluster. No I/O here;
 * `archive.ts` reads the bytes.
 *
 * Source: openZIM "ZIM file format" (wiki.openzim.org/wiki/ZIM_file_format),
 * checked against kiwix-js `www/js/lib/zimfile.js` and `zimDirEntry.js`.
 * All integers are little-endian.
 */

/** `ZIM\x04` read as a little-endian u32. */
export const ZIM_MAGIC = 72173914;
/** Size of the fixed header, bytes. */
export const HEADER_SIZE = 80;
/** Directory entry `mimetype` values that are not indexes into the MIME list. */
export const REDIRECT_MIME = 0xffff;
const LINKTARGET_MIME = 0xfffe;
const DELETED_MIME = 0xfffd;
/** "No main page" / "no layout page" in the header. */
const NONE = 0xffffffff;

/** Thrown for a ZIM file whose structures are not what the format says; the message names what is wrong. */
export class ZimFormatError extends Error {
  constructor(message: string) {
    super(`corrupt ZIM: ${message}`);
    this.name = "ZimFormatError";
  }
}

/** The fixed 80-byte header. Positions are absolute file offsets, bytes. */
export interface ZimHeader {
  majorVersion: number;
  minorVersion: number;
  /** 32 lowercase hex digits. */
  uuid: string;
  entryCount: number;
  clusterCount: number;
  pathPtrPos: number;
  titlePtrPos: number;
  clusterPtrPos: number;
  mimeListPos: number;
  /** Entry index of the main page, or null. */
  mainPage: number | null;
  /** Offset of the 16-byte MD5 of everything before it. */
  checksumPos: number;
}

/** Reads a u64 as a number, refusing values past 2^53 (no real ZIM is that large). */
export function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZimFormatError(`offset ${v} is out of range`);
  return Number(v);
}

/**
 * Decodes and checks the header against the file size.
 * @throws ZimFormatError for a wrong magic number or positions outside the file.
 */
export function parseHeader(buf: Buffer, fileSize: number): ZimHeader {
  if (buf.length < HEADER_SIZE || buf.readUInt32LE(0) !== ZIM_MAGIC)
    throw new ZimFormatError("not a ZIM file (wrong magic number)");
  const mainPage = buf.readUInt32LE(64);
  const header: ZimHeader = {
    majorVersion: buf.readUInt16LE(4),
    minorVersion: buf.readUInt16LE(6),
    uuid: buf.subarray(8, 24).toString("hex"),
    entryCount: buf.readUInt32LE(24),
    clusterCount: buf.readUInt32LE(28),
    pathPtrPos: u64(buf, 32),
    titlePtrPos: u64(buf, 40),
    clusterPtrPos: u64(buf, 48),
    mimeListPos: u64(buf, 56),
    mainPage: mainPage === NONE ? null : mainPage,
    checksumPos: u64(buf, 72),
  };
  if (header.majorVersion !== 5 && header.majorVersion !== 6)
    throw new ZimFormatError(`unsupported major version ${header.majorVersion}`);
  const inside = (pos: number, len: number) => pos >= HEADER_SIZE && pos + len <= fileSize;
  if (!inside(header.pathPtrPos, header.entryCount * 8))
    throw new ZimFormatError("path pointer list is outside the file");
  if (!inside(header.clusterPtrPos, header.clusterCount * 8))
    throw new ZimFormatError("cluster pointer list is outside the file");
  if (!inside(header.mimeListPos, 1)) throw new ZimFormatError("MIME list is outside the file");
  if (!inside(header.checksumPos, 16)) throw new ZimFormatError("file is truncated (checksum is missing)");
  return header;
}

/**
 * The MIME type list: NUL-terminated strings, ended by an empty one.
 * @throws ZimFormatError when the list is not terminated within `buf`.
 */
export function parseMimeList(buf: Buffer): string[] {
  const types: string[] = [];
  let at = 0;
  for (;;) {
    const end = buf.indexOf(0, at);
    if (end < 0) throw new ZimFormatError("MIME list is not terminated");
    if (end === at) return types;
    types.push(buf.toString("utf8", at, end));
    at = end + 1;
  }
}

/** One directory entry. `index` is its position in the path-ordered list. */
export interface ZimEntry {
  index: number;
  /** One character: `C` content (new layout), `A` articles and `I` images (old), `M` metadata, `X` indexes, `-` layout. */
  namespace: string;
  /** Path inside the namespace, e.g. `Ray_Charles.html`. */
  path: string;
  /** The title, or the path when the entry stores none. */
  title: string;
  kind: "item" | "redirect" | "other";
  mimeType: string;
  /** Items: where the content is. */
  cluster: number;
  blob: number;
  /** Redirects: the target's entry index. */
  redirectIndex: number;
}

/**
 * Decodes one directory entry from bytes that start at it. Returns null when
 * `buf` ends before the entry does (read more and try again).
 * @throws ZimFormatError for a MIME index outside the MIME list.
 */
export function parseDirent(buf: Buffer, index: number, mimeTypes: readonly string[]): ZimEntry | null {
  if (buf.length < 12) return null;
  const mime = buf.readUInt16LE(0);
  const namespace = String.fromCharCode(buf[3] ?? 0);
  const redirect = mime === REDIRECT_MIME;
  const special = mime === LINKTARGET_MIME || mime === DELETED_MIME;
  const fixed = redirect || special ? 12 : 16;
  if (buf.length < fixed) return null;
  const pathEnd = buf.indexOf(0, fixed);
  if (pathEnd < 0) return null;
  const titleEnd = buf.indexOf(0, pathEnd + 1);
  if (titleEnd < 0) return null;
  const path = buf.toString("utf8", fixed, pathEnd);
  const title = buf.toString("utf8", pathEnd + 1, titleEnd) || path;
  let mimeType = "";
  if (!redirect && !special) {
    const known = mimeTypes[mime];
    if (known === undefined) throw new ZimFormatError(`entry ${index} has an unknown MIME type index ${mime}`);
    mimeType = known;
  }
  return {
    index,
    namespace,
    path,
    title,
    kind: redirect ? "redirect" : special ? "other" : "item",
    mimeType,
    cluster: redirect || special ? 0 : buf.readUInt32LE(8),
    blob: redirect || special ? 0 : buf.readUInt32LE(12),
    redirectIndex: redirect ? buf.readUInt32LE(8) : 0,
  };
}

/** Cluster compression from the low 4 bits of its info byte. */
export type ClusterCompression = "none" | "zlib" | "bzip2" | "xz" | "zstd";

/** Decodes a cluster's info byte: compression and whether blob offsets are 64-bit. */
export function clusterInfo(byte: number): { compression: ClusterCompression; extended: boolean } {
  const kinds: Record<number, ClusterCompression> = { 0: "none", 1: "none", 2: "zlib", 3: "bzip2", 4: "xz", 5: "zstd" };
  const compression = kinds[byte & 0x0f];
  if (!compression) throw new ZimFormatError(`unknown cluster compression ${byte & 0x0f}`);
  return { compression, extended: (byte & 0x10) !== 0 };
}

/**
 * Where blob `blob` lies in an uncompressed cluster body (the bytes after the
 * info byte): the offset table's first entry is the table's own size, so a
 * cluster holds `first / width - 1` blobs. `table` holds at least the offset
 * table; `bodyLength` is the whole body's length.
 * @throws ZimFormatError for a blob number past the table or offsets that run backwards or past the body.
 */
export function blobRange(
  table: Buffer,
  blob: number,
  extended: boolean,
  bodyLength: number,
): { start: number; end: number } {
  const width = extended ? 8 : 4;
  const read = (i: number) => (extended ? u64(table, i * width) : table.readUInt32LE(i * width));
  if (table.length < width) throw new ZimFormatError("cluster is empty");
  const count = read(0) / width - 1;
  if (!Number.isInteger(count) || count < 0 || (count + 1) * width > Math.min(table.length, bodyLength))
    throw new ZimFormatError("cluster offset table is invalid");
  if (blob >= count) throw new ZimFormatError(`blob ${blob} is past the cluster's ${count} blobs`);
  const start = read(blob);
  const end = read(blob + 1);
  if (start > end || end > bodyLength) throw new ZimFormatError("cluster blob offsets are invalid");
  return { start, end };
}
