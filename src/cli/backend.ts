// What `almanac ask`, `chat`, `search` and `status` ask: the running server over HTTP (remote.ts) when one
// holds the data folder, else the index opened here.

import type { GlobalOpts } from "./options.js";
import type { QuestionBackend } from "./question-backend.js";
import { cliSource } from "./question-backend.js";

/**
 * The backend for a question command: the server that holds the data folder
 * when one answers (no second copy of the models, the server's history and
 * its port in the links), else the index opened here.
 * @param reconcile - locally, reconcile the library first (not for `status`).
 */
export async function openQuestionBackend(
  opts: GlobalOpts,
  command: string,
  reconcile = true,
): Promise<QuestionBackend> {
  const { configFrom } = await import("./options.js");
  const config = configFrom(opts);
  const { serverBackend } = await import("./remote.js");
  const remote = await serverBackend(config);
  if (remote) return remote;
  const { openForQuestions } = await import("./open.js");
  const { searchFilter } = await import("../retrieve/filter.js");
  const app = await openForQuestions(opts, command, reconcile);
  const host = app.config.host === "0.0.0.0" || app.config.host === "::" ? "127.0.0.1" : app.config.host;
  const origin = `http://${host}:${app.config.port}`;
  return {
    where: { kind: "local" },
    async answer(q) {
      const a = await app.services.ask.answer({
        messages: q.messages,
        filter: searchFilter(q.filter),
        ...(q.maxTokens ? { maxTokens: q.maxTokens } : {}),
        onText: q.onText,
      });
      return { text: a.text, sources: a.sources.map((s) => cliSource(s, origin)), query: a.query };
    },
    async search(query, o) {
      const results = await app.services.search.search(query, {
        k: o.k,
        mode: o.mode,
        filter: searchFilter({ tags: o.tags }),
      });
      return results.map((r) => ({
        score: r.score,
        where: r.chunk.heading_path ? `${r.chunk.title} › ${r.chunk.heading_path}` : r.chunk.title,
        text: r.chunk.text,
      }));
    },
    status: () => app.status(),
    close: () => app.close(),
  };
}
