// Tool calls and JSON output on a local model: node-llama-cpp's LlamaChat with function calling (the model
// chooses) or a JSON-schema grammar (the reply is forced to a tool call, or to JSON).
import type {
  ChatHistoryItem,
  ChatModelFunctionCall,
  ChatModelFunctions,
  ChatWrapper,
  GbnfJsonSchema,
  LlamaContextSequence,
  LlamaGrammar,
  LlamaModel,
} from "node-llama-cpp";
import type { ChatMessage, GeneratedToolCall, GenerateOptions, GenerateResult, ToolSpec } from "./chat-model.js";

/** Whether a request needs this path: tools offered, JSON asked for, or tool calls in the history. */
export function needsToolPath(messages: readonly ChatMessage[], opts: GenerateOptions): boolean {
  return Boolean(opts.tools?.length || opts.json || messages.some((m) => m.toolCalls?.length));
}

/** A tool call's arguments as an object (a client's unparsable JSON becomes its raw text). */
function parsedArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { raw: text };
  }
}

/**
 * The chat history node-llama-cpp takes: the system messages as one system
 * item, user turns, and model turns whose tool calls carry their results
 * (`functionCall` items, which the model's chat wrapper renders in its own
 * syntax). A history that ends in a user turn gets an empty model turn to fill.
 */
export function toolHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const system = messages
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n\n");
  const history: ChatHistoryItem[] = system ? [{ type: "system", text: system }] : [];
  for (const m of messages) {
    if (m.role === "user") history.push({ type: "user", text: m.content });
    else if (m.role === "assistant") {
      const calls: ChatModelFunctionCall[] = (m.toolCalls ?? []).map((tc) => ({
        type: "functionCall",
        name: tc.name,
        params: parsedArguments(tc.arguments),
        result: tc.result ?? "",
      }));
      history.push({ type: "model", response: [...(m.content ? [m.content] : []), ...calls] });
    }
  }
  if (history.at(-1)?.type !== "model") history.push({ type: "model", response: [] });
  return history;
}

/** The tools as node-llama-cpp's functions (the parameters' JSON Schema read as its GBNF JSON schema subset). */
function functionsOf(tools: readonly ToolSpec[]): ChatModelFunctions {
  const out: Record<string, { description?: string; params?: GbnfJsonSchema }> = {};
  for (const t of tools)
    out[t.name] = {
      ...(t.description ? { description: t.description } : {}),
      ...(t.parameters ? { params: t.parameters as unknown as GbnfJsonSchema } : {}),
    };
  return out;
}

/**
 * The JSON Schema a forced tool call must match: `{"name": …, "arguments": …}`
 * with the name one of the tools (or the one named) and the arguments that
 * tool's `parameters`.
 */
export function forcedCallSchema(tools: readonly ToolSpec[], only?: string): Record<string, unknown> {
  const callOf = (t: ToolSpec) => ({
    type: "object",
    properties: { name: { const: t.name }, arguments: t.parameters ?? { type: "object", properties: {} } },
    required: ["name", "arguments"],
  });
  const chosen = tools.filter((t) => !only || t.name === only);
  return chosen.length === 1 ? callOf(chosen[0] as ToolSpec) : { oneOf: chosen.map(callOf) };
}

/** The longest string a forced reply's schema lets through when it names no `maxLength`, characters. */
export const DEFAULT_MAX_STRING = 200;

/**
 * The schema with a `maxLength` on every string that has none ({@link DEFAULT_MAX_STRING}): under a
 * grammar a string ends only when the model picks a closing quote, which a weak or confused model may
 * not do before `max_tokens`, and then the reply is not JSON at all. Pure; the input is not changed.
 */
export function boundedSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(boundedSchema);
  if (!schema || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = boundedSchema(v);
  const type = out.type;
  const isString = type === "string" || (Array.isArray(type) && type.includes("string"));
  if (isString && out.maxLength === undefined && out.enum === undefined && out.const === undefined)
    out.maxLength = DEFAULT_MAX_STRING;
  return out;
}

