import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, like, or } from "drizzle-orm";
import { newestLeafUnder, threadOf } from "./conversation-tree.js";
import type { StateDb } from "./db.js";
import { conversations, messages } from "./schema.js";

/** A saved conversation as listed. */
export type Conversation = typeof conversations.$inferSelect;
/** A saved message as read. */
export type MessageRow = typeof messages.$inferSelect;
/** What is saved with a new message. */
export type NewMessage = Omit<typeof messages.$inferInsert, "id" | "conversationId" | "createdAt">;

/** A cited source as saved with an answer (JSON in `messages.sources`). */
export interface SavedSource {
  index: number;
  /** "Book › Chapter (p. N)". */
  label: string;
  /** Reader link with the passage highlighted. */
  url: string;
  snippet: string;
  path: string;
}

/** The sources saved with a message; none when the column is empty or not a JSON array. */
export function savedSources(m: Pick<MessageRow, "sources">): SavedSource[] {
  if (!m.sources) return [];
  try {
    const v: unknown = JSON.parse(m.sources);
    return Array.isArray(v) ? (v as SavedSource[]) : [];
  } catch {
    return [];
  }
}

/** Longest conversation title kept, characters. */
export const MAX_TITLE_CHARS = 120;

/** A title from a first question: one line, at most 60 characters, cut at a word. */
export function titleFromQuestion(question: string): string {
  const flat = question.replace(/\s+/g, " ").trim();
  if (flat.length <= 60) return flat || "New conversation";
  const cut = flat.lastIndexOf(" ", 60);
  return `${flat.slice(0, cut > 30 ? cut : 60)}…`;
}

/**
 * Saved conversations (migrations/0002_webapp.sql). Every read and change is
 * scoped to an owner, so one browser can never list, read, rename, export or
 * delete another's conversations (an id that is not the owner's reads as missing).
 */
export class ConversationStore {
  constructor(private readonly db: StateDb) {}

  /** Starts a conversation. @returns its row (the id is 128 random bits, base64url). */
  create(owner: string, title: string, now = Date.now()): Conversation {
    const row: Conversation = {
      id: randomBytes(16).toString("base64url"),
      owner,
      title: title.slice(0, MAX_TITLE_CHARS),
      createdAt: now,
      updatedAt: now,
      leafId: null,
      summary: null,
      summaryUpto: null,
    };
    this.db.insert(conversations).values(row).run();
    return row;
  }

