import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

/** OpenAI-style error body (`{ error: { message, type, param, code } }`), per the OpenAI API reference. */
export interface OpenAiError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Sends an OpenAI-style error with the given HTTP status. */
export function openAiError(
  c: Context,
  status: ContentfulStatusCode,
  message: string,
  type = "invalid_request_error",
  param: string | null = null,
  code: string | null = null,
): Response {
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
