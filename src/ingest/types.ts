/** Book formats Almanac can ingest. */
export type DocumentFormat = "epub" | "markdown" | "text" | "pdf" | "html" | "zim" | "media";

/**
 * A contiguous run of the normalised document text under one heading path.
 * Offsets are UTF-16 code-unit indexes into {@link ParsedDocument.text}, `end` exclusive.
 */
export interface Section {
  /** Outline path from the book's top level down, e.g. `["Water", "Water Purification"]`; empty before the first heading. */
  headingPath: string[];
  start: number;
  end: number;
  /** EPUB only: 0-based position of the section's file in the OPF spine. */
  spineIndex?: number;
}

/** The result of parsing one file: normalised text plus its outline and metadata. */
export interface ParsedDocument {
  title: string;
  author: string | null;
  format: DocumentFormat;
  /** Normalised text (LF line breaks, blocks separated by a blank line); citations point into it. */
  text: string;
  /** Sections in document order; they tile the text without overlap. */
  sections: Section[];
  /** Tags declared by the document itself (Markdown front matter `tags`/`categories`/`keywords`). */
  tags: string[];
  /** Other scalar metadata (front matter keys, EPUB `dc:*` fields), stringified. */
  metadata: Record<string, string>;
  /**
   * PDF: where each page's text starts in `text`, with its printed label (the page label, or the physical number).
   * Media: where each transcript passage starts, labelled with its time span `from-to` in seconds.
   */
  pages?: PageStart[];
  /** Parts that could not be read while the rest was (an EPUB spine file missing from the archive). */
  warnings?: string[];
  /** Publication facts from the document's own metadata (see `ingest/published.ts`); absent for formats that carry none. */
  published?: Published;
}

/** When and by whom a document was published, as its metadata states; each field null when it does not. */
export interface Published {
  /** The year the text was first published (a reprint's original, not an ebook's release), e.g. 1911. */
  year: number | null;
  publisher: string | null;
  /** As the metadata spells it: a BCP 47 tag (`en-GB`), an ISO 639-3 code (`eng`) or a name (`English`). */
  language: string | null;
}

/** The start of one page of a paginated document (PDF) in the normalised text. */
export interface PageStart {
  /** Offset of the page's first block. */
  start: number;
  /** The page's printed label ("iv", "12"), or its 1-based physical number. */
  label: string;
}
