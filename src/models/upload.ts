import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { link, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ModelFileError } from "../errors.js";
import { formatBytes } from "../ingest/limits.js";
import { ggufFileName, type ModelEntry, readModelEntry } from "./registry.js";

/** The four bytes every GGUF file starts with (GGUF spec, "File Structure": magic `GGUF`). */
const GGUF_MAGIC = Buffer.from("GGUF", "ascii");

/**
 * The name an uploaded model is saved as: the browser's name reduced to its
 * last path component, characters other than letters, digits and `_ . + -`
 * replaced by `-`, no leading dots.
 * @throws ModelFileError (`source`) when it does not end in `.gguf`.
 */
export function uploadedModelName(browserName: string): string {
  const last = browserName.split(/[\\/]/).pop() ?? "";
  return ggufFileName(last.replace(/[^\w.+-]+/g, "-").replace(/^[.-]+/, ""), `"${browserName}"`);
}

/**
 * Saves an uploaded GGUF into the models folder as it streams in: to a hidden
 * temporary file (`.upload-*.part`, which the model list ignores), refused as
 * soon as it passes `maxBytes` or its first four bytes are not the GGUF magic,
 * then its whole header is read and it is hard-linked into place, so an
 * existing model is never overwritten and the list never shows half a file.
 * @param body - the file's bytes.
 * @param browserName - the name the browser sent ({@link uploadedModelName}).
 * @returns the model as the list shows it.
 * @throws ModelFileError: `source` (name), `exists` (409), `size` (413), `header` (not a GGUF); nothing is left behind.
 */
export async function saveModelUpload(
  body: Readable,
  browserName: string,
  opts: { modelsDir: string; maxBytes: number },
): Promise<ModelEntry> {
  const name = uploadedModelName(browserName);
  const temp = join(opts.modelsDir, `.upload-${randomBytes(6).toString("hex")}.part`);
  let bytes = 0;
  let head = Buffer.alloc(0);
  const out = createWriteStream(temp, { flags: "wx" });
  try {
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          bytes += chunk.length;
          if (bytes > opts.maxBytes)
            throw new ModelFileError(
              `${name} is over the ${formatBytes(opts.maxBytes)} upload limit (maxModelUploadMb)`,
              "size",
            );
          if (head.length < GGUF_MAGIC.length) {
            head = Buffer.concat([head, chunk]).subarray(0, GGUF_MAGIC.length);
            if (head.length === GGUF_MAGIC.length && !head.equals(GGUF_MAGIC))
              throw new ModelFileError(`${name} is not a GGUF model: it does not start with "GGUF"`, "header");
          }
          yield chunk;
        }
      },
      out,
    );
    if (bytes < GGUF_MAGIC.length) throw new ModelFileError(`${name} is empty or cut short`, "header");
    try {
      await readModelEntry(temp);
    } catch (err) {
      throw new ModelFileError(`${name} is not a readable GGUF model (${(err as Error).message})`, "header");
    }
    const final = join(opts.modelsDir, name);
    try {
      await link(temp, final);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST")
        throw new ModelFileError(
          `${name} is already in the models folder; remove it first or rename the upload`,
          "exists",
        );
      throw err;
    }
    return await readModelEntry(final);
  } finally {
    // A body refused in its first bytes can fail the pipeline before the file is even open; the open
    // still completes, so the file is removed only once the stream has closed (else it is left behind).
    if (!out.closed) await new Promise<void>((resolve) => out.once("close", () => resolve()));
    await rm(temp, { force: true });
  }
}
