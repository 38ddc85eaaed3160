import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import Busboy from "busboy";
import type { Almanac } from "../app.js";
import { ModelFileError } from "../errors.js";
import type { ModelEntry } from "../models/registry.js";

/**
 * Receives a model upload: a `multipart/form-data` request whose `file` field
 * is one GGUF, streamed through busboy to {@link Almanac.uploadModel} (never
 * held in memory).
 * @throws ModelFileError: `source` for a request with no file, and what `uploadModel` throws.
 */
export function receiveModelUpload(app: Almanac, req: Request): Promise<ModelEntry> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data") || !req.body)
    throw new ModelFileError("send the model as multipart/form-data, in a field named file", "source");
  const length = Number(req.headers.get("content-length") ?? 0);
  const body = Readable.fromWeb(req.body as WebReadableStream<Uint8Array>);
  // Answer only once the whole request is read: a reply while the client still sends makes the server drop the connection.
  return new Promise<ModelEntry>((resolve, reject) => {
    const form = Busboy({ headers: { "content-type": type }, limits: { files: 1, fields: 10 } });
    let saving: Promise<ModelEntry> | null = null;
    form.on("file", (field, stream, info) => {
      if (field !== "file" || saving) {
        stream.resume();
        return;
      }
      const save = app.uploadModel(stream, info.filename ?? "", length);
      saving = save;
      save.catch((err: unknown) => {
        // A refused file: read the rest of the request to its end, unparsed, then answer.
        body.unpipe(form);
        if (body.readableEnded) reject(err);
        else {
          body.once("end", () => reject(err));
          body.resume();
        }
      });
    });
    form.on("close", () => {
      if (!saving) reject(new ModelFileError("the upload had no file in a field named file", "source"));
      else saving.then(resolve, () => {});
    });
    form.on("error", (err) => {
      if (!saving) reject(err);
    });
    body.pipe(form);
  });
}