/** What {@link generateWithTools} needs of the loaded model. */
export interface ToolModel {
  model: LlamaModel;
  chatWrapper: ChatWrapper;
  llamaCpp: typeof import("node-llama-cpp");
}

/**
 * One generation with tools or JSON on `sequence`. `toolChoice` `required`
 * or a named tool, and `json`, constrain the reply with a JSON-schema
 * grammar, so it parses (and validates against the schema) even from a weak
 * model; `auto` lets the model choose through node-llama-cpp's function
 * calling, which stops at its calls and returns them.
 * Source: node-llama-cpp "Function Calling" and "Using a JSON Schema Grammar" guides.
 * @throws Error from node-llama-cpp for a schema its grammar cannot express.
 */
export async function generateWithTools(
  m: ToolModel,
  sequence: LlamaContextSequence,
  messages: readonly ChatMessage[],
  opts: GenerateOptions,
): Promise<GenerateResult> {
  const tools = opts.tools ?? [];
  const choice = opts.toolChoice ?? "auto";
  const forced = tools.length > 0 && choice !== "auto";
  // A client's schema is only known at run time; node-llama-cpp's typing wants it as a literal type.
  const llama = m.model.llama;
  const schemaGrammar = (schema: Record<string, unknown>) =>
    (llama.createGrammarForJsonSchema.bind(llama) as (s: unknown) => Promise<LlamaGrammar>)(boundedSchema(schema));
  let grammar: LlamaGrammar | undefined;
  if (forced)
    grammar = await schemaGrammar(forcedCallSchema(tools, typeof choice === "object" ? choice.name : undefined));
  else if (opts.json === true) grammar = await llama.getGrammarFor("json");
  else if (opts.json) grammar = await schemaGrammar(opts.json);
  const history = toolHistory(messages);
  const chat = new m.llamaCpp.LlamaChat({
    contextSequence: sequence,
    chatWrapper: m.chatWrapper,
    autoDisposeSequence: false,
  });
  const offered = grammar || tools.length === 0 ? undefined : functionsOf(tools);
  const promptTokens = m.chatWrapper
    .generateContextState({ chatHistory: history, ...(offered ? { availableFunctions: offered } : {}) })
    .contextText.tokenize(m.model.tokenizer).length;
  let completionTokens = 0;
  try {
    const common = {
      maxTokens: opts.maxTokens,
      temperature: opts.temperature ?? 0,
      ...(opts.signal ? { signal: opts.signal, stopOnAbortSignal: true } : {}),
      onToken: (tokens: readonly unknown[]) => {
        completionTokens += tokens.length;
      },
      // A forced call's JSON is not the answer's text: it is not streamed.
      ...(forced ? {} : { onTextChunk: (chunk: string) => opts.onText?.(chunk) }),
    };
    const res = !offered
      ? await chat.generateResponse(history, { ...common, ...(grammar ? { grammar } : {}) })
      : await chat.generateResponse(history, {
          ...common,
          functions: offered,
          maxParallelFunctionCalls: Math.max(1, opts.maxParallelToolCalls ?? 1),
        });
    const length = res.metadata.stopReason === "maxTokens" ? "length" : "stop";
    if (forced) {
      const call = parsedArguments(res.response) as { name?: string; arguments?: unknown };
      const toolCalls: GeneratedToolCall[] = call.name ? [{ name: call.name, arguments: call.arguments ?? {} }] : [];
      return {
        text: "",
        promptTokens,
        completionTokens,
        finishReason: toolCalls.length ? "tool_calls" : length,
        toolCalls,
      };
    }
    const calls = (res.functionCalls ?? []).map((c) => ({ name: String(c.functionName), arguments: c.params ?? {} }));
    if (calls.length)
      return { text: res.response, promptTokens, completionTokens, finishReason: "tool_calls", toolCalls: calls };
    return { text: res.response, promptTokens, completionTokens, finishReason: length };
  } finally {
    chat.dispose({ disposeSequence: false });
  }
}
