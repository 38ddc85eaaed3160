// The models Ollama clients see: `/api/tags`'s list and what `/api/show` says each can do.
import type { AppServices } from "../../app/services.js";
import { isLibraryModel, LIBRARY_MODEL } from "../openai/models.js";

/** What the model listing reads: the loaded models, the models folder, the collections. */
export type ModelListServices = Pick<AppServices, "models" | "library">;

/** Every model Ollama clients may pick: the library, each collection, and the GGUF files in the models folder. */
export function tags(s: ModelListServices) {
  const now = new Date().toISOString();
  const library = [LIBRARY_MODEL, ...s.library.indexer.collections().map((c) => `${LIBRARY_MODEL}/${c}`)].map(
    (name) => ({
      name,
      model: name,
      modified_at: now,
      size: 0,
      digest: "",
      details: {
        parent_model: "",
        format: "almanac",
        family: "almanac",
        families: ["almanac"],
        parameter_size: "",
        quantization_level: "",
      },
    }),
  );
  const files = s.models.runtime.info().models.map((m) => ({
    name: m.id,
    model: m.id,
    modified_at: now,
    size: m.fileBytes,
    digest: "",
    details: {
      parent_model: "",
      format: "gguf",
      family: m.architecture ?? "",
      families: [m.architecture ?? ""],
      parameter_size: m.parameters ? `${(m.parameters / 1e9).toFixed(1)}B` : "",
      quantization_level: m.quantization ?? "",
    },
    almanac: { role: m.role, loaded: m.loaded },
  }));
  return [...library, ...files];
}

/**
 * What `/api/show` says a model can do, in Ollama's words: `completion` for
 * the library and chat models, `tools` where the loaded chat model takes them
 * (clients such as Copilot Chat offer agent mode only then), `embedding` for
 * embedding models.
 */
export function capabilitiesOf(s: ModelListServices, name: string): string[] {
  const role = s.models.runtime.info().models.find((m) => m.id === name)?.role;
  if (role === "embedding") return ["embedding"];
  if (role === "reranker") return [];
  const chat = s.models.runtime.chat;
  const tools = chat?.supportsTools && (isLibraryModel(name) || chat.entry.id === name);
  return ["completion", ...(tools ? ["tools"] : [])];
}
