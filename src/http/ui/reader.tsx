import { Hono } from "hono";
import { ReaderView } from "../../../views/reader.js";
import type { Almanac } from "../../app.js";
import { readerPage } from "../../reader/page.js";
import { getDocumentText } from "../../state/document-texts.js";
import { getDocument } from "../../state/documents.js";
import { chromeOf, intParam } from "./chrome.js";
import { MessagePage } from "./message-page.js";

/**
 * The reader, `GET /read/:doc`: one chapter with the cited range
 * (`?start=&end=`) highlighted, or the chapter at `?at=` or `?chapter=`.
 * Out-of-range offsets open the document without a highlight; an unknown
 * document is a 404 page. The text shown is the stored normalised text that
 * citation offsets index.
 */
export function readerRoutes(app: Almanac, signOut: boolean): Hono {
  const r = new Hono();
  r.get("/read/:doc", (c) => {
    const id = c.req.param("doc");
    const row = /^[0-9a-f]{16}$/.test(id) ? getDocument(app.db, id) : undefined;
    const text = row ? getDocumentText(app.db, id) : null;
    const chrome = chromeOf(c, signOut);
    if (!row || !text) {
      const why = row
        ? `"${row.title ?? row.path}" is ${row.status === "indexed" ? "still being prepared" : row.status}; it can be read once it is indexed.`
        : "No document with that id is in the library. It may have been removed or renamed.";
      return c.html(<MessagePage chrome={chrome} title="Not available" message={why} />, 404);
    }
    const q = c.req.query();
    const page = readerPage(text, row.title ?? row.path, {
      ...(intParam(q.start) !== undefined ? { start: intParam(q.start) } : {}),
      ...(intParam(q.end) !== undefined ? { end: intParam(q.end) } : {}),
      ...(intParam(q.at) !== undefined ? { at: intParam(q.at) } : {}),
      ...(intParam(q.chapter) !== undefined ? { chapter: intParam(q.chapter) } : {}),
    });
    return c.html(
      <ReaderView
        {...chrome}
        doc={{
          id,
          title: row.title ?? row.path,
          author: row.author,
          path: row.path,
          collection: row.collection,
          format: row.format,
        }}
        page={page}
      />,
    );
  });
  return r;
}
