// Over 300 lines: the Answerer is one sequence (retrieve, gate, extract or generate, cite) read top to bottom;
// the parts that stand alone live beside it (extractive, prompt, citations, research, sources).
import type { ChatMessage, ChatModel, GenerateOptions, GenerateResult } from "../models/chat-model.js";
import type { SearchFilter } from "../retrieve/filter.js";
import { holdsLeadIn, type Retriever, type SearchResult } from "../retrieve/search.js";
import { alternativeLines, alternativesIn, chapterCandidates } from "./alternatives.js";
import { phrasesFor } from "./answer-phrases.js";
import { warmBackgroundIdf } from "./background-idf.js";
import { CitationFilter, checkCitations } from "./citations.js";
import { searchQueryFor } from "./condense.js";
import { datedExtractive, datedRanked, datedTail } from "./dated.js";
import { extractAnswer, renderLines } from "./extractive.js";
import type { SearchQuery } from "./followup.js";
import { hasEvidence } from "./gate.js";
import { type IndexingState, nothingFound } from "./nothing-found.js";
import { buildRagMessages } from "./prompt.js";
import { analyseQuestion, type QuestionAnalysis, withoutNegated, wordsWithStems } from "./question.js";
import { type ResearchStep, researchPassages } from "./research.js";
import {
  citationLabel,
  type DocumentMetaLookup,
  type PageLookup,
  renumberSources,
  type Source,
  toSources,
} from "./sources.js";
import { type PromptStyle, styleInstruction, styleLines } from "./styles.js";

/** How an answer was made: generated (`rag`), extracted, `none` (nothing found), or `chat` (a model's own words). */
export type AnswerMode = "rag" | "extractive" | "none" | "chat";

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
  /** The answer's shape ({@link PromptStyle}); default `default`. */
  style?: PromptStyle;
  /** Each search of the `research` style as it happens. */
  onStep?: (step: ResearchStep) => void;
  /** Tools offered to the chat model beside the sources (the API's `tools` with `model: "almanac"`). */
  tools?: Pick<GenerateOptions, "tools" | "toolChoice" | "maxParallelToolCalls">;
}

/** A finished answer. Token counts use the chat model's tokenizer, or the chunker estimate otherwise. */
export interface Answer {
  text: string;
  /** The sources the answer cites, numbered 1…N in order of first use. */
  sources: Source[];
  mode: AnswerMode;
  /** The query actually searched (the question, or a follow-up made standalone). */
  query: SearchQuery;
  promptTokens: number;
  completionTokens: number;
  finishReason: GenerateResult["finishReason"];
  /** The tool calls a chat model made (the API's plain chat with `tools`); never for library answers. */
  toolCalls?: GenerateResult["toolCalls"];
}

/** Answering limits from the config. */
export interface AnswerOptions {
  topK: number;
  contextTokens: number;
  maxAnswerTokens: number;
}

/** Passages the extractive answerer reads: more than a RAG prompt holds, since it only quotes the best lines. */
const EXTRACTIVE_PASSAGES = 8;
/** Sections named by the question's topic added after the ranked passages (see {@link Retriever.sections}). */
const SECTION_PASSAGES = 3;

/**
 * Answers questions from the library:
 *
 * 1. the search query comes from the conversation ({@link searchQueryFor}), so follow-ups keep their topic;
 * 2. passages are retrieved, and the evidence gate ({@link hasEvidence}) decides whether any is on topic;
 *    if none is, the answer says so and no model is called;
 * 3. with a chat model, it generates over a numbered-source prompt sized to the model's context,
 *    with citations checked as they stream ({@link CitationFilter});
 * 4. without one, it quotes the best lines extractively ({@link extractAnswer}).
 *
 * Sources are renumbered 1…N in the order the answer first cites them.
 */
export class Answerer {
  constructor(
    private readonly retriever: Retriever,
    /** The chat model now (it can be switched at runtime); read once per answer, so one answer uses one model. */
    private readonly chatModel: () => ChatModel | null,
    private readonly opts: AnswerOptions,
    private readonly countEstimate: (text: string) => number,
    private readonly indexing: () => IndexingState = () => ({ busy: false, processed: 0, queued: 0 }),
    /** Page labels for PDF citations. */
    private readonly pageOf?: PageLookup,
    /** Document facts (title, author, year…): citations carry their year, and medical answers mark old sources ({@link datedExtractive}). */
    private readonly metaOf?: DocumentMetaLookup,
  ) {
    warmBackgroundIdf();
  }

