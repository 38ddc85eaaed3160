// The tool-calling and JSON-output parts of a chat completion request, checked and turned into generation options.
import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import type { GeneratedToolCall, GenerateOptions } from "../../models/chat-model.js";
import { openAiError } from "../errors.js";
import type { ChatCompletionBody } from "./schemas.js";

/** The parts of a request that ask for tools or JSON (Ollama's requests are mapped onto them). */
export type ToolRequest = Pick<
  ChatCompletionBody,
  "model" | "tools" | "tool_choice" | "parallel_tool_calls" | "response_format"
>;

/** The generation options a request's `tools`, `tool_choice`, `parallel_tool_calls` and `response_format` ask for. */
export type ToolOptions = Pick<GenerateOptions, "tools" | "toolChoice" | "maxParallelToolCalls" | "json">;

/** Whether a request asks for tools or JSON (`tool_choice: "none"` and `response_format: text` do not). */
export function wantsTools(req: ToolRequest): boolean {
  const tools = (req.tools?.length ?? 0) > 0 && req.tool_choice !== "none";
  return tools || (req.response_format !== undefined && req.response_format.type !== "text");
}

/**
 * The {@link ToolOptions} of a request, or the 400 that says why not: a
 * named `tool_choice` that is not among `tools`, a chat model that cannot
 * take them (none loaded, a remote one), or JSON output asked of the library.
 * @param chat - the loaded chat model and whether it takes tools, or null.
 * @param isLibrary - whether `model` is `almanac` or a collection.
 * @param jsonParam - what the client calls the JSON output field in errors: `response_format` (OpenAI) or
 *   `format` (Ollama).
 */
export function toolOptions(
  c: Context,
  req: ToolRequest,
  chat: { supportsTools: boolean } | null,
  isLibrary: boolean,
  jsonParam = "response_format",
): ToolOptions | Response {
  const param = req.tools?.length ? "tools" : jsonParam;
  if (!chat)
    return openAiError(
      c,
      400,
      `${param} needs a chat model, and none is loaded: copy a GGUF chat model into the models folder`,
      "invalid_request_error",
      param,
    );
  // The library's answer takes tools beside its sources; its reply is its cited text, so no response_format.
  if (isLibrary && req.response_format && req.response_format.type !== "text")
    return openAiError(
      c,
      400,
      `${jsonParam} works with the chat model's own id (see the model list), not the library's '${req.model}'`,
      "invalid_request_error",
      jsonParam,
    );
  if (!chat.supportsTools)
    return openAiError(
      c,
      400,
      `the chat model in use does not take ${param} here (a remote one)`,
      "invalid_request_error",
      param,
    );
  const tools = req.tool_choice === "none" ? [] : (req.tools ?? []).map((t) => t.function);
  const choice = req.tool_choice;
  const named = typeof choice === "object" ? choice.function.name : undefined;
  if (named && !tools.some((t) => t.name === named))
    return openAiError(
      c,
      400,
      `tool_choice names '${named}', which is not in tools`,
      "invalid_request_error",
      "tool_choice",
    );
  const format = req.response_format;
  const json =
    format?.type === "json_object"
      ? true
      : format?.type === "json_schema"
        ? (format.json_schema.schema ?? true)
        : undefined;
  return {
    ...(tools.length
      ? {
          tools: tools.map((t) => ({
            name: t.name,
            ...(t.description ? { description: t.description } : {}),
            ...(t.parameters ? { parameters: t.parameters } : {}),
          })),
          toolChoice: named ? { name: named } : choice === "required" ? "required" : "auto",
          maxParallelToolCalls: req.parallel_tool_calls === false ? 1 : 4,
        }
      : {}),
    ...(json ? { json } : {}),
  };
}

/** The calls as OpenAI's `tool_calls`: a `call_` id each, arguments as JSON text. */
export function openAiToolCalls(calls: readonly GeneratedToolCall[] | undefined) {
  return (calls ?? []).map((tc) => ({
    id: `call_${randomUUID().replace(/-/g, "").slice(0, 24)}`,
    type: "function" as const,
    function: { name: tc.name, arguments: JSON.stringify(tc.arguments ?? {}) },
  }));
}
