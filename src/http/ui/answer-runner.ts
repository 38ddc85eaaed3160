import { randomBytes } from "node:crypto";
import type { MessageView } from "../../../views/message.js";
import type { AppServices } from "../../app/services.js";
import type { AnswerMode } from "../../generate/answer.js";
import { threadUpkeep } from "../../generate/memory.js";
import type { ResearchStep } from "../../generate/research.js";
import type { Source } from "../../generate/sources.js";
import type { PromptStyle } from "../../generate/styles.js";
import { createI18n, type I18n } from "../../i18n/index.js";
import type { ChatMessage } from "../../models/chat-model.js";
import type { SearchFilter } from "../../retrieve/filter.js";
import { type BranchPosition, branchPositions } from "../../state/conversation-tree.js";
import { type MessageRow, savedSources, titleFromQuestion } from "../../state/conversations.js";
import { sourceView } from "../conversation-owner.js";

/** Status lines for callers that name no language. */
const ENGLISH = createI18n("en");

/** An answer asked for and not yet streamed: the SSE request that follows runs it. */
export interface PendingAnswer {
  owner: string;
  conversationId: string;
  /** The question this answers: the answer's parent in the conversation tree. */
  parentId: number;
  /** The conversation so far, ending with the new question. */
  history: ChatMessage[];
  filter: SearchFilter | null;
  /** The answer's shape, from the ask form. */
  style: PromptStyle;
  controller: AbortController;
  createdAt: number;
}

/** How long an asked-for answer waits for its stream to connect, ms. */
const PENDING_TTL_MS = 60_000;

/**
 * Answers waiting for (or running on) their SSE stream, by random id. An id
 * is usable only by the browser that asked, and only once; Stop aborts it.
 */
export class PendingAnswers {
  private readonly waiting = new Map<string, PendingAnswer>();
  private readonly running = new Map<string, PendingAnswer>();

  /** Registers an answer to run. @returns its id (96 random bits). */
  add(p: Omit<PendingAnswer, "controller" | "createdAt">): string {
    const now = Date.now();
    for (const [id, w] of this.waiting) if (now - w.createdAt > PENDING_TTL_MS) this.waiting.delete(id);
    const id = randomBytes(12).toString("base64url");
    this.waiting.set(id, { ...p, controller: new AbortController(), createdAt: now });
    return id;
  }

  /** Claims a waiting answer for its stream; undefined when unknown, already claimed, or another owner's. */
  start(id: string, owner: string): PendingAnswer | undefined {
    const p = this.waiting.get(id);
    if (!p || p.owner !== owner) return undefined;
    this.waiting.delete(id);
    this.running.set(id, p);
    return p;
  }

  /** Marks a running answer finished. */
  finish(id: string): void {
    this.running.delete(id);
  }

  /** Stops an answer (waiting or running) of this owner. @returns whether there was one to stop. */
  stop(id: string, owner: string): boolean {
    const p = this.running.get(id) ?? this.waiting.get(id);
    if (!p || p.owner !== owner) return false;
    p.controller.abort();
    this.waiting.delete(id);
    return true;
  }
}

/** Hooks a streamed answer reports through. */
export interface AnswerHooks {
  onStatus?: (text: string) => void;
  /** The language of the status lines (English when absent). */
  i18n?: I18n;
  onText?: (text: string) => void;
}

/** What answering in the web app uses: the answerer, the chat model's queue, the conversations, shutdown and the log. */
export type AnswerServices = Pick<AppServices, "ask" | "conversations" | "log" | "models" | "search" | "shutdown">;

/** What the chat routes use: answering, plus the config's limits and the library line's status. */
export type ChatServices = AnswerServices & Pick<AppServices, "config" | "status">;

/** What every chat handler is given: the services, and the answers waiting for (or running on) their streams. */
export interface ChatDeps {
  readonly services: ChatServices;
  readonly pending: PendingAnswers;
}

/**
 * Runs one answer, saves it to the conversation, and returns the saved row:
 * the text (partial when stopped), its sources, answer and retrieval mode,
 * latency, time to first text (TTFT) and, for generated answers, tokens/s.
 */
export async function runAnswer(
  services: AnswerServices,
  p: PendingAnswer,
  hooks: AnswerHooks = {},
): Promise<MessageRow> {
  const signal = AbortSignal.any([p.controller.signal, services.shutdown]);
  const t0 = performance.now();
  let first: number | null = null;
  let mode: AnswerMode = "none";
  let text = "";
  let sources: Source[] = [];
  let completionTokens = 0;
  // The research style's steps, each shown as it happens, kept in view while the answer is written, then saved.
  const steps: ResearchStep[] = [];
  const i18n = hooks.i18n ?? ENGLISH;
  try {
    const answer = await services.ask.answer({
      messages: p.history,
      ...(p.filter ? { filter: p.filter } : {}),
      style: p.style,
      signal,
      onStep: (step) => {
        steps.push(step);
        hooks.onStatus?.(researchLine(steps, i18n));
      },
      onSources: (s) => {
        const reading = readingStatus(s.length, services.models.runtime.chat?.ahead ?? 0, hooks.i18n);
        hooks.onStatus?.([researchLine(steps, i18n), reading].filter(Boolean).join(" · "));
      },
      onText: (t) => {
        first ??= performance.now();
        hooks.onText?.(t);
      },
    });
    ({ mode, text, sources, completionTokens } = answer);
  } catch (err) {
    if (!signal.aborted) throw err;
  }
  const end = performance.now();
  const stopped = signal.aborted;
  const genSeconds = first === null ? 0 : (end - first) / 1000;
  return services.conversations.add(p.conversationId, {
    role: "assistant",
    parentId: p.parentId,
    content: text || (stopped ? "(stopped before any text)" : ""),
    sources: JSON.stringify(sources.map(sourceView)),
    steps: steps.length ? JSON.stringify(steps) : null,
    mode,
    retrieval: services.search.defaultMode,
    latencyMs: Math.round(end - t0),
    ttftMs: first === null ? null : Math.round(first - t0),
    tokensPerS: mode === "rag" && genSeconds > 0 ? Number((completionTokens / genSeconds).toFixed(1)) : null,
    stopped: stopped ? 1 : 0,
  });
}

