import { isIP } from "node:net";
import { hostname as machineName } from "node:os";
import type { MiddlewareHandler } from "hono";
import type { Config } from "../config.js";

/** Suffixes under which a home network's DNS or mDNS serves this machine's name: `almanac.local`, `almanac.lan`, `almanac.home.arpa`. */
const LOCAL_SUFFIXES = ["", ".local", ".lan", ".home.arpa"];

/** Addresses that mean "every interface": a listen address, never a name a browser sends. */
const WILDCARDS = new Set(["0.0.0.0", "::", "[::]", ""]);

/**
 * The host names a request may name, besides IP literals and `localhost`:
 * the machine's name (`os.hostname()`, and its first label when it is a
 * full name) bare and with `.local`, `.lan` and `.home.arpa`; the `host`
 * setting unless it is a wildcard; and each `allowedHosts` entry. All in
 * lower case, without a trailing dot.
 * @param config - the `host` and `allowedHosts` settings.
 * @param machine - the machine's name; `os.hostname()` by default.
 */
export function allowedHostNames(config: Pick<Config, "host" | "allowedHosts">, machine = machineName()): Set<string> {
  const names = new Set<string>();
  const bare = (n: string) => n.trim().toLowerCase().replace(/\.$/, "");
  const self = bare(machine);
  for (const base of new Set([self, self.split(".")[0] ?? ""]))
    if (base) for (const suffix of LOCAL_SUFFIXES) names.add(base + suffix);
  if (!WILDCARDS.has(bare(config.host))) names.add(bare(config.host));
  for (const entry of config.allowedHosts) names.add(bare(entry));
  return names;
}

/**
 * The host name of a `Host` header (`name`, `name:port`, `1.2.3.4:port`,
 * `[::1]:port`), in lower case without a trailing dot, or null when the
 * header is not a host and an optional port.
 */
export function hostOfHeader(header: string): string | null {
  const h = header.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[^[\]:/@\s]+)(?::\d{1,5})?$/.exec(h);
  if (!m?.[1]) return null;
  return m[1].replace(/\.$/, "");
}

/**
 * Whether a host name from a request is one this server answers to: any IP
 * literal (v4, or v6 in brackets; a literal cannot be re-pointed by DNS),
 * `localhost` and `*.localhost` (RFC 6761: always loopback), a name in
 * `allowed`, or a subdomain of an entry written `*.example.lan`. An entry
 * `*` allows every name.
 */
export function hostAllowed(host: string, allowed: ReadonlySet<string>): boolean {
  if (allowed.has("*")) return true;
  if (host.startsWith("[") && host.endsWith("]")) return isIP(host.slice(1, -1)) === 6;
  if (isIP(host) === 4) return true;
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (allowed.has(host)) return true;
  for (let dot = host.indexOf("."); dot > 0; dot = host.indexOf(".", dot + 1))
    if (allowed.has(`*${host.slice(dot)}`)) return true;
  return false;
}

/**
 * Refuses requests whose `Host` names this server by a name it does not
 * know, with 421 Misdirected Request and a short text. This closes DNS
 * rebinding: a web page on `evil.example` that re-points its own name at
 * this box's address reaches it with `Host: evil.example`, and would
 * otherwise act with the visitor's role, `admin` on a box whose
 * `anonymousRole` is `admin`. Without a `Host` header the request URL's host
 * is checked. The allowed names are worked out once ({@link allowedHostNames}).
 * @param config - the `host` and `allowedHosts` settings.
 * @param machine - the machine's name; `os.hostname()` by default.
 */
export function hostCheck(config: Pick<Config, "host" | "allowedHosts">, machine?: string): MiddlewareHandler {
  const allowed = allowedHostNames(config, machine);
  return async (c, next) => {
    const header = c.req.header("host") ?? new URL(c.req.url).host;
    const host = hostOfHeader(header);
    if (host !== null && hostAllowed(host, allowed)) return next();
    return c.text(
      `Misdirected Request: this Almanac does not answer to the host name ${JSON.stringify(host ?? header)}. ` +
        "If it is one of this machine's names, add it to the allowedHosts setting (ALMANAC_ALLOWED_HOSTS).\n",
      421,
    );
  };
}
