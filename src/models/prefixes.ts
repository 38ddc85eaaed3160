/** Query/document prefixes an embedding model family was trained with. */
export interface EmbeddingPrefixes {
  family: string;
  query: string;
  document: string;
}

/**
 * Prefixes by model family, from the model cards: nomic-embed-text
 * (`search_query: ` / `search_document: `), e5 (`query: ` / `passage: `), and
 * BGE and Snowflake Arctic (a retrieval instruction on queries only).
 * node-llama-cpp adds none itself (its `LlamaEmbeddingContext.getEmbeddingFor` embeds the text as given), so Almanac must.
 *
 * @param name - the GGUF `general.name` and/or file name.
 * @returns the family's prefixes; empty strings for families that need none (gte, MiniLM, the fixtures).
 */
export function embeddingPrefixesFor(name: string): EmbeddingPrefixes {
  const n = name.toLowerCase();
  if (n.includes("nomic")) return { family: "nomic", query: "search_query: ", document: "search_document: " };
  if (/(^|[^a-z])e5([^a-z]|$)/.test(n) || n.includes("multilingual-e5")) {
    return { family: "e5", query: "query: ", document: "passage: " };
  }
  if (n.includes("bge") || n.includes("arctic")) {
    return {
      family: n.includes("bge") ? "bge" : "arctic",
      query: "Represent this sentence for searching relevant passages: ",
      document: "",
    };
  }
  return { family: "plain", query: "", document: "" };
}