/** "Reading 5 passages… (2 answers ahead of yours)": what the page shows while an answer waits for the model. */
export function readingStatus(passages: number, ahead: number, i18n: I18n = ENGLISH): string {
  if (passages === 0) return "";
  const reading = i18n.t("msg.reading", { count: passages });
  return ahead > 0 ? i18n.t("msg.ahead", { reading, ahead }) : reading;
}

/** "Searched “boiling water”: 2 new passages · Read on from Water › Boiling: 1 more passage", or "" for no steps. */
export function researchLine(steps: readonly ResearchStep[], i18n: I18n): string {
  return steps
    .map((s) =>
      s.tool === "search"
        ? i18n.t("msg.researchStep", { query: s.query, found: s.found })
        : i18n.t("msg.researchRead", { passage: s.passage, found: s.found }),
    )
    .join(" · ");
}

/** A saved answer's research steps; [] for other answers and for a column that does not parse. */
function savedSteps(m: MessageRow): ResearchStep[] {
  try {
    const steps: unknown = JSON.parse(m.steps ?? "[]");
    return Array.isArray(steps) ? (steps as ResearchStep[]) : [];
  } catch {
    return [];
  }
}

/**
 * "Searched “…”: 2 new passages · Generated from 3 passages in 41 ms · first text 12 ms · 9.5 tokens/s · stopped":
 * the research steps (when the answer had any), then how it was made.
 */
export function answerMeta(m: MessageRow, sourceCount: number, i18n: I18n): string {
  const ms = m.latencyMs ?? 0;
  const how = m.mode === "rag" ? "meta.generated" : m.mode === "extractive" ? "meta.extracted" : "meta.nothing";
  const parts = [researchLine(savedSteps(m), i18n), i18n.t(how, { count: sourceCount, ms })].filter(Boolean);
  if (m.ttftMs !== null && m.mode === "rag") parts.push(i18n.t("meta.firstText", { ms: m.ttftMs }));
  if (m.tokensPerS !== null) parts.push(i18n.t("meta.tokensPerS", { rate: m.tokensPerS }));
  if (m.stopped) parts.push(i18n.t("meta.stopped"));
  return parts.join(" · ");
}

/** A saved message as the page shows it. */
export function messageView(m: MessageRow, i18n: I18n, position?: BranchPosition): MessageView {
  const sources = savedSources(m);
  const base = `/chat/${m.conversationId}/messages`;
  return {
    id: m.id,
    role: m.role,
    content: m.content,
    sources,
    meta: m.role === "assistant" ? answerMeta(m, sources.length, i18n) : "",
    rateUrl: m.role === "assistant" ? `${base}/${m.id}/rate` : null,
    rating: m.rating ?? null,
    ratingNote: m.ratingNote ?? null,
    branch:
      position && position.count > 1
        ? {
            index: position.index,
            count: position.count,
            previousUrl: position.previous === null ? null : `${base}/${position.previous}/show`,
            nextUrl: position.next === null ? null : `${base}/${position.next}/show`,
          }
        : null,
    forkUrl: `${base}/${m.id}/${m.role === "user" ? "edit" : "retry"}`,
  };
}

/** The branch on show of a conversation, as the page shows it, with each message's "2/3" position. */
export function threadViews(
  conversations: Pick<AppServices["conversations"], "thread">,
  conversationId: string,
  i18n: I18n,
): MessageView[] {
  const { thread, all } = conversations.thread(conversationId);
  const positions = branchPositions(all);
  return thread.map((m) => messageView(m, i18n, positions.get(m.id)));
}

const upkeepRunning = new Set<string>();

/**
 * Runs {@link threadUpkeep} for a conversation after an answer, in the
 * background (the answer is already shown), one at a time per conversation;
 * only with a chat model. A title is made when the conversation has its
 * first answer and still has its automatic title. Failures are logged and dropped.
 */
export function upkeepConversation(services: AnswerServices, conversationId: string): void {
  const { conversations, log } = services;
  const chat = services.models.runtime.chat;
  if (!chat || services.ask.mode !== "rag" || upkeepRunning.has(conversationId)) return;
  const conversation = conversations.byId(conversationId);
  if (!conversation) return;
  const { thread } = conversations.thread(conversationId);
  const [first, second] = thread;
  const title =
    thread.length === 2 &&
    first?.role === "user" &&
    second?.role === "assistant" &&
    conversation.title === titleFromQuestion(first.content)
      ? { question: first.content, answer: second.content }
      : null;
  const summary =
    conversation.summary && conversation.summaryUpto !== null
      ? { text: conversation.summary, upto: conversation.summaryUpto }
      : null;
  upkeepRunning.add(conversationId);
  threadUpkeep(chat, { thread, summary, title }, services.shutdown)
    .then((made) => {
      if (made.title) conversations.retitle(conversationId, made.title, conversation.title);
      if (made.summary) conversations.setSummary(conversationId, made.summary.text, made.summary.upto);
    })
    .catch((err: Error) => log.warn({ err: err.message, conversationId }, "conversation title or summary failed"))
    .finally(() => upkeepRunning.delete(conversationId));
}
