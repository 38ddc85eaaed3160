// The library as Model Context Protocol tools and resources, for agents' clients (Claude Desktop, VS Code,
// Open WebUI through mcpo): search, read, library and answer, or one ask_library tool in simple mode.
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { citationLabel } from "../generate/sources.js";
import { VERSION } from "../version.js";
import {
  findPassages,
  PassageNotFoundError,
  type PassageServices,
  parsePassageId,
  passageId,
  readWindow,
} from "./passages.js";

/** How an MCP session is served: what the caller may do, and where reader links point. */
export interface McpOptions {
  /** `ask_library` only, for models of 13B and under (openzim-mcp's "simple mode"). */
  simple: boolean;
  /** Whether the caller may ask for answers (`user` or above); search and read need only `reader`. */
  mayAsk: boolean;
  /** `http://host:port` for absolute reader links; "" keeps them relative (stdio). */
  origin: string;
}

/** A tool's reply: the text a model reads, and the same as structured content for clients that parse it. */
function reply(text: string, structured: Record<string, unknown>) {
  return { content: [{ type: "text" as const, text }], structuredContent: structured };
}

/** A refusal the model can act on (an unknown id, no stored text). */
function refusal(message: string) {
  return { content: [{ type: "text" as const, text: message }], isError: true };
}

const K = z.number().int().min(1).max(20).default(5).describe("How many passages (1–20, default 5).");

/**
 * An {@link McpServer} over the library. Tools: `search` (ranked passages with
 * citation, reader URL and passage id), `read` (a section-bounded window of
 * text around a passage id, with the next and previous ids), `library`
 * (collections and documents) and `answer` (Almanac's own cited answer, when
 * the caller may ask); in simple mode only `ask_library`. Resources:
 * `almanac://document/{id}` and `almanac://passage/{id}`.
 * Source: MCP specification 2025-06-18 (https://modelcontextprotocol.io/specification).
 */
export function createMcpServer(s: PassageServices, opts: McpOptions): McpServer {
  const server = new McpServer(
    { name: "almanac", version: VERSION },
    {
      instructions:
        "An offline library of books, manuals and reference archives. Search it, read around what you find, and cite passages as book › chapter with their URL.",
    },
  );
  if (opts.simple) registerSimple(server, s, opts);
  else registerTools(server, s, opts);
  registerResources(server, s);
  return server;
}

function registerSimple(server: McpServer, s: PassageServices, opts: McpOptions): void {
  server.registerTool(
    "ask_library",
    {
      title: "Ask the library",
      description:
        "Ask the offline library a question in plain words. Returns an answer quoted from the books, each line citing [n], and the passages it used with their book › chapter and URL.",
      inputSchema: { question: z.string().min(1).max(2000).describe("The question, in any language.") },
    },
    async ({ question }) => {
      if (!opts.mayAsk) {
        const found = await findPassages(s, { query: question, k: 5 }, opts.origin);
        return reply(found.map((p, i) => `[${i + 1}] ${p.citation}\n${p.text}\n${p.url}`).join("\n\n"), {
          passages: found,
        });
      }
      return answerReply(s, question, opts.origin);
    },
  );
}

async function answerReply(s: PassageServices, question: string, origin: string) {
  const answer = await s.ask.answer({ messages: [{ role: "user", content: question }] });
  const sources = answer.sources.map((src) => ({
    index: src.index,
    id: passageId(src.docId, src.start, src.end),
    citation: citationLabel(src),
    url: `${origin}${src.url}`,
  }));
  const list = sources.map((x) => `[${x.index}] ${x.citation} — ${x.url}`).join("\n");
  return reply(`${answer.text}${list ? `\n\nSources:\n${list}` : ""}`, {
    answer: answer.text,
    mode: answer.mode,
    sources,
  });
}

