import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { ModelFileError } from "../errors.js";
import { MODEL_PRESETS, type ModelPreset } from "./presets.js";
import { ggufFileName, type ModelEntry, readModelEntry } from "./registry.js";

/** What `almanac models pull` was asked for, resolved to a URL and the file name it is saved as. */
export interface PullSource {
  url: string;
  fileName: string;
  /** The preset named, if one was. */
  preset?: ModelPreset;
}

/**
 * Resolves what a user asked to pull: a preset name ({@link MODEL_PRESETS}),
 * `hf:<user>/<repo>/<path>/<file>.gguf[#<branch>]` (Hugging Face's resolve
 * URL for that file, branch `main` by default), or an `https://` (or
 * `http://`) URL of a `.gguf` file.
 * @throws ModelFileError (`source`) for anything else, or a name that is not a plain `.gguf` file name.
 */
export function resolvePullSource(arg: string): PullSource {
  const preset = MODEL_PRESETS.find((p) => p.name === arg);
  if (preset) return { ...resolvePullSource(preset.uri), preset };
  const hf = /^hf:([^/\s]+)\/([^/\s]+)\/([^#\s]+\.gguf)(?:#([^\s]+))?$/i.exec(arg);
  if (hf) {
    const [, user, repo, path, branch] = hf as unknown as [string, string, string, string, string | undefined];
    return {
      url: `https://huggingface.co/${user}/${repo}/resolve/${encodeURIComponent(branch ?? "main")}/${path}`,
      fileName: ggufFileName(path.split("/").at(-1) ?? "", arg),
    };
  }
  let url: URL;
  try {
    url = new URL(arg);
  } catch {
    const names = MODEL_PRESETS.map((p) => p.name).join(", ");
    throw new ModelFileError(
      `"${arg}" is not a preset (${names}), an hf:<user>/<repo>/<file>.gguf name or a URL`,
      "source",
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new ModelFileError(`${url.protocol} URLs cannot be pulled; use https`, "source");
  return { url: url.href, fileName: ggufFileName(url.pathname.split("/").at(-1) ?? "", arg) };
}

/**
 * The SHA-256 a server vouches for: Hugging Face answers a LFS file's
 * resolve URL with `X-Linked-Etag: "<sha256>"` (on the redirect to its CDN).
 * @returns the lower-case hex digest, or null when the server sends none.
 */
async function linkedSha256(url: string, signal?: AbortSignal): Promise<string | null> {
  try {
    const res = await fetch(url, { method: "HEAD", redirect: "manual", ...(signal ? { signal } : {}) });
    const tag = (res.headers.get("x-linked-etag") ?? "").replace(/^W\//, "").replace(/"/g, "");
    return /^[0-9a-f]{64}$/i.test(tag) ? tag.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** SHA-256 of a file, lower-case hex, read as a stream. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Download progress: bytes, and node-llama-cpp's (ipull's) speed and time-left estimates. */
export interface PullProgress {
  totalBytes: number;
  downloadedBytes: number;
  /** Bytes a second, averaged. */
  bytesPerS: number;
  /** Estimated time left, seconds. */
  etaS: number;
}

/** Options of {@link pullModel}. */
export interface PullOptions {
  modelsDir: string;
  /** The `offline` setting: a pull is refused while it is on. */
  offline: boolean;
  /** Expected SHA-256 (hex), over the preset's and the server's. */
  sha256?: string | undefined;
  onProgress?: (p: PullProgress) => void;
  /** Aborting stops the download and keeps the partial file, so the next pull resumes it. */
  signal?: AbortSignal;
}

/** A finished pull: the model as the list shows it, its SHA-256, and whether that was checked against a known one. */
export interface PullResult {
  entry: ModelEntry;
  sha256: string;
  verified: boolean;
}

/**
 * Downloads a GGUF into the models folder with node-llama-cpp's own
 * downloader (`createModelDownloader`, built on ipull): parallel ranges, and a
 * partial file kept when cut, so pulling again resumes it. Then the file's
 * SHA-256 is checked against the one given, the preset's, or the server's
 * `X-Linked-Etag`, and its GGUF header is read; a file failing either is deleted.
 * @throws ModelFileError: `offline` while offline mode is on (nothing is contacted),
 * `source` for an unknown name, `checksum` or `header` for a bad file.
 * @throws Error from the downloader for a network failure or an abort (the partial file is kept).
 */
export async function pullModel(arg: string, opts: PullOptions): Promise<PullResult> {
  const source = resolvePullSource(arg);
  if (opts.offline)
    throw new ModelFileError(
      "offline mode is on (the default), so nothing is downloaded. Pull with ALMANAC_OFFLINE=false, or copy the GGUF file into the models folder",
      "offline",
    );
  const expected = (
    opts.sha256 ??
    source.preset?.sha256 ??
    (await linkedSha256(source.url, opts.signal))
  )?.toLowerCase();
  const { createModelDownloader } = await import("node-llama-cpp");
  const downloader = await createModelDownloader({
    modelUri: source.url,
    dirPath: opts.modelsDir,
    fileName: source.fileName,
    deleteTempFileOnCancel: false,
    skipExisting: true,
    parallelDownloads: 1,
    ...(opts.onProgress
      ? {
          onProgress: (s: {
            totalSize: number;
            downloadedSize: number;
            averageSpeed: number;
            estimatedTimeLeft: number;
          }) =>
            opts.onProgress?.({
              totalBytes: s.totalSize,
              downloadedBytes: s.downloadedSize,
              bytesPerS: s.averageSpeed,
              etaS: s.estimatedTimeLeft / 1000,
            }),
        }
      : {}),
  });
  const path = await downloader.download(opts.signal ? { signal: opts.signal } : {});
  // ipull resolves a cancelled download rather than rejecting; its partial file and progress stay for the next pull.
  if (opts.signal?.aborted) throw opts.signal.reason ?? new Error("pull aborted");
  const sha256 = await fileSha256(path);
  if (expected && sha256 !== expected) {
    await rm(path, { force: true });
    throw new ModelFileError(
      `${source.fileName}: SHA-256 ${sha256} is not the expected ${expected}; deleted`,
      "checksum",
    );
  }
  let entry: ModelEntry;
  try {
    entry = await readModelEntry(join(opts.modelsDir, source.fileName));
  } catch (err) {
    await rm(path, { force: true });
    throw new ModelFileError(`${source.fileName} is not a GGUF model (${(err as Error).message}); deleted`, "header");
  }
  return { entry, sha256, verified: Boolean(expected) };
}
