import type { AppStatus } from "../src/app.js";
import { Layout } from "./layout.js";

/** The ask page: question box, survival category shortcuts and a one-line library status. */
export function HomePage(props: { status: AppStatus; categories: string[]; signOut?: boolean }) {
  const s = props.status;
  return (
    <Layout title="Almanac">
      <header>
        <h1>Almanac</h1>
        <small>
          {s.documents.indexed} books · {s.chunks} passages · answers: {s.mode.answers} · search: {s.mode.retrieval}
          {s.indexing.busy ? " · indexing…" : ""}
        </small>
        {props.signOut ? (
          <form method="post" action="/logout" class="signout">
            <button type="submit">Sign out</button>
          </form>
        ) : null}
      </header>
      {s.library.available ? null : (
        <p role="alert" class="warning">
          The library folder is unavailable ({s.library.reason}). Answers come from the books indexed before; indexing
          resumes when the folder is back.
        </p>
      )}
      {s.library.missingCollections.length > 0 ? (
        <p role="alert" class="warning">
          Collection folders missing or empty: {s.library.missingCollections.join(", ")}. Their books are kept in the
          index until the folders return (or <code>almanac index --prune</code> drops them).
        </p>
      ) : null}
      <form class="ask" hx-post="/ui/ask" hx-target="#answer" hx-indicator="#thinking">
        <input
          type="text"
          name="q"
          placeholder="Ask the library, e.g. How do I purify water?"
          required
          autofocus
          aria-label="Question"
        />
        <input type="hidden" id="history" name="history" value="[]" />
        <button type="submit">Ask</button>
      </form>
      <p class="meta">
        Search syntax: <code>"exact phrase"</code>, <code>+must</code>, <code>-exclude</code>.
      </p>
      <fieldset class="categories" aria-label="Survival categories">
        {props.categories.map((c) => (
          <button
            type="button"
            hx-post="/ui/ask"
            hx-vals={JSON.stringify({ q: c.replace(/-/g, " "), tag: c })}
            hx-target="#answer"
          >
            {c.replace(/-/g, " ")}
          </button>
        ))}
      </fieldset>
      <span id="thinking" class="htmx-indicator meta">
        Searching the library…
      </span>
      <div id="answer" />
      {s.failures.length > 0 ? (
        <details class="meta">
          <summary>{s.failures.length} file(s) need attention</summary>
          <ul>
            {s.failures.map((f) => (
              <li>
                {f.path} ({f.status === "indexed" ? "indexed with a warning" : f.status}): {f.error}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </Layout>
  );
}

/** The login form shown when an API key protects the appliance. */
export function LoginPage(props: { failed: boolean; waitSeconds?: number }) {
  return (
    <Layout title="Almanac — sign in">
      <header>
        <h1>Almanac</h1>
      </header>
      <form class="ask" method="post" action="/login">
        <input type="password" name="key" placeholder="Access key" required aria-label="Access key" />
        <button type="submit">Sign in</button>
      </form>
      {props.failed ? <p role="alert">That key is not right.</p> : null}
      {props.waitSeconds ? <p role="alert">Too many wrong keys. Try again in {props.waitSeconds} seconds.</p> : null}
    </Layout>
  );
}
