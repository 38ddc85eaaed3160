import type { AppServices } from "../../app/services.js";

/** The `/status` snapshot the summaries read. */
type AppStatus = Awaited<ReturnType<AppServices["status"]>>;

/** The one-line library summary above the thread, saying what is searchable while indexing runs. */
export function libraryLine(s: AppStatus): string {
  const books = `${s.documents.indexed} book${s.documents.indexed === 1 ? "" : "s"} · ${s.chunks.toLocaleString("en")} passages`;
  const answers = s.mode.answers === "rag" ? "answers from the chat model" : "extractive answers (no chat model)";
  if (!s.indexing.busy) return `${books} · ${answers}`;
  const total = s.indexing.processed + s.indexing.queued + (s.indexing.current ? 1 : 0);
  return `Indexing ${s.indexing.processed} of ${total} files; searchable so far: ${books} · ${answers}`;
}

/** Notices for the top of the page: a read-only index, a full disk, an unavailable library folder, missing collections. */
export function libraryNotices(s: AppStatus): string[] {
  const out: string[] = [];
  if (s.readOnlyReason) out.push(s.readOnlyReason);
  if (s.rebuild?.state === "running")
    out.push(
      `The index is being rebuilt for this version of Almanac (${s.rebuild.done} of ${s.rebuild.total} documents); search answers from the previous index until it is done.`,
    );
  if (s.disk?.paused)
    out.push(
      `Indexing is paused: ${s.disk.reason}. Free some space on the data disk and it resumes by itself; search and the reader keep working.`,
    );
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