  /** Whether answers come from a chat model. */
  get mode(): Exclude<AnswerMode, "none"> {
    return this.chatModel() ? "rag" : "extractive";
  }

  /**
   * @throws Error when the conversation has no user message.
   */
  async answer(req: AnswerRequest): Promise<Answer> {
    if (!req.messages.some((m) => m.role === "user" && m.content.trim()))
      throw new Error("the conversation has no user message to answer");
    const chat = this.chatModel();
    const { query, question, results } = await this.retrieve(req.messages, chat, req.filter, req.signal);
    const base = { query, promptTokens: this.countEstimate(query.query), finishReason: "stop" as const };
    const phrases = phrasesFor(question.language);
    if (!hasEvidence(question, results))
      return this.finish(req, { ...base, text: nothingFound(this.indexing(), phrases), sources: [], mode: "none" });
    await this.addSections(query.query, question, results, req.filter);
    const alternatives = await this.addAlternatives(question, results, req.filter);
    const all = toSources(results, this.pageOf);
    if (!chat) {
      const passages = all.map((s) => ({
        source: s.index,
        text: s.text,
        heading: citationLabel(s),
        leadIn: s.leadIn,
        start: s.start,
        // The year comes from the metadata here: citation labels carry it only after extraction.
        document: { title: s.title, author: s.author, year: this.metaOf?.(s.docId)?.year ?? null },
        ...(s.chapter ? { section: s.chapter } : {}),
      }));
      // "Without matches", and the book has a section on matches: its sibling sections are the answer.
      const others = passages.filter((_, i) => alternatives.has(results[i]?.chunk.id ?? ""));
      const extracted =
        others.length >= 2 ? { lines: alternativeLines(question, others), best: 1 } : extractAnswer(question, passages);
      if (extracted.lines.length === 0)
        return this.finish(req, { ...base, text: nothingFound(this.indexing(), phrases), sources: [], mode: "none" });
      const styled = styleLines(extracted.lines, req.style ?? "default");
      const { sources, map } = renumberSources(
        all,
        styled.lines.map((l) => l.source),
      );
      const dated = datedExtractive(
        query.query,
        styled.lines.map((l) => ({ ...l, source: map.get(l.source) ?? l.source })),
        sources,
        this.metaOf,
      );
      const body = renderLines(dated.lines, phrases.fromLibrary);
      const text = [body, dated.note, styled.closing].filter(Boolean).join("\n\n");
      return this.finish(req, { ...base, text, sources: dated.sources, mode: "extractive" });
    }
    // Research: the model searches on its own first (research.ts); the answer is cited to all it found.
    const ranked = req.style === "research" && chat.supportsTools ? await this.research(chat, req, results) : all;
    // The prompt numbers its sources 1…N in rank order, so streamed citations need no renumbering.
    return this.generate(chat, req, query, datedRanked(query.query, ranked, this.metaOf));
  }

  /**
   * What the evidence gate reads for a conversation: the query searched, the
   * analysed question and the ranked passages (with the chunks holding the
   * lead-ins of listed continuations when answering without a chat model).
   * Public for calibration (`almanac calibrate-gate`).
   * @param chat - the chat model that will answer, or null (extractive answers read more passages).
   */
  async retrieve(
    messages: ChatMessage[],
    chat: ChatModel | null = this.chatModel(),
    filter?: SearchFilter,
    signal?: AbortSignal,
  ): Promise<{ query: SearchQuery; question: QuestionAnalysis; results: SearchResult[] }> {
    const query = await searchQueryFor(messages, chat, signal);
    const k = chat ? this.opts.topK : Math.max(this.opts.topK, EXTRACTIVE_PASSAGES);
    const results = await this.retriever.search(withoutNegated(query.query), { k, ...(filter ? { filter } : {}) });
    const asked = messages.filter((m) => m.role === "user").at(-1)?.content;
    const question = analyseQuestion(query.query, query.via === "question" ? undefined : asked, results);
    if (!chat) await this.addLeadInChunks(results);
    return { query, question, results };
  }

  /**
   * Adds, before a retrieved list continuation, the chunk holding its lead-in
   * and first items when that chunk was not retrieved itself (top 3 only).
   */
  private async addLeadInChunks(results: SearchResult[]): Promise<void> {
    for (let i = 0; i < Math.min(3, results.length); i++) {
      const hit = (results[i] as SearchResult).chunk;
      if (!hit.lead_in || results.some((r) => holdsLeadIn(r.chunk, hit))) continue;
      const holder = await this.retriever.leadInChunk(hit);
      if (holder) {
        results.splice(i, 0, holder);
        i++;
      }
    }
  }

