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
  /** The v0 title index (entry indexes in title order), or null when the header's field is all ones: valid, and then absent. */
  titlePtrPos: number | null;
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

/** A u64 field of all ones: "none" (libzim's `titlePtrPos` of an archive with no v0 title index). */
const NONE_U64 = 0xffffffffffffffffn;

/**
 * Decodes and checks the header against the file size, as libzim's
 * `FileImpl` does; the messages follow libzim's (quoted in brackets).
 * @throws ZimFormatError for a wrong magic number, a table outside the file, a
 * MIME list not at byte 80, or a size that does not end with the checksum.
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
    titlePtrPos: buf.readBigUInt64LE(40) === NONE_U64 ? null : u64(buf, 40),
    clusterPtrPos: u64(buf, 48),
    mimeListPos: u64(buf, 56),
    mainPage: mainPage === NONE ? null : mainPage,
    checksumPos: u64(buf, 72),
  };
  if (header.majorVersion !== 5 && header.majorVersion !== 6)
    throw new ZimFormatError(`unsupported major version ${header.majorVersion}`);
  const inside = (pos: number, len: number) => pos >= HEADER_SIZE && pos + len <= fileSize;
  if (!inside(header.pathPtrPos, header.entryCount * 8))
    throw new ZimFormatError(
      "the dirent pointer table is outside the file (libzim: Dirent pointer table outside ZIM file)",
    );
  if (header.titlePtrPos !== null && !inside(header.titlePtrPos, header.entryCount * 4))
    throw new ZimFormatError("the title index is outside the file (libzim: Title index table outside ZIM file)");
  if (!inside(header.clusterPtrPos, header.clusterCount * 8))
    throw new ZimFormatError(
      "the cluster pointer table is outside the file (libzim: Cluster pointer table outside ZIM file)",
    );
  if (header.mimeListPos !== HEADER_SIZE)
    throw new ZimFormatError(`the MIME list is at byte ${header.mimeListPos}, not 80 (libzim: mimelistPos must be 80)`);
  if (header.checksumPos + 16 !== fileSize || header.checksumPos < HEADER_SIZE)
    throw new ZimFormatError(
      `${header.checksumPos + 16 > fileSize ? "the file is truncated or its checksum position is wrong" : "the file is longer than its header says"}: the header ends it at byte ${header.checksumPos + 16}, the file has ${fileSize} (libzim: Zim file is of bad size or corrupted)`,
    );
  return header;
}

/**
 * The MIME type list: NUL-terminated strings, ended by an empty one. `buf`
 * holds the bytes from the list to the first table after it.
 * @throws ZimFormatError when the list is not terminated within `buf` (libzim: Error getting mimelists).
 */
export function parseMimeList(buf: Buffer): string[] {
  const types: string[] = [];
  let at = 0;
  for (;;) {
    const end = buf.indexOf(0, at);
    if (end < 0)
      throw new ZimFormatError("the MIME list runs into the tables after it (libzim: Error getting mimelists)");
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
    if (known === undefined)
      throw new ZimFormatError(
        `entry ${index} has an invalid MIME type value ${mime} (${mimeTypes.length} types listed)`,
      );
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

/** Whether an item of this MIME type is an article: HTML, or plain text (kiwix-js's `foo-zstd.zim` holds 16). */
export function isArticleMime(mimeType: string): boolean {
  return mimeType.startsWith("text/html") || mimeType.startsWith("text/plain");
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
