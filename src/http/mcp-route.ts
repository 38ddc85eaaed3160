// POST /mcp: the MCP server over Streamable HTTP, stateless (a server and transport per request, JSON replies).

import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Hono } from "hono";
import type { AppServices } from "../app/services.js";
import { roleAtLeast } from "./access.js";

/**
 * The MCP SDK and Almanac's tools on it, loaded at the first `/mcp` request: the SDK and its
 * schemas took about 80 ms of every start, for a route most households never call.
 */
let sdk: Promise<
  [typeof import("../mcp/server.js"), typeof import("@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js")]
> | null = null;
const loadSdk = () => {
  sdk ??= Promise.all([
    import("../mcp/server.js"),
    import("@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js"),
  ]);
  return sdk;
};

/** What `/mcp` uses: search, the library, answers, and the `mcpSimple` setting. */
export type McpRouteServices = Pick<AppServices, "search" | "library" | "ask" | "config">;

/**
 * `/mcp` (owner: the MCP server): Streamable HTTP in stateless mode, every
 * request answered with JSON. It needs an API key (or a session): an
 * anonymous caller gets a JSON-RPC 401. The caller's role applies: `reader`
 * may search, read and list; `user` and above also get `answer`.
 * Source: MCP specification 2025-06-18, "Transports: Streamable HTTP".
 */
export function mcpRoutes(services: McpRouteServices): Hono {
  const r = new Hono();
  // Idle servers by what they offer: building one (its tools' schemas) for every request is a cost to spare.
  const idle = new Map<string, McpServer[]>();
  r.all("/mcp", async (c) => {
    const who = c.get("principal");
    if (who.via === "anonymous")
      return c.json(
        {
          jsonrpc: "2.0",
          error: { code: -32001, message: "MCP needs an API key: Authorization: Bearer <key>" },
          id: null,
        },
        401,
      );
    const opts = {
      simple: services.config.mcpSimple,
      mayAsk: roleAtLeast(who.role, "user"),
      origin: new URL(c.req.url).origin,
    };
    const [{ createMcpServer }, { WebStandardStreamableHTTPServerTransport }] = await loadSdk();
    const key = JSON.stringify(opts);
    const pool = idle.get(key) ?? [];
    idle.set(key, pool);
    const server = pool.pop() ?? createMcpServer(services, opts);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      await server.close();
      if (pool.length < MAX_IDLE_SERVERS) pool.push(server);
    }
  });
  return r;
}

/** Idle MCP servers kept per kind of caller (each is its tool table, a few kB). */
const MAX_IDLE_SERVERS = 4;
