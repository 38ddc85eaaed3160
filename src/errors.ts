/**
 * Almanac's typed errors. Each carries the HTTP status it maps to, so the
 * server turns them into responses in one place: a client's mistake is a 4xx
 * naming the parameter, a failure on our side a 5xx.
 */
export class AlmanacError extends Error {
  /** Seconds a client should wait before trying again (the `Retry-After` header), when the error says. */
  readonly retryAfterSeconds?: number;

  constructor(
    message: string,
    /** HTTP status. */
    readonly status: 400 | 404 | 409 | 413 | 429 | 500 | 503,
    /** OpenAI error `type`. */
    readonly type: string,
    /** The request parameter at fault, if any. */
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A search mode or model that this appliance does not have (`vector` with no embedding model): 400 on `mode`. */
export class UnsupportedModeError extends AlmanacError {
  constructor(message: string) {
    super(message, 400, "invalid_request_error", "mode");
  }
}

/** The chat model's queue is full (`chatQueueMax`): 429, with a `Retry-After` estimate from recent generations. */
export class ChatQueueFullError extends AlmanacError {
  constructor(
    readonly waiting: number,
    /** Seconds until a place is likely to be free. */
    override readonly retryAfterSeconds: number,
  ) {
    super(
      `the chat model is busy: ${waiting} requests are already waiting (chatQueueMax); retry in ${retryAfterSeconds} s`,
      429,
      "rate_limit_error",
    );
  }
}

/**
 * A chat request waited longer than `chatTimeoutSeconds` for a free sequence:
 * 503, with a `Retry-After` estimate. (One that times out while generating
 * ends with what it has, finish reason `length`.)
 */
export class ChatTimeoutError extends AlmanacError {
  constructor(
    readonly timeoutSeconds: number,
    /** Seconds until a sequence is likely to be free. */
    override readonly retryAfterSeconds: number,
  ) {
    super(
      `the chat model is busy: the request waited ${timeoutSeconds} s (chatTimeoutSeconds) without a free sequence; retry in ${retryAfterSeconds} s`,
      503,
      "server_error",
    );
  }
}

/** The index could not be read even after a retry on its latest version: 503, try again. */
export class StorageError extends AlmanacError {
  constructor(cause: Error) {
    super(`the index could not be read (${cause.message}); try again`, 503, "server_error");
    this.cause = cause;
  }
}

/** A model switch named a file that is not in the models folder, or one whose role does not fit: 404 or 400. */
export class ModelChoiceError extends AlmanacError {
  constructor(message: string, status: 400 | 404 | 409) {
    super(message, status, "invalid_request_error", "file");
  }
}

/** `almanac models pull` or a model upload could not finish: offline mode, a bad source, a checksum or header that does not match. */
export class ModelFileError extends AlmanacError {
  constructor(
    message: string,
    /** `offline`, `source` (the name or URL), `checksum`, `header` (not a GGUF), `exists` or `size`. */
    readonly reason: "offline" | "source" | "checksum" | "header" | "exists" | "size",
  ) {
    super(message, reason === "exists" ? 409 : reason === "size" ? 413 : 400, "invalid_request_error", "file");
  }
}
