// The narrow faces of the appliance that http/, cli/, tui/ and eval/ use. Each caller asks for the services it needs,
// so a route test can hand in fakes without opening LanceDB (../../docs/architecture.md, "arrows point down").
import type { Readable } from "node:stream";
import type { Config } from "../config.js";
import type { Answerer } from "../generate/answer.js";
import type { DocumentMetaLookup } from "../generate/sources.js";
import type { Indexer } from "../library/indexer.js";
import type { EmbeddingSwitchProgress } from "../library/reembed.js";
import type { Logger } from "../log.js";
import type { ModelEntry } from "../models/registry.js";
import type { ModelRuntime } from "../models/runtime.js";
import type { Retriever } from "../retrieve/search.js";
import type { ApiKeyStore } from "../state/api-keys.js";
import type { ConversationStore } from "../state/conversations.js";
import type { DocumentRepository } from "../state/documents.js";
import type { PageIndex } from "../state/page-index.js";
import type { SessionStore } from "../state/sessions.js";
import type { RuntimeSetting } from "../state/settings.js";
import type { UserStore } from "../state/users.js";
import type { AppStatus } from "./status.js";

/** The library: what is indexed, the queue, and the documents' rows and reader text. */
export interface LibraryService {
  /** The indexer's queue, events and counts (it never exposes the store). */
  readonly indexer: Pick<
    Indexer,
    | "on"
    | "off"
    | "busy"
    | "reconcile"
    | "enqueue"
    | "reindex"
    | "drain"
    | "queuedPaths"
    | "collections"
    | "countsByStatus"
    | "getAvailability"
    | "checkAvailability"
    | "getProgress"
    | "settle"
  >;
  /** Documents' state rows and stored reader text (read-only here; the indexer writes them). */
  readonly documents: Pick<DocumentRepository, "get" | "list" | "text" | "languages">;
  /** Title, author, year, publisher and language of a document by id. */
  readonly meta: DocumentMetaLookup;
  /** The page label of a PDF passage by document id and offset, for citations. */
  readonly pages: Pick<PageIndex, "labelAt">;
  /**
   * Chunks in the index.
   * @throws StorageError when the index cannot be read.
   */
  chunkCount(): Promise<number>;
}

/** Cited answers (extractive, or generated when a chat model is loaded). */
export type AskService = Pick<Answerer, "answer" | "retrieve" | "mode">;

/** BM25, vector, hybrid and reranked search over the chunks. */
export type SearchService = Pick<Retriever, "search" | "defaultMode">;

/** The models folder and the loaded models, and switching them without a restart. */
export interface ModelsService {
  /** The loaded models and the backend, as `/status` reports them. */
  readonly runtime: Pick<ModelRuntime, "chat" | "embedder" | "reranker" | "info" | "rescan">;
  /** The embedding switch running or last finished since start-up, with its progress; null when none. */
  readonly embeddingSwitch: EmbeddingSwitchProgress | null;
  /** See {@link ModelSwitcher.useChat}. */
  useChat(file: string): Promise<ModelEntry>;
  /** See {@link ModelSwitcher.useReranker}. */
  useReranker(file: string): Promise<ModelEntry>;
  /** See {@link ModelSwitcher.useEmbedding}. */
  useEmbedding(file: string): Promise<{ entry: ModelEntry; done: Promise<void> }>;
  /** See {@link ModelSwitcher.unload}. */
  unload(role: "chat" | "reranker"): ModelEntry | null;
  /** See {@link ModelSwitcher.upload}. */
  upload(body: Readable, browserName: string, declaredBytes?: number): Promise<ModelEntry>;
}

/** Accounts, browser sessions and API keys. */
export interface AccountsService {
  readonly users: Pick<
    UserStore,
    "count" | "create" | "get" | "list" | "verify" | "setPassword" | "setRole" | "setDisabled" | "setLanguage"
  >;
  readonly sessions: Pick<SessionStore, "create" | "delete" | "deleteAllFor" | "userOf">;
  readonly apiKeys: Pick<ApiKeyStore, "create" | "list" | "resolve" | "revoke">;
  /** This run's admin key for a CLI on the same machine (the writer lock's `localKey`); none when read-only. */
  readonly localKey?: string | undefined;
}

/** Saved chat conversations. */
export type ConversationsService = Pick<
  ConversationStore,
  | "add"
  | "byId"
  | "create"
  | "delete"
  | "get"
  | "list"
  | "messages"
  | "rate"
  | "rename"
  | "retitle"
  | "setSummary"
  | "showBranch"
  | "thread"
>;

/** Settings an admin may change at run time. */
export interface SettingsService {
  /**
   * Saves one setting and applies it to the running config.
   * @returns an error message for a bad value (nothing is saved), or null.
   */
  save(key: RuntimeSetting, value: string): string | null;
}

/**
 * Everything the outer floors may use, composed by {@link Almanac}.
 * `writable` is false for a process that only reads the index beside the server that writes it.
 */
export interface AppServices {
  readonly config: Readonly<Config>;
  readonly log: Logger;
  /** Aborted at shutdown: generations stop and streams end with their final chunk. */
  readonly shutdown: AbortSignal;
  readonly writable: boolean;
  readonly library: LibraryService;
  readonly ask: AskService;
  readonly search: SearchService;
  readonly models: ModelsService;
  readonly accounts: AccountsService;
  readonly conversations: ConversationsService;
  readonly settings: SettingsService;
  /** The `/status` snapshot. */
  status(): Promise<AppStatus>;
}
