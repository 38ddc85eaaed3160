import type { SearchFilter } from "../index/chunk-store.js";
import type { ChatMessage, ChatModel } from "../models/runtime.js";
import { extractSentences, renderExtractiveAnswer } from "../retrieve/extractive.js";
import { parseQuery } from "../retrieve/query-syntax.js";
import type { Retriever } from "../retrieve/search.js";
import { buildRagMessages } from "./prompt.js";
import { type Source, toSources } from "./sources.js";

/** How an answer was produced. */
export type AnswerMode = "rag" | "extractive";

/** A request to answer the last user message of a conversation from the library. */
export interface AnswerRequest {
  messages: ChatMessage[];
  filter?: SearchFilter;
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  /** Streams answer text as it is produced. */
  onText?: (text: string) => void;
  /** Called once with the sources, before any text is streamed. */
  onSources?: (sources: Source[]) => void;
}

/** A finished answer. Token counts use the chat model's tokenizer, or the chunker estimate in extractive mode. */
export interface Answer {
  text: string;
  sources: Source[];
  mode: AnswerMode;
  promptTokens: number;
  completionTokens: number;
  finishReason: "stop" | "length";
}

/** Answering limits from the config. */
export interface AnswerOptions {
  topK: number;
  contextTokens: number;
  maxAnswerTokens: number;
}

/**
 * Answers questions from the library: retrieve passages for the last user
 * message, then either generate with the chat model over a numbered-source
 * prompt (RAG), or — with no chat model — pick the best sentences
 * extractively, each with its citation. Both paths cite `[n]` against the same
 * source list, which is returned with the answer.
 */
export class Answerer {
  constructor(
    private readonly retriever: Retriever,
    private readonly chat: ChatModel | null,
    private readonly opts: AnswerOptions,
    private readonly countEstimate: (text: string) => number,
  ) {}

  /** Whether answers come from a chat model. */
  get mode(): AnswerMode {
    return this.chat ? "rag" : "extractive";
  }

  /**
   * @throws Error when the conversation has no user message.
   */
  async answer(req: AnswerRequest): Promise<Answer> {
    const question = [...req.messages]
      .reverse()
      .find((m) => m.role === "user")
      ?.content.trim();
    if (!question) throw new Error("the conversation has no user message to answer");
    const results = await this.retriever.search(question, {
      k: this.opts.topK,
      ...(req.filter ? { filter: req.filter } : {}),
    });
    const sources = toSources(results);
    if (!this.chat) {
      // Excluded words and quote marks are search syntax, not what the answer should be about.
      const sentences = extractSentences(
        parseQuery(question).text || question,
        sources.map((s) => ({ source: s.index, text: s.text })),
      );
      const cited = new Set(sentences.map((s) => s.source));
      const used = sources.filter((s) => cited.has(s.index));
      req.onSources?.(used);
      const text = renderExtractiveAnswer(sentences);
      req.onText?.(text);
      return {
        text,
        sources: used,
        mode: "extractive",
        promptTokens: this.countEstimate(question),
        completionTokens: this.countEstimate(text),
        finishReason: "stop",
      };
    }
    const chat = this.chat;
    const { messages, used } = buildRagMessages(req.messages, sources, this.opts.contextTokens, chat.countTokens);
    req.onSources?.(used);
    const result = await chat.generate(messages, {
      maxTokens: req.maxTokens ?? this.opts.maxAnswerTokens,
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
      ...(req.onText ? { onText: req.onText } : {}),
    });
    return { ...result, sources: used, mode: "rag" };
  }
}
