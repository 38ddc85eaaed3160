import type { Role } from "../state/schema.js";
import type { Account } from "../state/users.js";

/**
 * What a route needs: `public` (anyone, even with anonymous access off),
 * `account` (anyone signed in, whatever the role), or a {@link Role} (that
 * role or a higher one; anonymous visitors have the role the `anonymousRole`
 * setting gives them).
 */
export type Requirement = "public" | "account" | Role;

/** One row of the route table. */
export interface RouteRule {
  /** `*` for every method. */
  method: "GET" | "POST" | "*";
  /** A path prefix: `/v1/` matches below it; `/chat` matches `/chat` and `/chat/…`; `/` matches only `/`. */
  path: string;
  need: Requirement;
  /** Which part of Almanac answers it. */
  owner: string;
}

/**
 * The route table: who may use every route the server answers. The first
 * matching row wins; a path no row matches needs `admin` (deny by default).
 * `tests/integration/roles.test.ts` walks every registered route against an anonymous
 * visitor, a reader, a user and an admin and checks each against this table.
 */
export const ROUTES: readonly RouteRule[] = [
  { method: "*", path: "/assets/", need: "public", owner: "web app: stylesheet and scripts" },
  { method: "*", path: "/icons/", need: "public", owner: "web app: icons" },
  { method: "*", path: "/favicon.ico", need: "public", owner: "web app" },
  { method: "*", path: "/manifest.webmanifest", need: "public", owner: "web app (PWA)" },
  { method: "*", path: "/sw.js", need: "public", owner: "web app (PWA)" },
  { method: "*", path: "/offline", need: "public", owner: "web app (PWA fallback)" },
  { method: "*", path: "/login", need: "public", owner: "sign-in (throttled per address and account)" },
  { method: "*", path: "/logout", need: "public", owner: "sign-out" },
  { method: "GET", path: "/health", need: "public", owner: "health check (Docker HEALTHCHECK, monitoring)" },
  { method: "*", path: "/setup", need: "public", owner: "first-run admin setup (only while there are no accounts)" },
  { method: "GET", path: "/", need: "reader", owner: "web app: landing page" },
  { method: "*", path: "/welcome", need: "admin", owner: "web app: the welcome page first-run setup ends on" },
  { method: "GET", path: "/v1/models", need: "reader", owner: "OpenAI-compatible API: models" },
  { method: "POST", path: "/v1/embeddings", need: "reader", owner: "OpenAI-compatible API: embeddings" },
  { method: "POST", path: "/v1/chat/completions", need: "user", owner: "OpenAI-compatible API: chat" },
  { method: "*", path: "/mcp", need: "reader", owner: "MCP server (Streamable HTTP; an API key or a session)" },
  { method: "POST", path: "/v1/audio/speech", need: "reader", owner: "OpenAI-compatible API: read aloud (espeak-ng)" },
  { method: "GET", path: "/api/search", need: "reader", owner: "JSON API: search" },
  { method: "GET", path: "/api/version", need: "reader", owner: "Ollama-compatible API: version" },
  { method: "GET", path: "/api/tags", need: "reader", owner: "Ollama-compatible API: models" },
  { method: "POST", path: "/api/show", need: "reader", owner: "Ollama-compatible API: one model" },
  { method: "POST", path: "/api/chat", need: "user", owner: "Ollama-compatible API: chat" },
  { method: "POST", path: "/api/generate", need: "user", owner: "Ollama-compatible API: completion" },
  { method: "POST", path: "/api/embed", need: "reader", owner: "Ollama-compatible API: embeddings" },
  { method: "POST", path: "/api/embeddings", need: "reader", owner: "Ollama-compatible API: embeddings (older form)" },
  { method: "*", path: "/api/models", need: "admin", owner: "JSON API: the model files, and switching the chat model" },
  { method: "GET", path: "/api/conversations", need: "user", owner: "JSON API: one's own conversations" },
  { method: "GET", path: "/status", need: "reader", owner: "operations (JSON or the status page)" },
  { method: "POST", path: "/status/models", need: "admin", owner: "web app: switch the chat model" },
  { method: "GET", path: "/read/", need: "reader", owner: "web app: reader" },
  { method: "GET", path: "/survival", need: "reader", owner: "web app: survival topics" },
  { method: "GET", path: "/search", need: "reader", owner: "web app: search" },
  { method: "GET", path: "/library", need: "reader", owner: "web app: library list and progress" },
  { method: "POST", path: "/library/trash", need: "admin", owner: "web app: restore a removed book from the trash" },
  { method: "POST", path: "/library", need: "admin", owner: "web app: upload, re-index, remove (to the trash)" },
  { method: "GET", path: "/settings", need: "reader", owner: "web app: settings" },
  { method: "POST", path: "/settings/theme", need: "reader", owner: "web app: this device's theme" },
  { method: "POST", path: "/settings/language", need: "reader", owner: "web app: this device's language" },
  { method: "POST", path: "/settings", need: "admin", owner: "web app: settings for everyone" },
  { method: "*", path: "/chat", need: "user", owner: "web app: ask and one's own conversations" },
  { method: "*", path: "/ui/", need: "user", owner: "web app: answer streams" },
  { method: "*", path: "/account", need: "account", owner: "web app: one's password, API keys and sessions" },
  { method: "*", path: "/admin/", need: "admin", owner: "web app: users" },
];

/** The row that governs a request, or undefined (then `admin` is needed). */
export function ruleFor(method: string, path: string): RouteRule | undefined {
  return ROUTES.find((r) => {
    if (r.method !== "*" && r.method !== method && !(r.method === "GET" && method === "HEAD")) return false;
    if (r.path === "/") return path === "/";
    if (r.path.endsWith("/")) return path.startsWith(r.path);
    return path === r.path || path.startsWith(`${r.path}/`);
  });
}

/** What a request needs ({@link ROUTES}); `admin` for paths no row matches. */
export function requirementOf(method: string, path: string): Requirement {
  return ruleFor(method, path)?.need ?? "admin";
}

/** Who is asking. */
export interface Principal {
  /** The signed-in account (session or API key); undefined for anonymous visitors and the bootstrap key. */
  account?: Account;
  /** The role requests are judged by; null when anonymous access is off. */
  role: Role | null;
  /** How the request proved who it is. */
  via: "anonymous" | "session" | "api-key" | "bootstrap-key";
  /** The API key's id (`api-key`), for its rate limit. */
  keyId?: number;
}

const RANK: Record<Role, number> = { reader: 1, user: 2, admin: 3 };

/** Whether `role` is at least `need`. */
export function roleAtLeast(role: Role | null, need: Role): boolean {
  return role !== null && RANK[role] >= RANK[need];
}

/**
 * Judges a request: `allow`; `sign-in` when the visitor is anonymous (a
 * session or key might be allowed: 401, or a redirect to the sign-in page);
 * `forbidden` when they are signed in but their role is too low (403).
 */
export function decide(need: Requirement, who: Principal): "allow" | "sign-in" | "forbidden" {
  if (need === "public") return "allow";
  const signedIn = who.via !== "anonymous";
  if (need === "account") return who.account ? "allow" : signedIn ? "forbidden" : "sign-in";
  if (roleAtLeast(who.role, need)) return "allow";
  return signedIn ? "forbidden" : "sign-in";
}
