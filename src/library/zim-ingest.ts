import { languageCode, languageTag } from "../ingest/language.js";
import type { ParseLimits } from "../ingest/limits.js";
import { zimPublished } from "../ingest/published.js";
import type { Logger } from "../log.js";
import type { Embedder } from "../models/embedder.js";
import { type DocumentRepository, type DocumentValues, publishedValues } from "../state/documents.js";
import type { ZimCursor, ZimCursorRepository } from "../state/zim-cursors.js";
import { type ChunkRecord, passageText } from "../store/chunk-store.js";
import type { ParsePool } from "./parse-pool.js";
import { docIdOf } from "./paths.js";
import { buildRecords, type ChunkSettings } from "./records.js";
import type { WriteBatch } from "./write-batch.js";
import type { ZimBatchOutcome, ZimBatchTask } from "./zim-batch.js";
import { zimTags } from "./zim-ids.js";
import { rampedBatchArticles } from "./zim-ramp.js";

/** How much of one archive to index (config `zimMaxArticles`, `zimFilters`). */
export interface ZimFilter {
  /** Stop after this many articles; 0 for all. */
  maxArticles: number;
  /** Index only entries whose path starts with this ("" for all). */
  pathPrefix: string;
}

/** Archive progress: articles indexed of the archive's article positions, with the rate and ETA. */
export interface ZimProgress {
  done: number;
  total: number;
  articlesPerSecond: number | null;
  etaSeconds: number | null;
}

/** What the indexer lends the ZIM ingest. */
export interface ZimIngestDeps {
  /** The archive's state row. */
  docs: DocumentRepository;
  /** Where each archive's ingest stands. */
  cursors: ZimCursorRepository;
  writes: WriteBatch;
  parser: ParsePool;
  embedder: Embedder | null;
  log: Logger;
  limits: ParseLimits;
  chunking: ChunkSettings;
  /** Articles per worker batch, once ramped up ({@link rampedBatchArticles}). */
  batchArticles: number;
  filter: ZimFilter;
  closed: () => boolean;
  progress: (p: ZimProgress) => void;
  /** Chunks committed by a batch (for the live chunks/s). */
  committed: (chunks: number) => void;
}

/** How one archive's ingest ended; `stopped` means the indexer closed mid-archive and the cursor holds the place. */
export type ZimIngestResult =
  | { kind: "indexed"; chunks: number; articles: number }
  | { kind: "unchanged" }
  | { kind: "stopped" }
  | Exclude<ZimBatchOutcome, { kind: "batch" }>;

/**
 * Indexes one ZIM archive as a stream of worker batches, with a durable
 * cursor so that any stop — shutdown, crash, `kill -9`, power cut — resumes
 * at the article where it stopped:
 * 1. a zero-article batch reads the archive's identity (UUID and stored MD5);
 *    a new or changed identity deletes the archive's chunks and starts at 0,
 *    with the MD5 verified; the same identity resumes at the cursor, first
 *    deleting chunks a batch wrote after the last cursor update;
 * 2. each batch's chunks are committed, then the cursor advances and the
 *    crash counter is cleared (progress was made, so it is not a crash loop);
 *    batches start small after every start and grow ({@link rampedBatchArticles}),
 *    so the cursor moves soon after a restart;
 * 3. memory stays at one batch whatever the archive's size.
 * Each article is its own document for citations (`<docId>.<entry>`), under
 * the archive's one state row.
 */