function registerTools(server: McpServer, s: PassageServices, opts: McpOptions): void {
  server.registerTool(
    "search",
    {
      title: "Search the library",
      description:
        "Find passages in the offline library. Returns the best passages first, each with its citation (book › chapter, page or time), its reader URL, and a passage id to pass to `read` for the text around it.",
      inputSchema: {
        query: z.string().min(1).max(2000).describe('Words to look for. "exact phrase", +required and -excluded work.'),
        k: K,
        collection: z.string().optional().describe("Only this collection (a folder of the library)."),
        tags: z.array(z.string()).optional().describe('Only passages with every tag, e.g. ["water"].'),
        format: z.enum(["epub", "pdf", "html", "zim", "media", "markdown", "text"]).optional(),
        document: z.string().optional().describe("Only this document id (from `library` or a passage id)."),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (q) => {
      const found = await findPassages(s, q, opts.origin);
      const text = found.length
        ? found.map((p, i) => `${i + 1}. ${p.citation} (id ${p.id})\n${p.text}\n${p.url}`).join("\n\n")
        : "Nothing in the library matches. Try other words.";
      return reply(text, { passages: found });
    },
  );
  server.registerTool(
    "read",
    {
      title: "Read around a passage",
      description:
        "Read the text around a passage id from `search` (or a document id and a character offset), at most `chars` characters, within its section. Returns `next` and `previous` ids: call `read` with them to go on reading a long article a section at a time.",
      inputSchema: {
        id: z
          .string()
          .min(3)
          .optional()
          .describe("A passage id, as `search` or `read` returned it (document:start-end)."),
        document: z.string().min(1).optional().describe("Instead of an id: a document id, from `library`."),
        offset: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe("With `document`: where to start, in characters (default 0)."),
        chars: z.number().int().min(200).max(8000).default(1500).describe("How much text (200–8,000 characters)."),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ id, document, offset, chars }) => {
      const at = id ? parsePassageId(id) : document ? { docId: document, start: offset ?? 0, end: offset ?? 0 } : null;
      if (!at)
        return refusal(
          id
            ? `"${id}" is not a passage id: use one that search returned (document:start-end).`
            : "Give a passage id from search, or a document id from library.",
        );
      try {
        const w = readWindow(s, at, chars);
        const head = `${w.title}${w.section ? ` › ${w.section}` : ""} (id ${w.id})`;
        const tail = [w.previous ? `previous: ${w.previous}` : "", w.next ? `next: ${w.next}` : ""].filter(Boolean);
        return reply(`${head}\n\n${w.text}\n\n${tail.join("\n")}`.trim(), { ...w });
      } catch (err) {
        if (err instanceof PassageNotFoundError) return refusal(err.message);
        throw err;
      }
    },
  );
  server.registerTool(
    "library",
    {
      title: "What the library holds",
      description: "List the library's collections and its documents: id, title, format, language and passage count.",
      inputSchema: { collection: z.string().optional().describe("Only this collection.") },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ collection }) => {
      const docs = s.library.documents
        .list()
        .filter((d) => d.status === "indexed" && (!collection || d.collection === collection))
        .slice(0, 500)
        .map((d) => ({
          id: d.id,
          title: d.title ?? d.path,
          collection: d.collection,
          format: d.format,
          language: d.lang,
          passages: d.chunkCount,
        }));
      const collections = s.library.indexer.collections();
      const text = [
        `Collections: ${collections.join(", ") || "none"}`,
        ...docs.map(
          (d) => `- ${d.title} (${d.format}${d.language ? `, ${d.language}` : ""}; ${d.passages} passages; id ${d.id})`,
        ),
      ].join("\n");
      return reply(text, { collections, documents: docs });
    },
  );
  if (opts.mayAsk)
    server.registerTool(
      "answer",
      {
        title: "Answer from the library",
        description:
          "Almanac's own cited answer to a question: quoted from the books (or written by its local model when one is loaded), each line citing [n], with the sources.",
        inputSchema: { question: z.string().min(1).max(2000).describe("The question, in any language.") },
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      async ({ question }) => answerReply(s, question, opts.origin),
    );
}

function registerResources(server: McpServer, s: PassageServices): void {
  server.registerResource(
    "document",
    new ResourceTemplate("almanac://document/{id}", { list: undefined }),
    {
      title: "A document's text",
      description: "A document of the library: its title and its text (the first 20,000 characters).",
      mimeType: "text/plain",
    },
    async (uri, vars) => {
      const id = String(vars.id);
      const row = s.library.documents.get(id);
      const stored = row ? s.library.documents.text(id) : null;
      if (!row || !stored) throw new PassageNotFoundError(`no document ${id} with stored text`);
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: "text/plain",
            text: `${row.title ?? row.path}\n\n${stored.text.slice(0, 20_000)}`,
          },
        ],
      };
    },
  );
  server.registerResource(
    "passage",
    new ResourceTemplate("almanac://passage/{id}", { list: undefined }),
    { title: "A passage", description: "The text around a passage id, within its section.", mimeType: "text/plain" },
    async (uri, vars) => {
      const at = parsePassageId(decodeURIComponent(String(vars.id)));
      if (!at) throw new PassageNotFoundError(`not a passage id: ${String(vars.id)}`);
      const w = readWindow(s, at);
      return { contents: [{ uri: uri.href, mimeType: "text/plain", text: w.text }] };
    },
  );
}
