import type { ChatHistoryItem, ChatWrapper, LlamaContextSequence, LlamaModel } from "node-llama-cpp";
import { type ChatMessage, ChatModel, type GenerateOptions, type GenerateResult } from "./chat-model.js";
import type { ModelEntry } from "./registry.js";
import { generateWithTools, needsToolPath } from "./tool-generation.js";

/**
 * A GGUF chat model loaded by node-llama-cpp, with one context of several
 * sequences: llama.cpp decodes every busy sequence in one batch, so answers
 * are generated side by side (node-llama-cpp "Using Batching" guide).
 */
export class LocalChatModel extends ChatModel {
  /** Sequences not generating now; a running request takes one and gives it back. */
  private readonly free: LlamaContextSequence[];
  /**
   * The model's chat wrapper, resolved once at load: `new LlamaChatSession`
   * resolves "auto" again each time, comparing the GGUF's Jinja template with
   * every built-in wrapper, which cost 280–690 ms of each request's TTFT on 2 cores.
   */
  private readonly chatWrapper: ChatWrapper;

  constructor(
    entry: ModelEntry,
    private readonly model: LlamaModel,
    sequences: readonly LlamaContextSequence[],
    /** One sequence's real size in tokens, prompt and answer together. */
    readonly contextSize: number,
    private readonly llamaCpp: typeof import("node-llama-cpp"),
    maxQueue = 8,
    timeoutMs = 0,
  ) {
    super(entry, sequences.length, maxQueue, timeoutMs);
    this.free = [...sequences];
    this.chatWrapper = llamaCpp.resolveChatWrapper(model);
  }

  /** Tools and JSON output run on this model ({@link generateWithTools}). */
  override readonly supportsTools = true;

  countTokens = (text: string): number => this.model.tokenize(text).length;

  protected async dispose(): Promise<void> {
    await this.free[0]?.context.dispose();
    await this.model.dispose();
  }

  /**
   * The system messages become the system prompt and earlier turns the chat
   * history; the last user message is the prompt. A sequence keeps its KV
   * cache between requests, so a shared prefix is not evaluated again.
   */
  protected async produce(messages: ChatMessage[], opts: GenerateOptions): Promise<GenerateResult> {
    if (needsToolPath(messages, opts)) {
      const sequence = this.free.pop() as LlamaContextSequence;
      try {
        return await generateWithTools(
          { model: this.model, chatWrapper: this.chatWrapper, llamaCpp: this.llamaCpp },
          sequence,
          messages,
          opts,
        );
      } finally {
        this.free.push(sequence);
      }
    }
    const system = messages
      .filter((m) => m.role === "system")
      .map((m) => m.content)
      .join("\n\n");
    const turns = messages.filter((m) => m.role !== "system");
    const last = turns.at(-1);
    const prompt = last?.role === "user" ? last.content : "";
    const history: ChatHistoryItem[] = [];
    if (system) history.push({ type: "system", text: system });
    for (const m of turns.slice(0, last?.role === "user" ? -1 : undefined)) {
      history.push(m.role === "user" ? { type: "user", text: m.content } : { type: "model", response: [m.content] });
    }
    // The queue runs at most as many requests as there are sequences, so one is always free here.
    const sequence = this.free.pop() as LlamaContextSequence;
    const session = new this.llamaCpp.LlamaChatSession({
      contextSequence: sequence,
      autoDisposeSequence: false,
      chatWrapper: this.chatWrapper,
    });
    try {
      session.setChatHistory(history);
      const promptState = session.chatWrapper.generateContextState({
        chatHistory: [...history, { type: "user", text: prompt }, { type: "model", response: [] }],
      });
      const promptTokens = promptState.contextText.tokenize(this.model.tokenizer).length;
      let completionTokens = 0;
      let partial = "";
      let text: string;
      try {
        text = await session.prompt(prompt, {
          maxTokens: opts.maxTokens,
          temperature: opts.temperature ?? 0,
          ...(opts.signal ? { signal: opts.signal, stopOnAbortSignal: true } : {}),
          onToken: (tokens) => {
            completionTokens += tokens.length;
          },
          onTextChunk: (chunk) => {
            partial += chunk;
            opts.onText?.(chunk);
          },
        });
      } catch (err) {
        // A client that went away is a normal end of generation, not a failure.
        if (!opts.signal?.aborted) throw err;
        text = partial;
      }
      return {
        text,
        promptTokens,
        completionTokens,
        finishReason: completionTokens >= opts.maxTokens ? "length" : "stop",
      };
    } finally {
      session.dispose({ disposeSequence: false });
      this.free.push(sequence);
    }
  }
}