export async function ingestZim(deps: ZimIngestDeps, path: string, abs: string): Promise<ZimIngestResult> {
  const docId = docIdOf(path);
  const task = (from: number, articles: number, verify: boolean): ZimBatchTask => ({
    kind: "zim",
    abs,
    path,
    docId,
    from,
    articles,
    pathPrefix: deps.filter.pathPrefix,
    verify,
    limits: deps.limits,
    chunking: deps.embedder ? null : deps.chunking,
  });
  const probe = await deps.parser.runZim(task(0, 0, false));
  // A stop destroys the workers, and the batch in flight comes back as a crash: it is not one.
  if (deps.closed()) return { kind: "stopped" };
  if (probe.kind !== "batch") return probe;
  const { facts } = probe;
  const limit = deps.filter.maxArticles > 0 ? deps.filter.maxArticles : Number.POSITIVE_INFINITY;
  if (facts.total === 0) {
    // No batch will read it, so its structure and checksum are checked on their own.
    const checked = await deps.parser.runZim(task(0, 0, true));
    if (deps.closed()) return { kind: "stopped" };
    if (checked.kind !== "batch") return checked;
  }
  const start = await startCursor(deps, path, facts, limit);
  if (start.complete) return finish(deps, path, facts, start.cursor, 0);
  let cursor = start.cursor;
  const started = { t: Date.now(), articles: cursor.articles, next: cursor.next };
  let skipped = 0;
  let batches = 0;
  const batchAt = (from: number, done: number, verify: boolean) =>
    deps.parser.runZim(task(from, Math.min(rampedBatchArticles(batches++, deps.batchArticles), limit - done), verify));
  let pending: Promise<ZimBatchOutcome> | null =
    cursor.next < facts.total && cursor.articles < limit
      ? batchAt(cursor.next, cursor.articles, cursor.next === 0)
      : null;
  while (pending) {
    const outcome = await pending;
    pending = null;
    if (deps.closed()) return { kind: "stopped" };
    if (outcome.kind !== "batch") return outcome;
    if (outcome.facts.identity !== facts.identity)
      return { kind: "failed", reason: "the archive changed while it was indexed" };
    // The next batch is read in the worker while this one is embedded and written here.
    const done = cursor.articles + outcome.articles;
    if (outcome.next < facts.total && done < limit) pending = batchAt(outcome.next, done, false);
    const records = outcome.records ?? (await embedDocs(deps, path, outcome));
    if (deps.closed()) return { kind: "stopped" };
    await deps.writes.append(records);
    cursor = {
      ...cursor,
      next: outcome.next,
      articles: cursor.articles + outcome.articles,
      chunks: cursor.chunks + records.length,
    };
    skipped += outcome.skipped;
    deps.cursors.advance(docId, path, cursor);
    deps.committed(records.length);
    await stallForFaultTest(cursor.articles);
    deps.progress(progressSince(started, cursor, facts.total));
  }
  return finish(deps, path, facts, cursor, skipped);
}

type ArchiveFacts = Extract<ZimBatchOutcome, { kind: "batch" }>["facts"];

/**
 * Where this ingest starts: the stored cursor when the archive is the same
 * one (the chunks a batch wrote after it are deleted first), else a new
 * cursor at 0 (the archive's chunks deleted). The state row takes the
 * archive's title and the chunk count so far.
 * @returns the cursor, and `complete` when the stored cursor already reached the end or the article limit.
 */
async function startCursor(
  deps: ZimIngestDeps,
  path: string,
  facts: ArchiveFacts,
  limit: number,
): Promise<{ cursor: ZimCursor; complete: boolean }> {
  const docId = docIdOf(path);
  let cursor = deps.cursors.get(docId);
  if (cursor && cursor.identity === facts.identity) {
    if (cursor.next >= facts.total || cursor.articles >= limit) return { cursor, complete: true };
    await deps.writes.removeArchiveFrom(docId, cursor.next);
    deps.log.info({ path, at: cursor.next, of: facts.total }, "resuming the ZIM archive where it stopped");
  } else {
    if (cursor) deps.log.info({ path }, "the ZIM archive changed: indexing it again");
    await deps.writes.remove(docId);
    cursor = { identity: facts.identity, next: 0, articles: 0, chunks: 0, total: facts.total };
    deps.cursors.put(docId, cursor);
  }
  deps.docs.update(path, { title: facts.metadata.Title || null, chunkCount: cursor.chunks });
  return { cursor, complete: false };
}

/**
 * The archive's progress since this ingest `started` (epoch ms `t`, and the
 * cursor's articles and position then): the rate once a second has passed,
 * and the ETA on archive positions, which include the redirects passed over.
 */
