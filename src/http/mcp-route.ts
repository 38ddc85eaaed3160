// POST /mcp: the MCP server over Streamable HTTP, stateless (a server and transport per request, JSON replies).

import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { Hono } from "hono";
import type { AppServices } from "../app/services.js";
import { createMcpServer } from "../mcp/server.js";
import { roleAtLeast } from "./access.js";

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
