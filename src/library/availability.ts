import type { Logger } from "../log.js";
import type { LibraryAvailability } from "./indexer-types.js";
import { type LibraryListing, LibraryUnavailableError, scanLibrary } from "./scan.js";

/** What the availability tracker needs: the folder, how often to look again, and whom to tell. */
export interface AvailabilityOptions {
  /** The library folder, absolute. */
  libraryDir: string;
  /** How often an unavailable library is looked at again, ms (config `libraryRetryMs`). */
  libraryRetryMs: number;
  log: Logger;
  /** Called with a copy of the new availability whenever it changes (the indexer's `library` event). */
  changed: (availability: LibraryAvailability) => void;
  /** Called `libraryRetryMs` after the library became unavailable (the indexer reconciles again). */
  retry: () => void;
}

/**
 * Whether the library folder can be read, and which collections are
 * missing: the indexer lists the folder through it, so an unreadable folder
 * marks the library unavailable (and is looked at again every
 * `libraryRetryMs`) instead of reading as empty.
 */
export class AvailabilityTracker {
  private state: LibraryAvailability = { available: true, reason: null, since: Date.now(), missingCollections: [] };
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly opts: AvailabilityOptions) {}

  /** Whether the folder was readable at the last look. */
  get available(): boolean {
    return this.state.available;
  }

  /** A copy of the availability at the last look. */
  get(): LibraryAvailability {
    return { ...this.state, missingCollections: [...this.state.missingCollections] };
  }

  /**
   * Lists the library; on failure marks it unavailable and schedules another look.
   * @returns the listing, or null when the folder cannot be read.
   * @throws what {@link scanLibrary} throws other than {@link LibraryUnavailableError}.
   */
  async list(): Promise<LibraryListing | null> {
    try {
      const listing = await scanLibrary(this.opts.libraryDir);
      this.set(true, null);
      return listing;
    } catch (err) {
      if (!(err instanceof LibraryUnavailableError)) throw err;
      this.set(false, `${err.reason}; nothing was deleted`);
      return null;
    }
  }

  /** Records the collections whose folder vanished or is empty (their documents are kept), logging a change. */
  setMissingCollections(names: string[]): void {
    if (names.join("/") === this.state.missingCollections.join("/")) return;
    this.state = { ...this.state, missingCollections: names };
    if (names.length > 0)
      this.opts.log.warn({ collections: names }, "collection folders are missing or empty; their documents are kept");
    this.opts.changed(this.get());
  }

  /**
   * Records whether the folder can be read, and why not; an unavailable
   * library is looked at again in `libraryRetryMs` (one timer at a time).
   */
  set(available: boolean, reason: string | null): void {
    if (!available && !this.closed && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.opts.retry();
      }, this.opts.libraryRetryMs);
      this.retryTimer.unref();
    }
    if (this.state.available === available && this.state.reason === reason) return;
    this.state = { ...this.state, available, reason, since: Date.now() };
    const library = this.opts.libraryDir;
    if (available) this.opts.log.info({ library }, "library folder is available");
    else this.opts.log.error({ library, reason }, "library folder is unavailable; indexing paused");
    this.opts.changed(this.get());
  }

  /** Stops looking again: the retry timer is cleared and none is set from now on. */
  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
