// Type-only: this module runs in parse workers, which must not load LanceDB.

import { categorise } from "../ingest/categories.js";
import { chunkDocument, estimateTokens } from "../ingest/chunker.js";
import { chunkLanguages, languageCode, languageTag } from "../ingest/language.js";
import { segmentWords } from "../ingest/segment.js";
import type { ParsedDocument } from "../ingest/types.js";
import { listTitles } from "../ingest/units.js";
import type { ChunkRecord } from "../store/chunk-store.js";
import { searchTextOf } from "../store/search-text.js";
import { collectionOf, folderTags } from "./paths.js";

/** Chunking settings from the config: budget and overlap in tokens. */
export interface ChunkSettings {
  chunkTokens: number;
  chunkOverlapTokens: number;
}

/** The tokenizer chunks are measured with: the embedding model's, or none (the documented estimate). */
export interface ChunkTokenizer {
  contextSize: number;
  countTokens: (text: string) => number;
}

/**
 * Chunks a parsed document and builds its table rows (without vectors): ids,
 * citation offsets, the indexed `search_text`/`heading_text`, and tags
 * (folders, front matter, the chunk's language as `lang-xx` ({@link chunkLanguages}), survival categories). Pure and worker-safe; with no
 * embedding model it runs in the parse worker, so a 10 MB table is chunked off
 * the main thread.
 *
 * @param tokenizer - the embedding model's tokenizer, or null for {@link estimateTokens}.
 * @param trustStatedLanguage - take the metadata's language for every chunk without detecting it
 *   (ZIM articles: the archive's `Language` covers them, and 4 detections an article add ~3 ms to each).
 */
export function buildRecords(
  docId: string,
  path: string,
  doc: ParsedDocument,
  settings: ChunkSettings,
  tokenizer: ChunkTokenizer | null,
  trustStatedLanguage = false,
): ChunkRecord[] {
  // Leave room for the title/heading header and the family prefix inside the embedding context.
  const maxTokens = tokenizer
    ? Math.max(32, Math.min(settings.chunkTokens, tokenizer.contextSize - 48))
    : settings.chunkTokens;
  const chunks = chunkDocument(doc.text, doc.sections, {
    maxTokens,
    overlapTokens: Math.min(settings.chunkOverlapTokens, Math.floor(maxTokens / 2)),
    countTokens: tokenizer ? tokenizer.countTokens : estimateTokens,
  });
  const baseTags = [...new Set([...doc.tags, ...folderTags(path)])];
  const collection = collectionOf(path);
  const stated = trustStatedLanguage ? languageCode(doc.published?.language) : null;
  const languages = stated
    ? chunks.map(() => stated)
    : chunkLanguages(
        doc.published?.language,
        chunks.map((c) => c.text),
      ).chunks;
  const records: ChunkRecord[] = [];
  for (const [i, c] of chunks.entries()) {
    const lang = languages[i];
    const headingPath = c.headingPath.join(" › ");
    records.push({
      id: `${docId}:${c.index}`,
      doc_id: docId,
      path,
      title: doc.title,
      author: doc.author,
      heading_path: headingPath,
      spine_index: c.spineIndex ?? null,
      chunk_index: c.index,
      start_offset: c.start,
      end_offset: c.end,
      text: c.text,
      lead_in: c.leadIn ?? null,
      search_text: searchTextOf({
        title: doc.title,
        heading_path: headingPath,
        lead_in: c.leadIn ?? null,
        text: c.text,
      }),
      heading_text: segmentWords([doc.title, headingPath, ...listTitles(c.text, c.leadIn)].join("\n")),
      tags: [
        ...new Set([...baseTags, ...(lang ? [languageTag(lang)] : []), ...categorise(c.text, c.headingPath, lang)]),
      ],
      format: doc.format,
      collection,
    });
  }
  return records;
}

/**
 * A document's language as an ISO 639-1 code: what its metadata states
 * ({@link languageCode}), else the language most of its chunks were tagged with
 * (`lang-xx`, {@link buildRecords}); null when neither tells.
 */
export function documentLanguage(
  stated: string | null | undefined,
  records: readonly Pick<ChunkRecord, "tags">[],
): string | null {
  const fromMetadata = languageCode(stated);
  if (fromMetadata) return fromMetadata;
  const counts = new Map<string, number>();
  for (const r of records)
    for (const t of r.tags) if (t.startsWith("lang-")) counts.set(t.slice(5), (counts.get(t.slice(5)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