function progressSince(
  started: { t: number; articles: number; next: number },
  cursor: ZimCursor,
  total: number,
): ZimProgress {
  const seconds = (Date.now() - started.t) / 1000;
  const rate = seconds >= 1 ? (cursor.articles - started.articles) / seconds : null;
  const positionRate = seconds >= 1 ? (cursor.next - started.next) / seconds : 0;
  return {
    done: cursor.next,
    total,
    articlesPerSecond: rate === null ? null : Number(rate.toFixed(1)),
    etaSeconds: positionRate > 0 ? Math.round((total - cursor.next) / positionRate) : null,
  };
}

/**
 * Fault-injection hook for `tests/faults/zim-crash.test.ts`: with
 * `ALMANAC_FAULT_STALL_AT_ZIM_ARTICLES=N` set, ingest waits for a minute once
 * N articles are committed, so the test's `kill -9` lands mid-archive however
 * fast ingest is. Unset (always, outside that test) it costs one env read per batch.
 */
async function stallForFaultTest(articles: number): Promise<void> {
  const at = Number(process.env.ALMANAC_FAULT_STALL_AT_ZIM_ARTICLES);
  if (!(at > 0 && articles >= at)) return;
  // The test waits for this line rather than polling the database, whose -shm a root reader could own.
  process.stderr.write(`fault test: stalled at ${articles} articles\n`);
  await new Promise((wake) => setTimeout(wake, 60_000));
}

function finish(
  deps: ZimIngestDeps,
  path: string,
  facts: ArchiveFacts,
  cursor: ZimCursor,
  skipped: number,
): ZimIngestResult {
  // An archive is never "indexed" with nothing in it: say why instead.
  if (cursor.chunks === 0)
    return {
      kind: "failed",
      reason:
        facts.total === 0
          ? "the archive holds no articles (no HTML or plain-text entries among its front articles)"
          : cursor.articles === 0
            ? `none of the archive's ${facts.total} articles could be read${deps.filter.pathPrefix ? " under zimFilters" : ""}`
            : `the archive's ${cursor.articles} articles hold no text`,
    };
  const notes: string[] = [];
  if (cursor.next < facts.total)
    notes.push(`indexed the first ${cursor.articles} articles only (zimMaxArticles / zimFilters)`);
  if (skipped > 0) notes.push(`${skipped} articles could not be read and were skipped`);
  const lang = languageCode(facts.metadata.Language);
  const values: DocumentValues = {
    status: "indexed",
    title: facts.metadata.Title || null,
    author: facts.metadata.Creator || null,
    contentHash: facts.identity,
    chunkCount: cursor.chunks,
    size: facts.size,
    mtimeMs: facts.mtimeMs,
    tags: JSON.stringify([...zimTags(facts.metadata), ...(lang ? [languageTag(lang)] : [])].sort()),
    ...publishedValues(zimPublished(facts.metadata)),
    lang,
    warning: notes.length ? notes.join("; ") : null,
    error: null,
    attempts: 0,
    indexedAt: Date.now(),
  };
  deps.docs.update(path, values);
  return { kind: "indexed", chunks: cursor.chunks, articles: cursor.articles };
}

/** With an embedding model, articles are chunked with its tokenizer and embedded here. */
async function embedDocs(
  deps: ZimIngestDeps,
  path: string,
  outcome: Extract<ZimBatchOutcome, { kind: "batch" }>,
): Promise<ChunkRecord[]> {
  const embedder = deps.embedder;
  const records: ChunkRecord[] = [];
  for (const { docId, position, doc } of outcome.docs ?? [])
    for (const r of buildRecords(docId, path, doc, deps.chunking, embedder, true)) {
      r.spine_index = position;
      records.push(r);
    }
  if (embedder) {
    const vectors = await embedder.embedMany(records.map(passageText), "document");
    for (const [i, r] of records.entries()) r.vector = vectors[i] as number[];
  }
  return records;
}
