import type { Source } from "../src/generate/sources.js";

/** Splits answer text into text and `[n]` citation links pointing at the source cards. */
function withCitations(line: string, known: Set<number>) {
  const parts = line.split(/(\[\d+\])/g);
  return parts.map((p) => {
    const m = /^\[(\d+)\]$/.exec(p);
    const n = m ? Number(m[1]) : Number.NaN;
    return m && known.has(n) ? (
      <a class="cite" href={`#source-${n}`}>
        [{n}]
      </a>
    ) : (
      p
    );
  });
}

/** The answer fragment returned to htmx: answer text with clickable citations, then the cited passages. */
export function AnswerView(props: {
  question: string;
  text: string;
  sources: Source[];
  mode: string;
  ms: number;
  /** The query searched when it differs from the question (a follow-up made standalone). */
  searched: string | null;
  /** The visit's questions so far, JSON, swapped into the ask form so the next question can follow up. */
  history: string;
}) {
  const known = new Set(props.sources.map((s) => s.index));
  const lines = props.text.split("\n").filter((l) => l.trim() !== "");
  return (
    <section class="answer" aria-live="polite">
      <div class="text">
        {lines.map((l) => {
          const section = /^\*\*(.+)\*\*$/.exec(l);
          return section ? (
            <p class="section">
              <strong>{section[1]}</strong>
            </p>
          ) : (
            <p>{withCitations(l.replace(/^- /, "• "), known)}</p>
          );
        })}
      </div>
      <input type="hidden" id="history" name="history" value={props.history} hx-swap-oob="true" />
      <p class="meta">
        {props.mode === "none"
          ? "Nothing relevant found"
          : `${props.mode === "rag" ? "Generated from" : "Extracted from"} ${props.sources.length} passage${props.sources.length === 1 ? "" : "s"}`}{" "}
        in {props.ms.toFixed(0)} ms{props.searched ? ` · searched: ${props.searched}` : ""}
      </p>
      <ol class="sources">
        {props.sources.map((s) => (
          <li id={`source-${s.index}`}>
            <div class="where">
              [{s.index}] {s.title}
              {s.chapter ? ` › ${s.chapter}` : ""}
            </div>
            <div>{s.snippet}</div>
            <details>
              <summary>Full passage</summary>
              <p>{s.text}</p>
            </details>
            <div class="path">
              {s.path} · characters {s.start}–{s.end}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
