import { createHash } from "node:crypto";
import { decompressCluster } from "./decompress.js";
import { blobRange, clusterInfo, HEADER_SIZE, u64, ZimFormatError, type ZimHeader } from "./format.js";
import type { ZimFile } from "./parts.js";

/** Page size and count of the small-read cache (4 MiB). */
const PAGE = 64 * 1024;
const PAGES = 64;

/** Limits of the cluster cache, bytes. */
export interface ClusterLimits {
  /** Largest unpacked cluster. */
  maxClusterBytes: number;
  /** Unpacked clusters kept in memory. */
  cacheBytes: number;
}

/**
 * Reads exactly `length` bytes at `position`.
 * @throws ZimFormatError when the file ends first (a truncated archive).
 */
export async function readAt(fh: ZimFile, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead < length) throw new ZimFormatError(`file is truncated at byte ${position + bytesRead}`);
  return buf;
}

/**
 * The byte layer of a {@link ZimArchive}: small reads through a cache of
 * 64 KiB pages, and blobs out of clusters, unpacked clusters kept in an LRU
 * cache of `cacheBytes`. Memory stays at the two caches whatever the
 * archive's size.
 */
export class ZimFileReader {
  private readonly cache = new Map<number, Buffer>();
  private readonly pages = new Map<number, Buffer>();
  private cached = 0;

  constructor(
    private readonly fh: ZimFile,
    private readonly header: ZimHeader,
    /** Total size of the file, bytes. */
    private readonly size: number,
    private readonly limits: ClusterLimits,
  ) {}

  /** Reads exactly `length` bytes at `position`, uncached. @throws ZimFormatError for a truncated file. */
  read(position: number, length: number): Promise<Buffer> {
    return readAt(this.fh, position, length);
  }

  /**
   * A read of a few bytes through a cache of 64 KiB pages: the directory is
   * read entry by entry, and one system call per pointer and entry made a
   * 100,000-entry walk take seconds.
   * @throws ZimFormatError for a truncated file.
   */
  async small(position: number, length: number): Promise<Buffer> {
    const page = Math.floor(position / PAGE);
    if (length > PAGE / 4 || Math.floor((position + length - 1) / PAGE) !== page)
      return readAt(this.fh, position, length);
    let buf = this.pages.get(page);
    if (buf) this.pages.delete(page);
    else buf = await readAt(this.fh, page * PAGE, Math.min(PAGE, this.size - page * PAGE));
    this.pages.set(page, buf);
    if (this.pages.size > PAGES) this.pages.delete(this.pages.keys().next().value as number);
    const at = position - page * PAGE;
    if (at + length > buf.length) throw new ZimFormatError(`file is truncated at byte ${page * PAGE + buf.length}`);
    return buf.subarray(at, at + length);
  }

  /** Whether the MD5 of the bytes before `checksumPos` matches the one stored there (reads the whole file once). */
  async checksumMatches(): Promise<boolean> {
    const end = this.header.checksumPos;
    const md5 = createHash("md5");
    const chunk = Buffer.allocUnsafe(4 * 2 ** 20);
    for (let at = 0; at < end; ) {
      const { bytesRead } = await this.fh.read(chunk, 0, Math.min(chunk.length, end - at), at);
      if (bytesRead === 0) return false;
      md5.update(chunk.subarray(0, bytesRead));
      at += bytesRead;
    }
    return md5.digest().equals(await readAt(this.fh, end, 16));
  }

  /**
   * Blob `blob` of cluster `cluster`. An uncompressed cluster (images, often
   * large) is read in part: its offsets and the one blob.
   * @throws ZimFormatError for a bad pointer or offset; LimitError for a cluster over `maxClusterBytes`.
   */
  async blob(cluster: number, blob: number): Promise<Buffer> {
    const { start, end } = await this.clusterBounds(cluster);
    const info = clusterInfo((await this.small(start, 1))[0] ?? 0);
    if (info.compression === "none") {
      const width = info.extended ? 8 : 4;
      const bodyLength = end - start - 1;
      const first = await readAt(this.fh, start + 1, Math.min(bodyLength, width));
      const tableLength = info.extended ? u64(first, 0) : first.readUInt32LE(0);
      const table = await readAt(this.fh, start + 1, Math.min(bodyLength, tableLength));
      const r = blobRange(table, blob, info.extended, bodyLength);
      return readAt(this.fh, start + 1 + r.start, r.end - r.start);
    }
    const body = await this.unpacked(cluster, start, end, info.compression);
    const r = blobRange(body, blob, info.extended, body.length);
    return body.subarray(r.start, r.end);
  }

  /**
   * Checks that every blob offset of cluster `cluster` runs forward and stays
   * inside the cluster, as libzim's validation does (unpacks it when compressed).
   * @throws ZimFormatError naming the cluster (libzim: Offsets are not ordered); LimitError for an oversized cluster.
   */
  async checkBlobOffsets(cluster: number): Promise<void> {
    const { start, end } = await this.clusterBounds(cluster);
    const info = clusterInfo((await this.small(start, 1))[0] ?? 0);
    const body =
      info.compression === "none"
        ? await readAt(this.fh, start + 1, end - start - 1)
        : await this.unpacked(cluster, start, end, info.compression);
    const width = info.extended ? 8 : 4;
    const count = body.length >= width ? (info.extended ? u64(body, 0) : body.readUInt32LE(0)) / width - 1 : -1;
    try {
      for (let i = 0; i < count; i++) blobRange(body, i, info.extended, body.length);
      if (count < 0) throw new ZimFormatError("cluster is empty");
    } catch (err) {
      if (!(err instanceof ZimFormatError)) throw err;
      throw new ZimFormatError(
        `the blob offsets of cluster ${cluster} are not ordered (libzim: Offsets are not ordered)`,
      );
    }
  }

  private async unpacked(
    cluster: number,
    start: number,
    end: number,
    compression: ReturnType<typeof clusterInfo>["compression"],
  ): Promise<Buffer> {
    const hit = this.cache.get(cluster);
    if (hit) {
      this.cache.delete(cluster);
      this.cache.set(cluster, hit);
      return hit;
    }
    const raw = await readAt(this.fh, start + 1, end - start - 1);
    const body = await decompressCluster(compression, raw, this.limits.maxClusterBytes);
    this.cache.set(cluster, body);
    this.cached += body.length;
    for (const [k, v] of this.cache) {
      if (this.cached <= this.limits.cacheBytes || k === cluster) break;
      this.cache.delete(k);
      this.cached -= v.length;
    }
    return body;
  }

  private async clusterBounds(cluster: number): Promise<{ start: number; end: number }> {
    const { clusterCount, clusterPtrPos, checksumPos } = this.header;
    if (cluster >= clusterCount) throw new ZimFormatError(`cluster ${cluster} is past the ${clusterCount} clusters`);
    const two = await this.small(clusterPtrPos + cluster * 8, cluster + 1 < clusterCount ? 16 : 8);
    const start = u64(two, 0);
    const end = cluster + 1 < clusterCount ? u64(two, 8) : checksumPos;
    if (start < HEADER_SIZE || end <= start || end > this.size)
      throw new ZimFormatError(`cluster ${cluster} has an invalid pointer (libzim: Invalid cluster pointer)`);
    return { start, end };
  }
}
