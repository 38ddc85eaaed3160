import type { ReaderDoc } from "../../../views/reader.js";
import type { AppServices } from "../../app/services.js";
import { DOC_ID } from "../../library/paths.js";
import type { DocumentRow } from "../../state/schema.js";

/** What the reader uses: the documents' rows and text, page labels, the library folder and the log. */
export type ReaderServices = Pick<AppServices, "config" | "library" | "log">;

/** A document's state row by the id in a URL, or undefined (for an id that is not a document id too). */
export function documentOf(s: ReaderServices, id: string | undefined): DocumentRow | undefined {
  return id !== undefined && DOC_ID.test(id) ? s.library.documents.get(id) : undefined;
}

/** A document as the reader's heading shows it. */
export function docOf(row: DocumentRow): ReaderDoc {
  return {
    id: row.id,
    title: row.title ?? row.path,
    author: row.author,
    year: row.year,
    path: row.path,
    collection: row.collection,
    format: row.format,
  };
}