  /**
   * For a question that rules out what one section of a chapter is about
   * ({@link alternativesIn}), appends the chapter's other sections.
   * @returns the ids of the chunks appended (or already retrieved) as alternatives.
   */
  private async addAlternatives(
    q: QuestionAnalysis,
    results: SearchResult[],
    filter?: SearchFilter,
  ): Promise<Set<string>> {
    const chapters = chapterCandidates(q, results);
    if (chapters.length === 0) return new Set();
    // The heading search is indexed: only a chapter that has a section on what is ruled out is read further.
    const named = await this.retriever.sections(
      wordsWithStems(q.question, q.excluded, q.language.code).join(" "),
      "",
      10,
      filter,
    );
    const ruled = chapters.filter((c) =>
      named.some((r) => r.chunk.doc_id === c.docId && r.chunk.heading_path.startsWith(`${c.parent} › `)),
    );
    if (ruled.length === 0) return new Set();
    const sections = await this.retriever.subsections(ruled);
    for (const chapter of ruled) {
      const own = sections.filter((r) => r.chunk.doc_id === chapter.docId);
      const found = alternativesIn(q, chapter.parent, own);
      if (!found || found.length < 2) continue;
      const have = new Set(results.map((r) => r.chunk.id));
      for (const r of found) if (!have.has(r.chunk.id)) results.push(r);
      return new Set(found.map((r) => r.chunk.id));
    }
    return new Set();
  }

  /**
   * Appends the sections whose headings name the whole topic, when search
   * did not rank them: a manual's "Hypothermia › Treatment" list never says
   * "hypothermia", so BM25 ranks the chapter's other sections above it.
   */
  private async addSections(text: string, q: QuestionAnalysis, results: SearchResult[], f?: SearchFilter) {
    // A follow-up's own words name the section; the words carried from earlier turns only rank it.
    const asked = q.topic.filter((t) => q.focus.includes(t));
    const required = asked.length > 0 ? asked : q.topic;
    const topic = wordsWithStems(text, required, q.language.code);
    if (topic.length === 0) return;
    const others = q.terms.filter((t) => !required.includes(t));
    const context = wordsWithStems(text, others, q.language.code);
    const found = await this.retriever.sections(topic.join(" "), context.join(" "), SECTION_PASSAGES + 2, f);
    const have = new Set(results.map((r) => r.chunk.id));
    for (const r of found.filter((f) => !have.has(f.chunk.id)).slice(0, SECTION_PASSAGES)) results.push(r);
  }

  private async research(chat: ChatModel, req: AnswerRequest, results: SearchResult[]): Promise<Source[]> {
    const question = req.messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
    const opts = { filter: req.filter, signal: req.signal, onStep: req.onStep };
    return toSources(await researchPassages(chat, this.retriever, question, results, opts), this.pageOf);
  }

  private finish(req: AnswerRequest, a: Omit<Answer, "completionTokens">): Answer {
    req.onSources?.(a.sources);
    req.onText?.(a.text);
    return { ...a, completionTokens: this.countEstimate(a.text) };
  }

  private async generate(chat: ChatModel, req: AnswerRequest, query: SearchQuery, ranked: Source[]): Promise<Answer> {
    const prompt = buildRagMessages(
      req.messages,
      ranked,
      {
        contextSize: chat.contextSize,
        answerTokens: req.maxTokens ?? this.opts.maxAnswerTokens,
        maxSourceTokens: this.opts.contextTokens,
      },
      chat.countTokens,
      styleInstruction(req.style ?? "default"),
    );
    req.onSources?.(prompt.used);
    const valid = new Set(prompt.used.map((s) => s.index));
    const stream = new CitationFilter(valid);
    const emit = (t: string) => {
      if (t) req.onText?.(t);
    };
    const result = await chat.generate(prompt.messages, {
      maxTokens: prompt.maxTokens,
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
      onText: (t) => emit(stream.push(t)),
      ...req.tools,
    });
    const checked = checkCitations(result.text, valid);
    let text = checked.text;
    // An answer that cites nothing keeps its sources all the same (`sources`: the cards, the API's list),
    // so its text gets no "Sources:" line repeating them.
    let tail = stream.end();
    const note = datedTail(query.query, prompt.used, checked.cited);
    tail += note;
    text += note;
    emit(tail);
    return {
      text,
      sources: prompt.used,
      mode: "rag",
      query,
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      finishReason: result.finishReason,
      ...(result.toolCalls?.length ? { toolCalls: result.toolCalls } : {}),
    };
  }
}
