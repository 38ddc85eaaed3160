// Names and tags of ZIM articles, apart from the batch reader so the main thread can use them without the article parser.

/** The id of one ZIM article: the archive's document id, a dot, the entry index (see {@link zimArticleId}). */
export const ZIM_ARTICLE_ID = /^([0-9a-f]{16})\.(\d{1,10})$/;

/** The document id of one article of a ZIM document: `<archive id>.<entry index>`. */
export function zimArticleId(docId: string, entryIndex: number): string {
  return `${docId}.${entryIndex}`;
}

/**
 * Tags from ZIM metadata: its `Tags` (semicolon-separated, `_`-prefixed system tags dropped). The language
 * tag (`lang-en` from `Language: eng`) is each chunk's, set from the archive's `Language` by `buildRecords`.
 */
export function zimTags(metadata: Record<string, string>): string[] {
  const tags = (metadata.Tags ?? "")
    .split(";")
    .map((t) => t.trim().toLowerCase().replace(/\s+/g, "-"))
    .filter((t) => t && !t.startsWith("_"));
  return [...new Set(tags)];
}
