import { type ChunkRecord, passageText } from "../index/chunk-store.js";
import { categorise } from "../ingest/categories.js";
import { chunkDocument, estimateTokens } from "../ingest/chunker.js";
import type { ParsedDocument } from "../ingest/types.js";
import { listTitles } from "../ingest/units.js";
import type { Embedder } from "../models/runtime.js";
import { collectionOf, folderTags } from "./paths.js";

/** Chunking settings from the config: budget and overlap in tokens. */
export interface ChunkSettings {
  chunkTokens: number;
  chunkOverlapTokens: number;
}

/**
 * Chunks a parsed document and builds its table rows: ids, citation offsets,
 * the indexed `search_text`/`heading_text`, tags (folders, front matter,
 * survival categories) and, with an embedding model, vectors.
 *
 * @param onEmbedded - called after each embedded chunk with (done, total).
 */
export async function buildRecords(
  docId: string,
  path: string,
  doc: ParsedDocument,
  settings: ChunkSettings,
  embedder: Embedder | null,
  onEmbedded: (done: number, total: number) => void = () => {},
): Promise<ChunkRecord[]> {
  // Leave room for the title/heading header and the family prefix inside the embedding context.
  const maxTokens = embedder
    ? Math.max(32, Math.min(settings.chunkTokens, embedder.contextSize - 48))
    : settings.chunkTokens;
  const chunks = chunkDocument(doc.text, doc.sections, {
    maxTokens,
    overlapTokens: Math.min(settings.chunkOverlapTokens, Math.floor(maxTokens / 2)),
    countTokens: embedder ? embedder.countTokens : estimateTokens,
  });
  const baseTags = [...new Set([...doc.tags, ...folderTags(path)])];
  const collection = collectionOf(path);
  const records: ChunkRecord[] = [];
  for (const c of chunks) {
    const headingPath = c.headingPath.join(" › ");
    const record: ChunkRecord = {
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
      search_text: `${doc.title}\n${headingPath}\n${c.leadIn ? `${c.leadIn}\n` : ""}${c.text}`,
      heading_text: [doc.title, headingPath, ...listTitles(c.text, c.leadIn)].join("\n"),
      tags: [...new Set([...baseTags, ...categorise(c.text, c.headingPath)])],
      format: doc.format,
      collection,
    };
    if (embedder) {
      record.vector = await embedder.embed(passageText(record), "document");
      onEmbedded(records.length + 1, chunks.length);
    }
    records.push(record);
  }
  return records;
}
