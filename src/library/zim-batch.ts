// Type-only: this module runs in parse workers, which must not load LanceDB.

import { LimitError, type ParseLimits } from "../ingest/limits.js";
import type { ParsedDocument } from "../ingest/types.js";
import { ZimArchive } from "../ingest/zim/archive.js";
import { articleHtml, parseZimArticle } from "../ingest/zim/article.js";
import { ZimFormatError } from "../ingest/zim/format.js";
import type { ChunkRecord } from "../store/chunk-store.js";
import { zimArticleId, zimTags } from "./zim-ids.js";

export { zimArticleId, zimTags } from "./zim-ids.js";

import { zimPublished } from "../ingest/published.js";
import { validateZim } from "../ingest/zim/validate.js";
import { SAFE_READ_FLAGS } from "./paths.js";
import { buildRecords, type ChunkSettings } from "./records.js";
import { describeIoError } from "./scan.js";

/**
 * Archives up to this size have their structure ({@link validateZim}) and MD5 checked before the first
 * batch; larger ones would hold a worker too long.
 */
export const ZIM_VERIFY_MAX_BYTES = 2 ** 30;
/** Archives up to this size also have every cluster unpacked to check its blob offsets. */
const ZIM_VERIFY_CLUSTERS_MAX_BYTES = 64 * 2 ** 20;

/** One batch of a ZIM archive to read, as sent to a parse worker (structured-cloneable). */
export interface ZimBatchTask {
  kind: "zim";
  /** Absolute path, already resolved inside the library root. */
  abs: string;
  /** Library-relative path. */
  path: string;
  /** The archive's document id; each article's is `<docId>.<entry index>` ({@link zimArticleId}). */
  docId: string;
  /** First position to read in the archive's article order (storage order, see {@link ZimArchive.articlesByCluster}). */
  from: number;
  /** Most articles to return in this batch. */
  articles: number;
  /** Only entries whose path starts with this are indexed ("" for all). */
  pathPrefix: string;
  /** Check the archive's MD5 first (a new archive). */
  verify: boolean;
  limits: ParseLimits;
  /** With no embedding model the worker also chunks; null returns parsed articles instead. */
  chunking: ChunkSettings | null;
}

/** An archive's facts, read from its header and metadata. */
export interface ZimFacts {
  /** `uuid:md5`: changes whenever the archive does. */
  identity: string;
  /** HTML articles in the archive (redirects and other entries are not counted). */
  total: number;
  /** `M/` metadata (Title, Language, Date, Creator, Tags…). */
  metadata: Record<string, string>;
  size: number;
  mtimeMs: number;
}

/**
 * What a batch produced: `next` is the position after the last one read
 * (equal to `facts.total` at the end). Articles come back chunked (`records`,
 * their `spine_index` the article position) or parsed (`docs`).
 */
export type ZimBatchOutcome =
  | { kind: "gone" }
  | { kind: "unreadable"; reason: string }
  | { kind: "failed"; reason: string }
  | {
      kind: "batch";
      facts: ZimFacts;
      next: number;
      articles: number;
      /** Articles that could not be read (a corrupt cluster, over `maxTextChars`). */
      skipped: number;
      records?: ChunkRecord[];
      docs?: Array<{ docId: string; position: number; doc: ParsedDocument }>;
    };

/**
 * The archive's articles in storage order ({@link ZimArchive.articlesByCluster}),
 * kept for the archive this worker read last: the batches of one archive run
 * back to back on the same worker, and the order is the same for the same
 * archive whichever worker computes it.
 */
let order: { key: string; articles: Uint32Array } | null = null;

async function articleOrder(zim: ZimArchive, key: string): Promise<Uint32Array> {
  if (order?.key !== key) order = { key, articles: await zim.articlesByCluster() };
  return order.articles;
}

/**
 * Reads one batch of a ZIM archive: opens it (links are not followed),
 * checks its MD5 on the first batch of a new archive, then parses front
 * articles from `task.from` until `task.articles` HTML articles are read or
 * the archive ends. Redirects, non-HTML entries and paths outside
 * `pathPrefix` are passed over; an article in a corrupt cluster is skipped
 * and counted. Never throws: an archive whose header, directory or checksum
 * is corrupt is a `failed` outcome naming what is wrong.
 */
export async function readZimBatch(task: ZimBatchTask): Promise<ZimBatchOutcome> {
  let zim: ZimArchive;
  try {
    zim = await ZimArchive.open(task.abs, { flags: SAFE_READ_FLAGS });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "gone" };
    if (code) return { kind: "unreadable", reason: `cannot open: ${describeIoError(err)}` };
    return { kind: "failed", reason: (err as Error).message };
  }
  try {
    if (task.verify && zim.size <= ZIM_VERIFY_MAX_BYTES) {
      // Structure first: a damaged table also breaks the checksum, which would hide what is wrong.
      await validateZim(zim, { clusterOffsets: zim.size <= ZIM_VERIFY_CLUSTERS_MAX_BYTES });
      if (!(await zim.verifyChecksum()))
        return { kind: "failed", reason: "corrupt ZIM: the MD5 checksum does not match (damaged or incomplete copy)" };
    }
    const metadata = await zim.metadata();
    const identity = `${zim.header.uuid}:${await zim.storedChecksum()}`;
    const list = await articleOrder(zim, `${task.abs}\0${identity}`);
    const facts: ZimFacts = {
      identity,
      total: list.length,
      metadata,
      size: zim.size,
      mtimeMs: Math.trunc(zim.mtimeMs),
    };
    const archive = metadata.Title || task.path.replace(/^.*\//, "").replace(/\.zim(aa)?$/i, "");
    const tags = zimTags(metadata);
    const published = zimPublished(metadata);
    const docs: Array<{ docId: string; position: number; doc: ParsedDocument }> = [];
    let skipped = 0;
    let position = task.from;
    for (; position < list.length && docs.length < task.articles; position++) {
      const entry = await zim.entryAt(list[position] as number);
      if (!entry.path.startsWith(task.pathPrefix)) continue;
      try {
        const html = articleHtml(entry.mimeType, await zim.content(entry));
        const doc = parseZimArticle(html, entry.title, archive, task.limits.maxTextChars);
        doc.tags = tags;
        // An article is published as its archive is, in the archive's `Language` (taken as stated: see buildRecords).
        doc.published = published;
        docs.push({ docId: zimArticleId(task.docId, entry.index), position, doc });
      } catch (err) {
        // One bad cluster or oversized article loses that article, not the archive.
        if (!(err instanceof ZimFormatError || err instanceof LimitError)) throw err;
        skipped++;
      }
    }
    const base = { kind: "batch" as const, facts, next: position, articles: docs.length, skipped };
    if (!task.chunking) return { ...base, docs };
    const records: ChunkRecord[] = [];
    for (const { docId, position: at, doc } of docs)
      for (const r of buildRecords(docId, task.path, doc, task.chunking, null, true)) {
        r.spine_index = at;
        records.push(r);
      }
    return { ...base, records };
  } catch (err) {
    return { kind: "failed", reason: (err as Error).message || String(err) };
  } finally {
    await zim.close();
  }
}
