/**
 * The generated parts of docs/http-api.md: the route table, from {@link ROUTES},
 * and the typed errors, from the error classes themselves (each is built and
 * its status, `type` and `param` read back, so the table says what the server
 * sends). `npm run docs` writes them between the page's `generated:` markers,
 * and tests/unit/reference-docs.test.ts fails when the page differs. Pure.
 */
import {
  type AlmanacError,
  ChatQueueFullError,
  ChatTimeoutError,
  ModelChoiceError,
  ModelFileError,
  StorageError,
  UnsupportedModeError,
} from "../errors.js";
import { AccountError } from "../state/users.js";
import { type Requirement, ROUTES } from "./access.js";

/** One typed error of the reference: its class, when it is thrown, and instances covering each status it can have. */
export interface TypedErrorReference {
  /** The class name, as `err.name` says. */
  name: string;
  /** Where the class is defined. */
  source: string;
  /** When it is thrown. */
  when: string;
  /** One instance for each status, type and param the class can carry. */
  samples: () => AlmanacError[];
}

/**
 * Every typed error the server maps to an HTTP answer. Each class that
 * extends AlmanacError must be listed (the reference test checks the classes
 * exported by src/errors.ts against this list).
 */
export const TYPED_ERRORS: readonly TypedErrorReference[] = [
  {
    name: "UnsupportedModeError",
    source: "src/errors.ts",
    when: "a search mode the loaded models cannot serve (`vector` or `hybrid` with no embedding model, `rerank` with no reranker)",
    samples: () => [new UnsupportedModeError("example")],
  },
  {
    name: "ChatQueueFullError",
    source: "src/errors.ts",
    when: "every chat sequence is busy and `chatQueueMax` requests already wait; `Retry-After` is estimated from recent generations",
    samples: () => [new ChatQueueFullError(8, 5)],
  },
  {
    name: "ChatTimeoutError",
    source: "src/errors.ts",
    when: "a chat request waited `chatTimeoutSeconds` without a free sequence (one that times out while generating ends with what it has instead); with `Retry-After`",
    samples: () => [new ChatTimeoutError(300, 5)],
  },
  {
    name: "StorageError",
    source: "src/errors.ts",
    when: "the index could not be read even after a retry on its latest version; try again (`Retry-After: 1`)",
    samples: () => [new StorageError(new Error("example"))],
  },
  {
    name: "ModelChoiceError",
    source: "src/errors.ts",
    when: "a model switch (`POST /api/models/use`, the status page): 404 for a file not in the models folder; 400 for a file of another role than the one named, or the embedding model already in use; 409 while an embedding switch or an upgrade rebuild runs, or when this process opened the index read-only",
    samples: () => [404, 400, 409].map((s) => new ModelChoiceError("example", s as 400 | 404 | 409)),
  },
  {
    name: "ModelFileError",
    source: "src/errors.ts",
    when: "a model upload or `almanac models pull` could not finish: 400 for offline mode, a bad source or a body that is not multipart, a checksum or a header that is not GGUF; 409 when the file exists; 413 over `maxModelUploadMb` or the free disk",
    samples: () =>
      (["offline", "source", "checksum", "header", "exists", "size"] as const).map(
        (r) => new ModelFileError("example", r),
      ),
  },
  {
    name: "AccountError",
    source: "src/state/users.ts",
    when: "a bad account name, password or role (400, naming the field); no account with that id (404, `user`); a name already taken (409, `name`), or demoting or disabling the last admin (409, `role`)",
    samples: () => [
      new AccountError("example", "name"),
      new AccountError("example", "password"),
      new AccountError("example", "role"),
      new AccountError("example", "user", 404),
      new AccountError("example", "name", 409),
      new AccountError("example", "role", 409),
    ],
  },
];

const NEED: Record<Requirement, string> = {
  public: "anyone",
  account: "any signed-in account",
  reader: "`reader`",
  user: "`user`",
  admin: "`admin`",
};

/**
 * The route table as Markdown: every row of {@link ROUTES}, in order (the
 * first matching row wins; a path no row matches needs `admin`).
 */
export function routeReference(): string {
  const rows = ROUTES.map((r) => {
    const path = r.path.endsWith("/") && r.path !== "/" ? `${r.path}…` : r.path;
    const method = r.method === "*" ? "any" : r.method === "GET" ? "GET, HEAD" : r.method;
    return `| ${method} | \`${path}\` | ${NEED[r.need]} | ${r.owner} |`;
  });
  return ["| method | path | needs (or a higher role) | what answers |", "|---|---|---|---|", ...rows].join("\n");
}

/** Distinct values in first-seen order. */
function distinct<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** The typed errors as a Markdown table: class, status, `type`, `param` and when. */
export function typedErrorReference(): string {
  const rows = TYPED_ERRORS.map((e) => {
    const samples = e.samples();
    const status = distinct(samples.map((s) => String(s.status))).join(", ");
    const type = distinct(samples.map((s) => `\`${s.type}\``)).join(", ");
    const param = distinct(samples.map((s) => (s.param === null ? "null" : `\`${s.param}\``))).join(", ");
    return `| \`${e.name}\` (${e.source}) | ${status} | ${type} | ${param} | ${e.when} |`;
  });
  return ["| error | status | `type` | `param` | when |", "|---|---|---|---|---|", ...rows].join("\n");
}

/** The generated sections of docs/http-api.md, by marker name. */
export function httpApiSections(): Record<string, string> {
  return { routes: routeReference(), "typed-errors": typedErrorReference() };
}

/**
 * Puts each generated section into a page between its markers,
 * `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` (kept).
 * @throws Error when the page lacks a section's markers.
 */
export function spliceGenerated(page: string, sections: Record<string, string>): string {
  let out = page;
  for (const [name, body] of Object.entries(sections)) {
    const open = `<!-- generated:${name} -->`;
    const close = `<!-- /generated:${name} -->`;
    const a = out.indexOf(open);
    const b = out.indexOf(close);
    if (a < 0 || b < a) throw new Error(`the page has no ${open} … ${close} markers`);
    out = `${out.slice(0, a + open.length)}\n${body}\n${out.slice(b)}`;
  }
  return out;
}
