import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { SAFE_READ_FLAGS } from "../library/paths.js";

/** A single byte range from a `Range` header, inclusive, or null for none, "invalid" for one that cannot be served. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | "invalid" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return "invalid";
  let start: number;
  let end: number;
  if (m[1] === "") {
    // A suffix range: the last N bytes.
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? "invalid" : { start, end };
}

/**
 * A file as an HTTP response with single-range support (RFC 9110 §14), for
 * the browser's media player: 206 with `Content-Range` for a range, 416 for
 * one outside the file, 200 otherwise. The file is opened without following
 * links and must be a regular file; it is streamed, never read whole.
 * @returns null when the file cannot be opened or is not a regular file.
 */
export async function fileResponse(
  abs: string,
  type: string,
  rangeHeader: string | undefined,
  headers: Record<string, string> = {},
): Promise<Response | null> {
  const fh = await open(abs, SAFE_READ_FLAGS).catch(() => null);
  if (!fh) return null;
  const s = await fh.stat();
  if (!s.isFile()) {
    await fh.close();
    return null;
  }
  const range = parseRange(rangeHeader, s.size);
  const base = { "content-type": type, "accept-ranges": "bytes", "x-content-type-options": "nosniff", ...headers };
  if (range === "invalid") {
    await fh.close();
    return new Response(null, { status: 416, headers: { ...base, "content-range": `bytes */${s.size}` } });
  }
  const { start, end } = range ?? { start: 0, end: s.size - 1 };
  const body = Readable.toWeb(fh.createReadStream({ start, end, autoClose: true })) as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: range ? 206 : 200,
    headers: {
      ...base,
      "content-length": String(end - start + 1),
      ...(range ? { "content-range": `bytes ${start}-${end}/${s.size}` } : {}),
    },
  });
}
