import { blob, index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Ingest lifecycle of one library file. `failed` keeps the reason in `error`;
 * `skipped` (an empty file, a symbolic link) keeps why in `error` too and has no chunks.
 */
export type DocumentStatus = "pending" | "indexing" | "indexed" | "failed" | "skipped";

/** Every {@link DocumentStatus}, in lifecycle order. */
export const DOCUMENT_STATUSES: readonly DocumentStatus[] = ["pending", "indexing", "indexed", "failed", "skipped"];

/** One row per library file (migrations/0000_init.sql). */
export const documents = sqliteTable(
  "documents",
  {
    /** Stable id derived from the library-relative path. */
    id: text("id").primaryKey(),
    /** Path relative to the library root, POSIX separators. */
    path: text("path").notNull(),
    collection: text("collection").notNull(),
    format: text("format").notNull(),
    title: text("title"),
    author: text("author"),
    /** SHA-256 of the file bytes when last indexed; unchanged hash ⇒ never re-parsed or re-embedded. */
    contentHash: text("content_hash"),
    size: integer("size").notNull().default(0),
    mtimeMs: integer("mtime_ms").notNull().default(0),
    status: text("status").$type<DocumentStatus>().notNull().default("pending"),
    error: text("error"),
    chunkCount: integer("chunk_count").notNull().default(0),
    /** Set on an indexed document that lost parts (e.g. an EPUB spine file missing from the archive). */
    warning: text("warning"),
    /** JSON array of the tags its chunks carry (folders, front matter, survival categories), sorted. */
    tags: text("tags"),
    /** Parse attempts that ended in a crash (the row was left `indexing`); the second marks the file failed. */
    attempts: integer("attempts").notNull().default(0),
    indexedAt: integer("indexed_at"),
    updatedAt: integer("updated_at").notNull(),
    /** Publication year from the document's metadata (migrations/0007_published.sql); null when it states none. */
    year: integer("year"),
    publisher: text("publisher"),
    /** As the metadata spells it (`en-GB`, `eng`, `English`). */
    language: text("language"),
    /**
     * The document's language as an ISO 639-1 code (`en`, `es`, `zh`; migrations/0008_languages.sql): its
     * metadata's `language` normalised, else detected from its text; null when neither tells.
     */
    lang: text("lang"),
    /** Which `METADATA_VERSION` read year, publisher and language; lower ones are read again at start-up. */
    metaVersion: integer("meta_version").notNull().default(0),
  },
  (t) => [uniqueIndex("documents_path_unique").on(t.path), index("documents_status_idx").on(t.status)],
);

/** Key/value facts about the index (e.g. which embedding model built it). */
export const meta = sqliteTable("meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/**
 * Browser sign-in sessions (migrations/0001_safety.sql). Only a SHA-256 of the
 * random session id is stored, so a copy of the database cannot sign anyone in.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    /** The signed-in account (migrations/0005_accounts.sql). */
    userId: integer("user_id").notNull(),
    createdAt: integer("created_at").notNull(),
    /** Epoch ms after which the session is refused and deleted. */
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_expires_idx").on(t.expiresAt), index("sessions_user_idx").on(t.userId)],
);

/** Account roles, least to most: `reader` reads and searches, `user` also chats, `admin` also runs the library, models, users and settings. */
export type Role = "reader" | "user" | "admin";

/** Every {@link Role}, least to most. */
export const ROLES: readonly Role[] = ["reader", "user", "admin"];

/**
 * Accounts (migrations/0005_accounts.sql). `name` is stored lower-case and
 * unique; `passwordHash` is an argon2id PHC string (RFC 9106), never the password.
 */
export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role").$type<Role>().notNull(),
    /** 1 when an admin disabled the account: no sign-in, its sessions and keys refused. */
    disabled: integer("disabled").notNull().default(0),
    /** The web app's language this account chose (a catalog locale such as `pt-BR`; migrations/0008_languages.sql); null follows the device and browser. */
    language: text("language"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("users_name_unique").on(t.name)],
);

/**
 * Per-user API keys (migrations/0005_accounts.sql). Only the SHA-256 of the
 * key is stored (the key is 256 random bits, so a fast hash is enough); the
 * first characters are kept as `prefix` so a person can tell keys apart.
 */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    /** Epoch ms of the last request made with it, at most a minute stale. */
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_unique").on(t.keyHash), index("api_keys_user_idx").on(t.userId)],
);

/**
 * The reader's copy of each indexed document (migrations/0002_webapp.sql):
 * its normalised text and section outline, deflated JSON. Citation offsets
 * index this text, so the reader highlights exactly what was cited.
 */
export const documentTexts = sqliteTable("document_texts", {
  docId: text("doc_id").primaryKey(),
  body: blob("body", { mode: "buffer" }).notNull(),
});

/**
 * Where the indexing of each ZIM archive stands (migrations/0003_zim.sql):
 * the archive's identity (UUID and stored MD5), the next front-article
 * position, and the articles and chunks written before it. Advanced only
 * after a batch's chunks are committed, so a restart resumes where it stopped.
 */
export const zimCursors = sqliteTable("zim_cursors", {
  docId: text("doc_id").primaryKey(),
  identity: text("identity").notNull(),
  next: integer("next").notNull(),
  articles: integer("articles").notNull(),
  chunks: integer("chunks").notNull(),
  total: integer("total").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Saved chat conversations; `owner` is `u:<account id>`, `key:bootstrap`, or an anonymous browser's cookie id. */
export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    owner: text("owner").notNull(),
    title: text("title").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** The last message of the branch on show (migrations/0006_threads.sql); null before the first message. */
    leafId: integer("leaf_id"),
    /** A chat model's summary of the thread's older turns, for prompts that cannot hold them all. */
    summary: text("summary"),
    /** The message the summary covers up to (inclusive); it applies only to threads through that message. */
    summaryUpto: integer("summary_upto"),
  },
  (t) => [index("conversations_owner_idx").on(t.owner, t.updatedAt)],
);

/** One turn of a conversation. Assistant turns record how the answer was made and how fast. */
export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    role: text("role").$type<"user" | "assistant">().notNull(),
    content: text("content").notNull(),
    /** JSON array of the cited sources (assistant turns). */
    sources: text("sources"),
    /** JSON array of the research style's steps (`ResearchStep`), in order; null for other answers. */
    steps: text("steps"),
    /** Answer mode: rag, extractive or none. */
    mode: text("mode"),
    /** Retrieval mode: bm25, hybrid… */
    retrieval: text("retrieval"),
    /** Request to last token, ms. */
    latencyMs: integer("latency_ms"),
    /** Time to first token, ms. */
    ttftMs: integer("ttft_ms"),
    /** Generation speed; null for extractive answers. */
    tokensPerS: real("tokens_per_s"),
    /** 1 when the user stopped the answer before it finished. */
    stopped: integer("stopped").notNull().default(0),
    /** The reader's rating of an answer: 1 (helpful), −1 (not helpful), or null (migrations/0004_ratings.sql). */
    rating: integer("rating"),
    /** What the reader wrote with the rating, at most 1,000 characters. */
    ratingNote: text("rating_note"),
    ratedAt: integer("rated_at"),
    /** The message this one follows (migrations/0006_threads.sql); null for a first question. Siblings are branches. */
    parentId: integer("parent_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("messages_conversation_idx").on(t.conversationId, t.id),
    index("messages_parent_idx").on(t.conversationId, t.parentId),
  ],
);

/** A `documents` row as read. */
export type DocumentRow = typeof documents.$inferSelect;
