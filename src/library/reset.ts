import { readIndexFacts } from "../state/state-file.js";
import { type LibraryListing, LibraryUnavailableError, scanLibrary } from "./scan.js";

/** Thrown when `--reset` would drop an index that the library folder cannot rebuild; nothing has been deleted. */
export class ResetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResetRefusedError";
  }
}

/** What {@link planReset} decides from. */
export interface ResetFacts {
  /** The library folder the index would be rebuilt from, absolute. */
  libraryDir: string;
  /** The data folder holding the index, absolute (named in the messages). */
  dataDir: string;
  /** Rows in the state database's `documents` table: what a reset drops. */
  documents: number;
  /** The library folder the index was built from (`meta` `library.root`), or null when unknown. */
  builtFrom: string | null;
  /** The library's listing, or the reason it could not be listed. */
  library: LibraryListing | LibraryUnavailableError;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Decides whether `--reset` may drop the index, with no I/O. A reset that
 * drops documents goes ahead only when the library folder can be listed
 * whole (no unreadable sub-folder) and holds at least one book file, so an
 * unmounted disk or an empty mount point never costs the index.
 *
 * @returns the line to log, stating what is dropped and what is indexed
 *   (`--reset: dropping the index of 42 documents; indexing the 40 book files of /x again`).
 * @throws ResetRefusedError when the index holds documents and the library
 *   is unavailable, partly unreadable or holds no book files; the message
 *   says why and that nothing was deleted.
 */
export function planReset(facts: ResetFacts): string {
  const { libraryDir, dataDir, documents, builtFrom, library } = facts;
  const books = library instanceof LibraryUnavailableError ? 0 : library.files.size;
  if (documents === 0) return `--reset: the index in ${dataDir} holds no documents, so nothing is dropped`;
  const kept = `nothing was deleted: the index in ${dataDir} still holds its ${plural(documents, "document", "documents")}`;
  if (library instanceof LibraryUnavailableError)
    throw new ResetRefusedError(`--reset refused: ${library.message}; ${kept}`);
  if (library.unreadable.size > 0) {
    const folders = [...library.unreadable].map(([dir, reason]) => `${dir}: ${reason}`).join(", ");
    throw new ResetRefusedError(
      `--reset refused: library folder ${libraryDir} has sub-folders that cannot be read (${folders}); ${kept}`,
    );
  }
  if (books === 0)
    throw new ResetRefusedError(`--reset refused: library folder ${libraryDir} holds no book files; ${kept}`);
  const from = builtFrom && builtFrom !== libraryDir ? ` built from ${builtFrom}` : "";
  return `--reset: dropping the index of ${plural(documents, "document", "documents")}${from}; indexing the ${plural(books, "book file", "book files")} of ${libraryDir}${from ? "" : " again"}`;
}

/**
 * Checks a `--reset` before anything is dropped: reads what the index in
 * `dataDir` holds and lists `libraryDir` with the indexer's own scanner
 * (so "book file" means what the indexer would index). Call it with the
 * writer lock held, so the counts cannot change under it.
 *
 * @returns the line to log (see {@link planReset}).
 * @throws ResetRefusedError when the reset must not go ahead (see {@link planReset}).
 */
export async function checkReset(libraryDir: string, dataDir: string): Promise<string> {
  const library = await scanLibrary(libraryDir).catch((err: unknown) => {
    if (err instanceof LibraryUnavailableError) return err;
    throw err;
  });
  return planReset({ libraryDir, dataDir, library, ...readIndexFacts(dataDir) });
}
