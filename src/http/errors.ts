import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

/** OpenAI-style error body (`{ error: { message, type, param, code } }`), per the OpenAI API reference. */
export interface OpenAiError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** The Ollama-compatible routes (src/http/ollama), whose clients read an error as `{"error": "<text>"}`. */
export const OLLAMA_PATHS: ReadonlySet<string> = new Set([
  "/api/version",
  "/api/tags",
  "/api/show",
  "/api/chat",
  "/api/generate",
  "/api/embed",
  "/api/embeddings",
]);

/**
 * Sends an OpenAI-style error with the given HTTP status; on an Ollama route
 * ({@link OLLAMA_PATHS}) Ollama's shape instead, `{"error": message}`, so a
 * refused key or a full queue reads right in either kind of client.
 */
export function openAiError(
  c: Context,
  status: ContentfulStatusCode,
  message: string,
  type = "invalid_request_error",
  param: string | null = null,
  code: string | null = null,
): Response {
  if (OLLAMA_PATHS.has(c.req.path)) return c.json({ error: message }, status);
  const body: OpenAiError = { error: { message, type, param, code } };
  return c.json(body, status);
}

/** Turns a zod failure into one readable message and the first offending parameter. */
export function describeZodError(err: z.ZodError): { message: string; param: string | null } {
  const first = err.issues[0];
  const param = first && first.path.length > 0 ? first.path.join(".") : null;
  const message = err.issues.map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`).join("; ");
  return { message, param };
}
