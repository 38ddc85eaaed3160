import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
    /** Parse attempts that ended in a crash (the row was left `indexing`); the second marks the file failed. */
    attempts: integer("attempts").notNull().default(0),
    indexedAt: integer("indexed_at"),
    updatedAt: integer("updated_at").notNull(),
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
    createdAt: integer("created_at").notNull(),
    /** Epoch ms after which the session is refused and deleted. */
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_expires_idx").on(t.expiresAt)],
);

/** A `documents` row as read. */
export type DocumentRow = typeof documents.$inferSelect;
