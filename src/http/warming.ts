// The listener `almanac serve` opens before it loads the app: loading the code and opening the data folder take
// most of a second on a Pi, and a person (or a health check) who asks in that time should hear "starting", not be
// refused a connection. Only node:http here, so it listens a few milliseconds after the process starts.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** How long a request that needs the app (a search, an API call) is held for it before a 503, ms. */
export const WARMING_HOLD_MS = 30_000;

/** Most requests held at once while warming; past it they are answered 503 at once. */
const MAX_HELD = 256;

/** What `/status` says while the server warms up (JSON, or a page that refreshes itself for a browser). */
export interface WarmingStatus {
  /** Always `"starting"`; a ready server's `/status` has no such field. */
  status: "starting";
  /** What is still being prepared, in order: e.g. `["loading Almanac", "opening the index"]`. */
  warming: string[];
  /** Milliseconds since the process started. */
  uptimeMs: number;
}

/** The HTTP server of `almanac serve`, listening from before the app is ready. */
export interface WarmingServer {
  /** The port it listens on (the one asked for, or the system's pick for 0). */
  readonly port: number;
  /** Names what is still warming, for `/status` (the step under way first). */
  warming(steps: string[]): void;
  /** Hands every request to `listener` from now on, the held ones first. */
  serve(listener: RequestListener): void;
  /**
   * Stops listening; open connections get `graceMs` to finish, then are cut.
   * Held requests are answered 503 first.
   */
  close(graceMs?: number): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string, retryAfter?: number): void {
  res.writeHead(status, {
    "content-type": type,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...(retryAfter ? { "retry-after": String(retryAfter) } : {}),
  });
  res.end(body);
}

function wantsPage(req: IncomingMessage): boolean {
  return req.method === "GET" && (req.headers.accept ?? "").includes("text/html");
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The page a browser gets for any page while warming: it reloads itself every second until the app answers. */
function startingPage(status: WarmingStatus): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="refresh" content="1"><title>Almanac is starting</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1>Almanac is starting</h1><p>${escapeHtml(status.warming.join(", ") || "almost ready")}…</p><p>This page opens by itself in a moment.</p></body></html>`;
}

/**
 * Listens on `host`:`port` at once and answers while the app loads:
 * `GET /status` with {@link WarmingStatus} (200; a page for a browser),
 * `GET /health` with 503 `{"status":"starting"}`, any other page a browser
 * asks for with a self-refreshing "starting" page (503, `Retry-After: 1`);
 * any other request is held until {@link WarmingServer.serve} (at most
 * {@link WARMING_HOLD_MS}, then an OpenAI-shaped 503 with `Retry-After`).
 * The warming answers carry no library data, so they need no account.
 * @param host - listen address, e.g. `127.0.0.1` or `0.0.0.0`.
 * @param port - TCP port; 0 picks a free one.
 * @returns once listening.
 * @throws the listen error (EADDRINUSE for a port in use, EACCES, EADDRNOTAVAIL).
 */
export function listenWarming(host: string, port: number): Promise<WarmingServer> {
  let steps: string[] = ["loading Almanac"];
  let ready: RequestListener | null = null;
  const held: Array<{ req: IncomingMessage; res: ServerResponse; timer: NodeJS.Timeout }> = [];
  const status = (): WarmingStatus => ({
    status: "starting",
    warming: steps,
    uptimeMs: Math.round(process.uptime() * 1000),
  });
  const refuse = (req: IncomingMessage, res: ServerResponse) => {
    if (wantsPage(req)) return send(res, 503, "text/html; charset=utf-8", startingPage(status()), 1);
    const message = `Almanac is starting (${steps.join(", ")}); try again in a few seconds`;
    send(
      res,
      503,
      "application/json",
      JSON.stringify({ error: { message, type: "server_error", param: null, code: "starting" } }),
      5,
    );
  };
  const warmingHandler: RequestListener = (req, res) => {
    if (ready) return ready(req, res);
    const path = (req.url ?? "/").split("?")[0];
    const read = req.method === "GET" || req.method === "HEAD";
    if (read && path === "/status")
      return wantsPage(req)
        ? send(res, 200, "text/html; charset=utf-8", startingPage(status()))
        : send(res, 200, "application/json", JSON.stringify(status()));
    if (read && path === "/health")
      return send(res, 503, "application/json", JSON.stringify({ status: "starting" }), 1);
    if (wantsPage(req) || held.length >= MAX_HELD) return refuse(req, res);
    const entry = { req, res, timer: setTimeout(() => drop(entry), WARMING_HOLD_MS) };
    held.push(entry);
    res.once("close", () => drop(entry, false));
  };
  const drop = (entry: (typeof held)[number], answer = true) => {
    const i = held.indexOf(entry);
    if (i < 0) return;
    held.splice(i, 1);
    clearTimeout(entry.timer);
    if (answer && !entry.res.headersSent) refuse(entry.req, entry.res);
  };
  const server = createServer(warmingHandler);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        warming: (next) => {
          steps = next;
        },
        serve: (listener) => {
          ready = listener;
          for (const entry of held.splice(0)) {
            clearTimeout(entry.timer);
            listener(entry.req, entry.res);
          }
        },
        close: (graceMs = 0) =>
          new Promise<void>((res) => {
            for (const entry of [...held]) drop(entry);
            const cut = setTimeout(() => server.closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(cut);
              res();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
