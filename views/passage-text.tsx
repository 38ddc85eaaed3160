/** A run of a passage's lines: a paragraph, or a list whose items the book marked `- ` or `1. `. */
type Run = { kind: "p"; lines: string[] } | { kind: "ul" | "ol"; items: string[] };

const BULLET = /^[-*•]\s+/;
const NUMBER = /^\d{1,3}[.)]\s+/;

/** Groups a passage's lines into paragraphs and lists (pure). */
export function passageRuns(text: string): Run[] {
  const runs: Run[] = [];
  for (const line of text.split("\n")) {
    const kind = BULLET.test(line) ? "ul" : NUMBER.test(line) ? "ol" : "p";
    const last = runs.at(-1);
    if (kind === "p") {
      if (!line.trim()) continue;
      if (last?.kind === "p") last.lines.push(line);
      else runs.push({ kind: "p", lines: [line] });
    } else {
      const item = line.replace(kind === "ul" ? BULLET : NUMBER, "");
      if (last?.kind === kind) last.items.push(item);
      else runs.push({ kind, items: [item] });
    }
  }
  return runs;
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
