import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import Busboy from "busboy";
import type { AppServices } from "../app/services.js";
import { AlmanacError, ModelFileError } from "../errors.js";
import type { ModelEntry } from "../models/registry.js";

/** The refusal of a body busboy cannot parse (no boundary, a broken part header, a body cut short): a 400. */
function malformed(err: unknown): ModelFileError {
  return new ModelFileError(
    `the upload is not well-formed multipart/form-data (${(err as Error).message}); send the model in a field named file`,
    "source",
  );
}

/**
 * Receives a model upload: a `multipart/form-data` request whose `file` field
 * is one GGUF, streamed through busboy to `services.models.upload` ({@link ModelSwitcher.upload};
 * never held in memory). Answers once the whole request is read.
 * @throws ModelFileError: `source` for a request with no file or a body that
 *   is not well-formed multipart (a 400, never a 500), and what `uploadModel` throws.
 */
export function receiveModelUpload(services: Pick<AppServices, "models">, req: Request): Promise<ModelEntry> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data") || !req.body)
    throw new ModelFileError("send the model as multipart/form-data, in a field named file", "source");
  let form: Busboy.Busboy;
  try {
    form = Busboy({ headers: { "content-type": type }, limits: { files: 1, fields: 10 } });
  } catch (err) {
    // A content type without a boundary: busboy refuses it before reading a byte.
    throw malformed(err);
  }
  const length = Number(req.headers.get("content-length") ?? 0);
  const body = Readable.fromWeb(req.body as WebReadableStream<Uint8Array>);
  // Answer only once the whole request is read: a reply while the client still sends makes the server drop the connection.
  return new Promise<ModelEntry>((resolve, reject) => {
    let saving: Promise<ModelEntry> | null = null;
    let broken: ModelFileError | null = null;
    form.on("file", (field, stream, info) => {
      // Busboy fails the file stream when the body breaks off inside it; unheard, that error ended the process.
      stream.on("error", (err) => {
        broken ??= malformed(err);
      });
      if (field !== "file" || saving) {
        stream.resume();
        return;
      }
      const save = services.models.upload(stream, info.filename ?? "", length);
      saving = save;
      save.catch((err: unknown) => {
        // The save fails on the stream's parse error as a plain Error; it is the request's fault, not ours.
        const answer = broken && !(err instanceof AlmanacError) ? broken : err;
        // A refused file: read the rest of the request to its end, unparsed, then answer.
        body.unpipe(form);
        if (body.readableEnded || body.destroyed) reject(answer);
        else {
          body.once("end", () => reject(answer));
          body.once("error", () => reject(answer));
          body.resume();
        }
      });
    });
    form.on("close", () => {
      if (!saving) reject(new ModelFileError("the upload had no file in a field named file", "source"));
      else saving.then(resolve, () => {});
    });
    form.on("error", (err) => {
      broken ??= malformed(err);
      if (!saving) reject(broken);
      // A break after the file part ended leaves a whole file saved: that answers, as "close" would have.
      else saving.then(resolve, () => {});
    });
    body.on("error", (err) => form.destroy(err));
    body.pipe(form);
  });
}
