// POST /mcp: the MCP server over Streamable HTTP, stateless (a server and transport per request, JSON replies).
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
    const server = createMcpServer(services, {
      simple: services.config.mcpSimple,
      mayAsk: roleAtLeast(who.role, "user"),
      origin: new URL(c.req.url).origin,
    });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      await server.close();
    }
  });
  return r;
}
