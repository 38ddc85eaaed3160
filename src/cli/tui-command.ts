import type { Command } from "commander";
import type { Config } from "../config.js";

/**
 * `almanac tui [--url U] [--key K]`: the terminal UI (Ink) for a running
 * server, over SSH or on the box itself. It talks to the server's HTTP API,
 * so it works beside `almanac serve` and from another machine on the LAN.
 */
export function registerTuiCommand(program: Command, config: () => Config): void {
  program
    .command("tui")
    .description("a terminal UI for a running server: chat, search, library, models, past conversations")
    .option("--url <url>", "the server (default: this machine's, http://127.0.0.1:<port>)")
    .option("--key <key>", "an API key (asking needs an account of role user); default ALMANAC_API_KEY")
    .action(async (opts: { url?: string; key?: string }) => {
      const c = config();
      const [{ render }, { createElement }, { TuiApp }, { AlmanacClient }] = await Promise.all([
        import("ink"),
        import("react"),
        import("../tui/app.js"),
        import("../tui/client.js"),
      ]);
      const client = new AlmanacClient(
        (opts.url ?? `http://127.0.0.1:${c.port}`).replace(/\/+$/, ""),
        opts.key ?? c.apiKey,
      );
      const app = render(createElement(TuiApp, { client }));
      await app.waitUntilExit();
    });
}