  /** One of the owner's conversations, or undefined. */
  get(owner: string, id: string): Conversation | undefined {
    return this.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, id), eq(conversations.owner, owner)))
      .get();
  }

  /**
   * The owner's conversations, newest first, at most `limit` (default 200).
   * @param find - keep those whose title or any message contains this text (case-insensitive for ASCII).
   */
  list(owner: string, find = "", limit = 200): Conversation[] {
    const mine = eq(conversations.owner, owner);
    const needle = find.trim();
    if (!needle)
      return this.db.select().from(conversations).where(mine).orderBy(desc(conversations.updatedAt)).limit(limit).all();
    const pattern = `%${needle.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const inMessages = this.db
      .selectDistinct({ id: messages.conversationId })
      .from(messages)
      .where(like(messages.content, pattern));
    return this.db
      .select()
      .from(conversations)
      .where(and(mine, or(like(conversations.title, pattern), inArray(conversations.id, inMessages))))
      .orderBy(desc(conversations.updatedAt))
      .limit(limit)
      .all();
  }

  /** Every message of a conversation, every branch, in the order they were made (the caller has checked the owner). */
  messages(conversationId: string): MessageRow[] {
    return this.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(asc(messages.id))
      .all();
  }

  /**
   * The branch on show: from the first question to the conversation's leaf
   * (see {@link threadOf}). @returns the thread and every message (for the branch switcher).
   */
  thread(conversationId: string): { thread: MessageRow[]; all: MessageRow[] } {
    const all = this.messages(conversationId);
    const leaf = this.db
      .select({ leafId: conversations.leafId })
      .from(conversations)
      .where(eq(conversations.id, conversationId))
      .get();
    return { thread: threadOf(all, leaf?.leafId ?? null), all };
  }

  /**
   * Saves a message and makes it the leaf on show, bumping `updatedAt`. It
   * follows `message.parentId` when given (null: a new first question; an
   * edit or a retry forks a branch this way), else the current leaf.
   * @returns the saved row.
   */
  add(conversationId: string, message: NewMessage, now = Date.now()): MessageRow {
    return this.db.transaction((tx) => {
      const parentId =
        message.parentId !== undefined
          ? message.parentId
          : (tx
              .select({ leafId: conversations.leafId })
              .from(conversations)
              .where(eq(conversations.id, conversationId))
              .get()?.leafId ?? null);
      const row = tx
        .insert(messages)
        .values({ ...message, parentId, conversationId, createdAt: now })
        .returning()
        .get();
      tx.update(conversations)
        .set({ updatedAt: now, leafId: row.id })
        .where(eq(conversations.id, conversationId))
        .run();
      return row;
    });
  }

  /**
   * Shows the branch through one message of the owner's conversation: the
   * leaf becomes its newest descendant (or the message itself with `exactly`,
   * as while a new answer to it is written). @returns false when the conversation
   * is not theirs or the message is not in it.
   */
  showBranch(owner: string, conversationId: string, messageId: number, exactly = false): boolean {
    if (!this.get(owner, conversationId)) return false;
    const all = this.messages(conversationId);
    if (!all.some((m) => m.id === messageId)) return false;
    this.db
      .update(conversations)
      .set({ leafId: exactly ? messageId : newestLeafUnder(all, messageId) })
      .where(eq(conversations.id, conversationId))
      .run();
    return true;
  }

  /** A conversation by id, whoever owns it (for background upkeep; requests go through {@link get}). */
  byId(id: string): Conversation | undefined {
    return this.db.select().from(conversations).where(eq(conversations.id, id)).get();
  }

  /** Sets a generated title, unless the title changed meanwhile (a rename wins). @returns whether it was set. */
  retitle(id: string, title: string, expected: string): boolean {
    return (
      this.db
        .update(conversations)
        .set({ title: title.slice(0, MAX_TITLE_CHARS) })
        .where(and(eq(conversations.id, id), eq(conversations.title, expected)))
        .run().changes > 0
    );
  }

  /** Keeps a summary of the thread up to message `upto` (inclusive), for prompts (see `generate/memory.ts`). */
  setSummary(conversationId: string, summary: string, upto: number): void {
    this.db.update(conversations).set({ summary, summaryUpto: upto }).where(eq(conversations.id, conversationId)).run();
  }

  /**
   * Rates one answer of one of the owner's conversations: 1 (helpful), −1
   * (not helpful) or null to clear, with an optional note (1,000 characters
   * at most). The rating is kept with the message and its sources, for export
   * and evaluation.
   * @returns false when the conversation is not theirs or the message is not one of its answers.
   */
  rate(
    owner: string,
    conversationId: string,
    messageId: number,
    rating: 1 | -1 | null,
    note = "",
    now = Date.now(),
  ): boolean {
    if (!this.get(owner, conversationId)) return false;
    const clean = note.replace(/\s+/g, " ").trim().slice(0, 1000);
    return (
      this.db
        .update(messages)
        .set({ rating, ratingNote: rating === null ? null : clean || null, ratedAt: rating === null ? null : now })
        .where(
          and(eq(messages.id, messageId), eq(messages.conversationId, conversationId), eq(messages.role, "assistant")),
        )
        .run().changes > 0
    );
  }

  /** Renames one of the owner's conversations. @returns false when it is not theirs or does not exist. */
  rename(owner: string, id: string, title: string): boolean {
    const clean = title.replace(/\s+/g, " ").trim().slice(0, MAX_TITLE_CHARS);
    if (!clean) return false;
    return (
      this.db
        .update(conversations)
        .set({ title: clean })
        .where(and(eq(conversations.id, id), eq(conversations.owner, owner)))
        .run().changes > 0
    );
  }

  /** Deletes one of the owner's conversations and its messages. @returns false when it is not theirs. */
  delete(owner: string, id: string): boolean {
    return this.db.transaction((tx) => {
      const gone = tx
        .delete(conversations)
        .where(and(eq(conversations.id, id), eq(conversations.owner, owner)))
        .run().changes;
      if (gone > 0) tx.delete(messages).where(eq(messages.conversationId, id)).run();
      return gone > 0;
    });
  }
}
