import { basename, extname } from "node:path";
import type { DocumentFormat, ParsedDocument, Published, Section } from "./types.js";

/**
 * A readable title from a file name, for a book that names none: extension dropped, underscores and
 * hyphens between words to spaces, and camel case split ("RopesAndKnots.md" → "Ropes And Knots",
 * "first-aid.txt" → "first aid", "Trail Sense - Water.md" → "Trail Sense - Water"). An all-capitals
 * run stays whole ("FM21-76" keeps its hyphen: it sits between digits), and so does "iPhone".
 */
export function titleFromFileName(path: string): string {
  return basename(path, extname(path))
    .replace(/_+/g, " ")
    .replace(/(\p{L})-(?=\p{L})/gu, "$1 ")
    .replace(/(\p{Ll}\p{Ll})(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Collapses runs of spaces and tabs inside a block, keeping line breaks that carry meaning (tables, verse),
 * and drops the invisible word breaks U+200B, U+2060 and U+FEFF: the index uses U+200B as its own word
 * separator (`segment.ts`), so a document never keeps one.
 */
export function normaliseBlock(text: string): string {
  return text
    .replace(/[\u200b\u2060\ufeff]/g, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * Accumulates text blocks and headings into the normalised text and section
 * outline of a {@link ParsedDocument}. Each parser walks its own syntax tree and
 * feeds this builder, so offsets are computed in exactly one place.
 */
export class DocumentBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly sections: Section[] = [];
  private path: string[] = [];
  /** Source heading level of each `path` entry, so equal levels are siblings even when levels are skipped. */
  private levels: number[] = [];
  private spineIndex: number | undefined;

  /** Starts a new section at outline `level` (1-based) and writes the heading text as its own block. */
  heading(level: number, title: string): void {
    const clean = normaliseBlock(title).replace(/\n/g, " ");
    if (!clean) return;
    let keep = this.levels.length;
    while (keep > 0 && (this.levels[keep - 1] as number) >= level) keep--;
    this.path = [...this.path.slice(0, keep), clean];
    this.levels = [...this.levels.slice(0, keep), level];
    this.openSection();
    this.block(clean);
  }

  /** Replaces the whole heading path without writing a block (used for EPUB chapters whose title comes from the TOC). */
  setPath(path: string[], spineIndex?: number): void {
    this.path = path.map((p) => normaliseBlock(p).replace(/\n/g, " ")).filter(Boolean);
    this.levels = this.path.map((_, i) => i + 1);
    this.spineIndex = spineIndex;
    this.openSection();
  }

  /** Renames the innermost heading of the current section, e.g. to fold a subtitle into "Chapter I". */
  renameHeading(title: string): void {
    const clean = normaliseBlock(title).replace(/\n/g, " ");
    if (!clean || this.path.length === 0) return;
    this.path = [...this.path.slice(0, -1), clean];
    const last = this.sections.at(-1);
    if (last) last.headingPath = [...this.path];
  }

  /** Offset at which the next block's text will start (after its blank-line separator). */
  nextOffset(): number {
    return this.length === 0 ? 0 : this.length + 2;
  }

  /** Current heading path (a copy). */
  currentPath(): string[] {
    return [...this.path];
  }

  /** Appends one block (paragraph, list item, table row group…) separated from the previous by a blank line. */
  block(text: string): void {
    const clean = normaliseBlock(text);
    if (!clean) return;
    if (this.sections.length === 0) this.openSection();
    if (this.length > 0) this.push("\n\n");
    this.push(clean);
  }

  private push(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }

  private openSection(): void {
    const last = this.sections.at(-1);
    const start = this.length === 0 ? 0 : this.length + 2;
    if (last && last.start >= start) {
      // The previous section received no text: re-label it instead of leaving an empty one behind.
      last.headingPath = [...this.path];
      last.spineIndex = this.spineIndex;
      return;
    }
    const section: Section = { headingPath: [...this.path], start, end: start };
    if (this.spineIndex !== undefined) section.spineIndex = this.spineIndex;
    this.sections.push(section);
  }

  /** Finishes the document: closes section ranges and drops empty ones. */
  build(meta: {
    title: string;
    author: string | null;
    format: DocumentFormat;
    tags?: string[];
    metadata?: Record<string, string>;
    published?: Published;
  }): ParsedDocument {
    const text = this.parts.join("");
    const sections: Section[] = [];
    for (let i = 0; i < this.sections.length; i++) {
      const s = this.sections[i] as Section;
      const next = this.sections[i + 1];
      const end = next ? Math.max(s.start, next.start - 2) : text.length;
      if (end > s.start) sections.push({ ...s, end });
    }
    return {
      title: meta.title,
      author: meta.author,
      format: meta.format,
      text,
      sections,
      tags: meta.tags ?? [],
      metadata: meta.metadata ?? {},
      ...(meta.published ? { published: meta.published } : {}),
    };
  }
}
