import { inflateSync } from "node:zlib";
import xz from "xz-decompress";
import { ZSTDDecoder } from "zstddec/stream";
import { LimitError } from "../limits.js";
import { type ClusterCompression, ZimFormatError } from "./format.js";

let zstd: Promise<ZSTDDecoder> | null = null;

function zstdDecoder(): Promise<ZSTDDecoder> {
  zstd ??= (async () => {
    const d = new ZSTDDecoder();
    await d.init();
    return d;
  })();
  return zstd;
}

function tooLarge(max: number): LimitError {
  return new LimitError(`a ZIM cluster unpacks to more than ${Math.round(max / 2 ** 20)} MB (maxZimClusterBytes)`);
}

function join(parts: Uint8Array[], total: number): Buffer {
  return parts.length === 1
    ? Buffer.from((parts[0] as Uint8Array).buffer, (parts[0] as Uint8Array).byteOffset, total)
    : Buffer.concat(parts, total);
}

/**
 * Unpacks one cluster body (the bytes after the info byte), refusing to
 * produce more than `maxBytes` so a hostile cluster cannot exhaust memory.
 * zstd is decoded by `zstddec` (the zstd reference decoder in WebAssembly),
 * streamed because libzim does not record the content size; xz by
 * `xz-decompress` (xz-embedded in WebAssembly); the deprecated zlib by Node.
 *
 * @throws LimitError past `maxBytes`; ZimFormatError for bzip2 (unsupported)
 *   or data that does not decode.
 */
export async function decompressCluster(
  compression: ClusterCompression,
  data: Buffer,
  maxBytes: number,
): Promise<Buffer> {
  try {
    switch (compression) {
      case "none":
        return data;
      case "zlib":
        return inflateSync(data, { maxOutputLength: maxBytes });
      case "bzip2":
        throw new ZimFormatError("bzip2 clusters (ZIM before 2010) are not supported");
      case "zstd": {
        const decoder = await zstdDecoder();
        const parts: Uint8Array[] = [];
        let total = 0;
        for (const part of decoder.decodeStreaming([data])) {
          total += part.byteLength;
          if (total > maxBytes) throw tooLarge(maxBytes);
          parts.push(part);
        }
        return join(parts, total);
      }
      case "xz": {
        const input = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
            controller.close();
          },
        });
        const reader = new xz.XzReadableStream(input).getReader();
        const parts: Uint8Array[] = [];
        let total = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.byteLength;
          if (total > maxBytes) {
            await reader.cancel();
            throw tooLarge(maxBytes);
          }
          parts.push(value);
        }
        return join(parts, total);
      }
    }
  } catch (err) {
    if (err instanceof LimitError || err instanceof ZimFormatError) throw err;
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(maxBytes);
    throw new ZimFormatError(`a ${compression} cluster does not decompress (${(err as Error).message})`);
  }
}
