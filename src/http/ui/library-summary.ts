import type { AppStatus } from "../../app.js";

/** The one-line library summary above the thread, saying what is searchable while indexing runs. */
export function libraryLine(s: AppStatus): string {
  const books = `${s.documents.indexed} book${s.documents.indexed === 1 ? "" : "s"} · ${s.chunks.toLocaleString("en")} passages`;
  const answers = s.mode.answers === "rag" ? "answers from the chat model" : "extractive answers (no chat model)";
  if (!s.indexing.busy) return `${books} · ${answers}`;
  const total = s.indexing.processed + s.indexing.queued + (s.indexing.current ? 1 : 0);
  return `Indexing ${s.indexing.processed} of ${total} files; searchable so far: ${books} · ${answers}`;
}

/** Notices for the top of the page: an unavailable library folder, missing collections. */
export function libraryNotices(s: AppStatus): string[] {
  const out: string[] = [];
  if (!s.library.available)
    out.push(
      `The library folder is unavailable (${s.library.reason}). Answers come from the books indexed before; indexing resumes when the folder is back.`,
    );
  if (s.library.missingCollections.length > 0)
    out.push(
      `Collection folders missing or empty: ${s.library.missingCollections.join(", ")}. Their books stay in the index until the folders return.`,
    );
  return out;
}
