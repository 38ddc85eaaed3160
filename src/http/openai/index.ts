// The OpenAI-compatible API, mounted at /v1.
import { Hono } from "hono";
import { type ChatServices, mountChatRoutes } from "./chat.js";
import { type EmbeddingServices, mountEmbeddingRoutes } from "./embeddings.js";
import { type ModelListServices, mountModelRoutes } from "./models.js";
import { mountSpeechRoutes } from "./speech.js";

/** What the OpenAI-compatible routes use of the app's services. */
export type OpenAiServices = ChatServices & EmbeddingServices & ModelListServices;

/**
 * OpenAI-compatible routes (owner: the API; guard: the API key when configured).
 *
 * - `GET /v1/models`: `almanac`, one `almanac/<collection>` per collection, and the loaded GGUF models
 *   (with an `almanac` object: architecture, parameters, quantization, file size, trained context).
 * - `GET /v1/models/{id}`: one of those; `almanac/<collection>` ids contain a slash.
 * - `POST /v1/chat/completions`: `almanac*` models answer from the library with
 *   citations (`sources` on the completion, or on the final stream chunk); the
 *   chat model's own id chats without retrieval.
 * - `POST /v1/embeddings`: vectors from the embedding model.
 * - `POST /v1/audio/speech`: a WAV of the text, spoken by Debian's espeak-ng when it is installed.
 */
export function openAiRoutes(services: OpenAiServices): Hono {
  const r = new Hono();
  mountModelRoutes(r, services);
  mountChatRoutes(r, services);
  mountEmbeddingRoutes(r, services);
  mountSpeechRoutes(r);
  return r;
}
