// GET /v1/models and GET /v1/models/{id}: the library's RAG models and the loaded GGUF models.
import type { Hono } from "hono";
import type { AppServices } from "../../app/services.js";
import { openAiError } from "../errors.js";

/** The RAG model id: answers from the whole library. `almanac/<collection>` restricts to one collection. */
export const LIBRARY_MODEL = "almanac";

/** What the model list reads: the library's collections and the loaded models. */
export type ModelListServices = Pick<AppServices, "library" | "models">;

/** Whether a chat `model` asks the library (`almanac` or `almanac/<collection>`) rather than a chat model itself. */
export function isLibraryModel(model: string): boolean {
  return model === LIBRARY_MODEL || model.startsWith(`${LIBRARY_MODEL}/`);
}

function libraryModels(services: ModelListServices, created: number) {
  return [
    { id: LIBRARY_MODEL, object: "model", created, owned_by: "almanac", description: "RAG over the whole library" },
    ...services.library.indexer.collections().map((col) => ({
      id: `${LIBRARY_MODEL}/${col}`,
      object: "model",
      created,
      owned_by: "almanac",
      description: `RAG over the ${col} collection`,
    })),
  ];
}

function folderModels(services: ModelListServices, created: number) {
  return services.models.runtime.info().models.map((m) => ({
    id: m.id,
    object: "model",
    created,
    owned_by: "local",
    role: m.role,
    // What the GGUF header says, for clients that show it (an extension: OpenAI's object stops at owned_by).
    almanac: {
      // In the models folder but not loaded: listed (it was copied in), chosen on the status page or /api/models/use.
      loaded: m.loaded,
      architecture: m.architecture,
      parameters: m.parameters,
      quantization: m.quantization,
      file_bytes: m.fileBytes,
      context_length: m.trainContextSize,
      embedding_size: m.embeddingSize,
    },
  }));
}

/**
 * The `/v1/models` list: `almanac`, one `almanac/<collection>` per collection,
 * then every GGUF model in the models folder, loaded or not (a file copied in
 * shows once the folder watcher has read its header), with an `almanac` object:
 * `loaded`, architecture, parameters, quantization, file size, trained context, embedding size.
 */
export function modelList(services: ModelListServices): Array<{ id: string } & Record<string, unknown>> {
  const created = Math.floor(Date.now() / 1000);
  return [...libraryModels(services, created), ...folderModels(services, created)];
}

/**
 * Mounts `GET /models` (the {@link modelList}) and `GET /models/{id}` (one of
 * them; `almanac/<collection>` ids contain a slash; 404 `model_not_found`
 * otherwise) on `r`.
 */
export function mountModelRoutes(r: Hono, services: ModelListServices): void {
  r.get("/models", (c) => c.json({ object: "list", data: modelList(services) }));
  r.get("/models/:id{.+}", (c) => {
    const id = c.req.param("id");
    const model = modelList(services).find((m) => m.id === id);
    if (!model)
      return openAiError(c, 404, `model '${id}' does not exist`, "invalid_request_error", "model", "model_not_found");
    return c.json(model);
  });
}
