// The request bodies of Ollama's API as Almanac takes them (https://github.com/ollama/ollama/blob/main/docs/api.md).
import { z } from "zod";
import { ToolList } from "../openai/schemas.js";

/** `options` of a chat or generate request: the two Almanac uses (others are accepted and ignored). */
const Options = z
  .object({ num_predict: z.number().int().positive().optional(), temperature: z.number().min(0).max(2).optional() })
  .passthrough()
  .optional();

/**
 * One message of `/api/chat`: an assistant turn may carry `tool_calls`
 * (`[{function: {name, arguments: {…}}}]`), answered by the `tool` messages after it, in order.
 */
const OllamaMessage = z
  .object({ role: z.enum(["system", "user", "assistant", "tool"]), content: z.string().default("") })
  .passthrough();

/** `format`: `"json"` (any JSON) or a JSON Schema the reply must match. */
const Format = z.union([z.literal("json"), z.literal(""), z.record(z.string(), z.unknown())]).optional();

/** `POST /api/chat`. `stream` defaults to true, as Ollama's does. */
export const OllamaChatRequest = z
  .object({
    model: z.string().min(1),
    messages: z.array(OllamaMessage).min(1),
    stream: z.boolean().default(true),
    options: Options,
    tools: ToolList,
    format: Format,
  })
  .passthrough();

/** `POST /api/generate`: a prompt (and an optional system line) rather than messages. */
export const OllamaGenerateRequest = z
  .object({
    model: z.string().min(1),
    prompt: z.string(),
    system: z.string().optional(),
    stream: z.boolean().default(true),
    options: Options,
    format: Format,
  })
  .passthrough();

/** `POST /api/embed`: `input` is a string or a list. */
export const OllamaEmbedRequest = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]),
});

/** `POST /api/embeddings`, the older form: one `prompt`. */
export const OllamaEmbeddingsRequest = z.object({ model: z.string().min(1), prompt: z.string() });

/** `POST /api/show`. */
export const OllamaShowRequest = z.object({ model: z.string().min(1).optional(), name: z.string().min(1).optional() });

/**
 * An Ollama request's `tools` and `format` as the OpenAI request fields they
 * mean (Ollama has no `tool_choice`: the model chooses), so both APIs check them alike.
 */
export function toolRequestOf(req: {
  model: string;
  tools?: z.infer<typeof ToolList>;
  format?: z.infer<typeof Format>;
}) {
  const format = req.format;
  return {
    model: req.model,
    tools: req.tools,
    response_format:
      format === "json"
        ? { type: "json_object" as const }
        : format && typeof format === "object"
          ? { type: "json_schema" as const, json_schema: { name: "format", schema: format } }
          : undefined,
  };
}
