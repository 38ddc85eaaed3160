import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import type { GlobalOpts } from "./options.js";

/**
 * `almanac mcp`: the MCP server over stdio, for clients that start it
 * themselves (Claude Desktop, VS Code). It answers from the data folder's
 * index read-only, so it never holds the folder against `almanac serve`
 * (whose port its reader links carry when it runs); a data folder with no
 * index yet is indexed first. Protocol on stdout, logs on stderr.
 */
export function registerMcpCommand(program: Command, opts: () => GlobalOpts): void {
  program
    .command("mcp")
    .description("serve the library to an MCP client over stdio (search, read, library, answer)")
    .action(async () => {
      const [{ openForQuestions }, { Almanac }, { createMcpServer }, { StdioServerTransport }, { readLockHolder }] =
        await Promise.all([
          import("./open.js"),
          import("../app/almanac.js"),
          import("../mcp/server.js"),
          import("@modelcontextprotocol/sdk/server/stdio.js"),
          import("../state/writer-lock.js"),
        ]);
      const [{ configFrom }, { createLogger }, { STATE_FILE }] = await Promise.all([
        import("./options.js"),
        import("../log.js"),
        import("../state/db.js"),
      ]);
      const config = configFrom(opts());
      // A data folder with no index yet is indexed first, then let go, so `almanac serve` can still start.
      if (!existsSync(join(config.dataDir, STATE_FILE))) await (await openForQuestions(opts(), "mcp")).close();
      const log = createLogger(opts().logLevel ? config.logLevel : "warn");
      const app = await Almanac.open(config, log, { access: "read", command: "mcp" });
      const holder = readLockHolder(app.config.dataDir);
      const origin = holder?.command === "serve" && holder.url ? new URL(holder.url).origin : "";
      const server = createMcpServer(app.services, { simple: app.config.mcpSimple, mayAsk: true, origin });
      const transport = new StdioServerTransport();
      transport.onclose = () => void app.close().then(() => process.exit(0));
      await server.connect(transport);
    });
}
