// The MCP `search` tool against `/api/search` for the same queries over loopback HTTP: what an agent pays
// for the protocol on top of the search itself (issue 29's target: within 1.2×).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Almanac } from "../src/app/almanac.js";
import { startServer } from "../src/http/server.js";
import { percentile } from "../src/stats.js";

const RPC_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": "2025-06-18",
};
const call = (query: string) =>
  JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: { name: "search", arguments: { query, k: 5 } },
  });

/**
 * p50 latency of `GET /api/search?k=5`, of the MCP `search` tool (k 5) through
 * the SDK's client (its own validation included), and of the same `tools/call`
 * as one plain JSON-RPC POST (what the server takes), over `queries`, eight
 * rounds each after a warm-up round; ms. `ratio` is the median of each
 * query's MCP ÷ API time in the same round, which a machine's load drifting
 * between samples moves less than the ratio of two medians.
 */
export async function mcpSearchLatency(
  app: Almanac,
  queries: readonly string[],
): Promise<{ apiMs: number; mcpMs: number; rpcMs: number; ratio: number }> {
  const server = await startServer(app.services, "127.0.0.1", 0);
  const base = `http://127.0.0.1:${server.port}`;
  const account = await app.services.accounts.users.create("bench-agent", "correct horse battery", "user");
  const { key } = app.services.accounts.apiKeys.create(account.id, "bench");
  const headers = { authorization: `Bearer ${key}` };
  const client = new Client({ name: "almanac-bench", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }));
  const api: number[] = [];
  const mcp: number[] = [];
  const raw: number[] = [];
  const ratios: number[] = [];
  try {
    for (let round = 0; round < 9; round++)
      for (const q of queries) {
        let t0 = performance.now();
        await (await fetch(`${base}/api/search?k=5&q=${encodeURIComponent(q)}`, { headers })).json();
        const apiMs = performance.now() - t0;
        t0 = performance.now();
        await client.callTool({ name: "search", arguments: { query: q, k: 5 } });
        const mcpMs = performance.now() - t0;
        t0 = performance.now();
        await (
          await fetch(`${base}/mcp`, { method: "POST", headers: { ...headers, ...RPC_HEADERS }, body: call(q) })
        ).json();
        const rawMs = performance.now() - t0;
        if (round === 0) continue;
        api.push(apiMs);
        mcp.push(mcpMs);
        raw.push(rawMs);
        ratios.push(mcpMs / apiMs);
      }
  } finally {
    await client.close();
    await server.close();
  }
  return {
    apiMs: percentile(api, 50),
    mcpMs: percentile(mcp, 50),
    rpcMs: percentile(raw, 50),
    ratio: percentile(ratios, 50),
  };
}
