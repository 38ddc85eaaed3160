/**
 * Checks the `[n]` citations of generated text against the sources the
 * model was given, while the text streams.
 *
 * - A citation that names no source (`[7]` with 3 sources, `[0]`) is removed.
 * - `[1, 2]` and `[1][2]` are both kept, normalised to `[1][2]`.
 * - Text that only looks like a citation (`[see above]`) passes unchanged.
 */
export class CitationFilter {
  private pending = "";
  /** Source numbers the text has cited so far, in order of first use. */
  readonly cited: number[] = [];

  constructor(private readonly valid: ReadonlySet<number>) {}

  /** Takes the next piece of generated text; returns what can be shown now (a possible citation is held back until it closes). */
  push(piece: string): string {
    this.pending += piece;
    let out = "";
    for (;;) {
      const open = this.pending.indexOf("[");
      if (open === -1) {
        out += this.pending;
        this.pending = "";
        return out;
      }
      out += this.pending.slice(0, open);
      this.pending = this.pending.slice(open);
      const close = this.pending.indexOf("]");
      if (close === -1) {
        // Still open: hold it while it can still become a citation.
        if (/^\[[\d,\s]{0,12}$/.test(this.pending)) return out;
        out += this.pending[0];
        this.pending = this.pending.slice(1);
        continue;
      }
      const inner = this.pending.slice(1, close);
      this.pending = this.pending.slice(close + 1);
      out += this.rewrite(inner);
    }
  }

  /** Flushes whatever is held back at the end of generation. */
  end(): string {
    const rest = this.pending;
    this.pending = "";
    return /^\[[\d,\s]*$/.test(rest) ? "" : rest;
  }

  private rewrite(inner: string): string {
    if (!/^\s*\d+(?:\s*,\s*\d+)*\s*$/.test(inner)) return `[${inner}]`;
    const numbers = inner.split(",").map((n) => Number(n.trim()));
    const kept = numbers.filter((n) => this.valid.has(n));
    for (const n of kept) if (!this.cited.includes(n)) this.cited.push(n);
    return kept.map((n) => `[${n}]`).join("");
  }
}

/**
 * Checks a whole generated text at once (see {@link CitationFilter}).
 * @returns the cleaned text and the source numbers it cites.
 */
export function checkCitations(text: string, valid: ReadonlySet<number>): { text: string; cited: number[] } {
  const f = new CitationFilter(valid);
  const out = f.push(text) + f.end();
  return { text: out, cited: f.cited };
}
