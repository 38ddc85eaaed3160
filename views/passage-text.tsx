/** A run of a passage's lines: a paragraph, or a list whose items the book marked `- ` or `1. `. */
type Run = { kind: "p"; lines: string[] } | { kind: "ul" | "ol"; items: string[] };

const BULLET = /^[-*•]\s+/;
const NUMBER = /^\d{1,3}[.)]\s+/;

/** Groups a passage's lines into paragraphs and lists (pure): {@link markedRuns} with nothing marked. */
export function passageRuns(text: string): Run[] {
  const plain = (line: MarkedPart[]) => line.map((p) => p.text).join("");
  return markedRuns([{ text, marked: false }]).map((r) =>
    r.kind === "p" ? { kind: "p", lines: r.lines.map(plain) } : { kind: r.kind, items: r.items.map(plain) },
  );
}

/**
 * A passage's text with its lists shown as lists ("- Boil it" lines became literal dashes in a
 * paragraph), in the text's own direction.
 */
export function PassageText(props: { text: string }) {
  return (
    <div dir="auto" class="passage" data-speak-text>
      {passageRuns(props.text).map((r) =>
        r.kind === "p" ? (
          <p style="white-space:pre-line">{r.lines.join("\n")}</p>
        ) : r.kind === "ul" ? (
          <ul>
            {r.items.map((i) => (
              <li>{i}</li>
            ))}
          </ul>
        ) : (
          <ol>
            {r.items.map((i) => (
              <li>{i}</li>
            ))}
          </ol>
        ),
      )}
    </div>
  );
}

/** A piece of a passage's text, `marked` where it is highlighted (a query's words, a cited span). */
export interface MarkedPart {
  text: string;
  marked: boolean;
}

/** A line of marked parts, as {@link markedRuns} groups them. */
type MarkedRun = { kind: "p"; lines: MarkedPart[][] } | { kind: "ul" | "ol"; items: MarkedPart[][] };

/** Splits marked parts into lines (a mark that spans a line break is split with it). */
function markedLines(parts: readonly MarkedPart[]): MarkedPart[][] {
  const lines: MarkedPart[][] = [[]];
  for (const p of parts)
    p.text.split("\n").forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece) lines.at(-1)?.push({ text: piece, marked: p.marked });
    });
  return lines;
}

/** {@link passageRuns} for marked text: the same paragraphs and lists, with the marks kept (pure). */
export function markedRuns(parts: readonly MarkedPart[]): MarkedRun[] {
  const runs: MarkedRun[] = [];
  for (const line of markedLines(parts)) {
    const plain = line.map((p) => p.text).join("");
    const kind = BULLET.test(plain) ? "ul" : NUMBER.test(plain) ? "ol" : "p";
    const last = runs.at(-1);
    if (kind === "p") {
      if (!plain.trim()) continue;
      if (last?.kind === "p") last.lines.push(line);
      else runs.push({ kind: "p", lines: [line] });
      continue;
    }
    // Drop the marker from the line's first part (a marker is never split across parts it does not start).
    const marker = (kind === "ul" ? BULLET : NUMBER).exec(plain)?.[0].length ?? 0;
    const item = dropChars(line, marker);
    if (last?.kind === kind) last.items.push(item);
    else runs.push({ kind, items: [item] });
  }
  return runs;
}

/** The parts of a line with its first `n` characters removed. */
function dropChars(line: MarkedPart[], n: number): MarkedPart[] {
  const out: MarkedPart[] = [];
  let left = n;
  for (const p of line) {
    if (left >= p.text.length) {
      left -= p.text.length;
      continue;
    }
    out.push({ text: p.text.slice(left), marked: p.marked });
    left = 0;
  }
  return out;
}

const Marked = (props: { line: MarkedPart[] }) => (
  <>{props.line.map((p) => (p.marked ? <mark>{p.text}</mark> : p.text))}</>
);

/** Marked text (a search hit) with its lists shown as lists, like {@link PassageText}; `id` goes on the first block. */
export function MarkedText(props: { parts: readonly MarkedPart[]; id?: string }) {
  const runs = markedRuns(props.parts);
  const lines = (ls: MarkedPart[][]) =>
    ls.map((l, i) => (
      <>
        {i > 0 ? <br /> : null}
        <Marked line={l} />
      </>
    ));
  return (
    <>
      {runs.map((r, i) => {
        const id = i === 0 ? props.id : undefined;
        if (r.kind === "p")
          return (
            <p dir="auto" {...(id ? { id } : {})}>
              {lines(r.lines)}
            </p>
          );
        const items = r.items.map((it) => (
          <li>
            <Marked line={it} />
          </li>
        ));
        return r.kind === "ul" ? (
          <ul dir="auto" {...(id ? { id } : {})}>
            {items}
          </ul>
        ) : (
          <ol dir="auto" {...(id ? { id } : {})}>
            {items}
          </ol>
        );
      })}
    </>
  );
}
