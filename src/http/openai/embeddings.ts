// POST /v1/embeddings: vectors from the embedding model, on the same batched path as ingest.
import type { Context, Hono } from "hono";
import type { AppServices } from "../../app/services.js";
import { openAiError } from "../errors.js";
import { LIBRARY_MODEL } from "./models.js";
import { type EmbeddingsBody, EmbeddingsRequest, MAX_EMBEDDING_INPUTS, parseBody } from "./schemas.js";

/** What `/v1/embeddings` reads: the embedding model and `maxMessageChars`. */
export type EmbeddingServices = Pick<AppServices, "config" | "models">;

type EmbeddingEntry = { object: "embedding"; index: number; embedding: number[] | string };
type LoadedEmbedder = NonNullable<EmbeddingServices["models"]["runtime"]["embedder"]>;

/** The refusal of inputs over the limits (count, length, empty strings), or null. */
function refuseInputs(c: Context, inputs: string[], maxChars: number): Response | null {
  if (inputs.length > MAX_EMBEDDING_INPUTS)
    return openAiError(
      c,
      400,
      `input has ${inputs.length} items, over the limit of ${MAX_EMBEDDING_INPUTS}`,
      "invalid_request_error",
      "input",
    );
  if (inputs.some((s) => s.length > maxChars))
    return openAiError(
      c,
      400,
      `an input is over the limit of ${maxChars} characters (maxMessageChars)`,
      "invalid_request_error",
      "input",
      "context_length_exceeded",
    );
  if (inputs.some((s) => s.length === 0))
    return openAiError(c, 400, "input must not contain empty strings", "invalid_request_error", "input");
  return null;
}

/**
 * The embedding model that answers `model` (its own id, or `almanac`), or the refusal: 400 when none is
 * installed, 404 for another model (in Ollama's error shape on the Ollama routes, see {@link openAiError}).
 */
export function embedderFor(c: Context, services: EmbeddingServices, model: string): LoadedEmbedder | Response {
  const embedder = services.models.runtime.embedder;
  if (!embedder)
    return openAiError(
      c,
      400,
      "no embedding model is installed; drop a GGUF embedding model into the models folder",
      "invalid_request_error",
      "model",
      "model_not_found",
    );
  if (model !== embedder.entry.id && model !== LIBRARY_MODEL)
    return openAiError(
      c,
      404,
      `model '${model}' is not an embedding model; use '${embedder.entry.id}'`,
      "invalid_request_error",
      "model",
      "model_not_found",
    );
  return embedder;
}

async function embed(c: Context, embedder: LoadedEmbedder, req: EmbeddingsBody, inputs: string[]) {
  const data: EmbeddingEntry[] = [];
  let tokens = 0;
  // The same batched path as ingest: the inputs are spread over every embedding context.
  const vectors = await embedder.embedMany(inputs, "raw");
  for (const [index, text] of inputs.entries()) {
    const vector = vectors[index] as number[];
    tokens += embedder.countTokens(text);
    const embedding =
      req.encoding_format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
    data.push({ object: "embedding", index, embedding });
  }
  return c.json({
    object: "list",
    data,
    model: embedder.entry.id,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

/**
 * Mounts `POST /embeddings` on `r`: OpenAI's embeddings for `input` (a
 * string, or up to {@link MAX_EMBEDDING_INPUTS} non-empty strings of at most
 * `maxMessageChars` each), as float arrays or, with `encoding_format:
 * "base64"`, little-endian float32. `model` is the embedding model's id or
 * `almanac`. Refusals are OpenAI-shaped 400s and 404s naming `model` or `input`.
 */
export function mountEmbeddingRoutes(r: Hono, services: EmbeddingServices): void {
  r.post("/embeddings", async (c) => {
    const parsed = await parseBody(c, EmbeddingsRequest);
    if ("error" in parsed) return parsed.error;
    const embedder = embedderFor(c, services, parsed.data.model);
    if (embedder instanceof Response) return embedder;
    const inputs = typeof parsed.data.input === "string" ? [parsed.data.input] : parsed.data.input;
    return refuseInputs(c, inputs, services.config.maxMessageChars) ?? embed(c, embedder, parsed.data, inputs);
  });
}
