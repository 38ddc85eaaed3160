/**
 * Preloaded with `--import` into every process and worker of the fault suite:
 * any socket, TLS or DNS attempt to a host that is not loopback is recorded in
 * `$ALMANAC_OFFLINE_LOG` and fails. The suite asserts the log stays empty.
 */

import dns from "node:dns";
import { appendFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import tls from "node:tls";

const logFile = process.env.ALMANAC_OFFLINE_LOG;
const isLoopback = (host: string) =>
  host === "" || host === "localhost" || host === "::1" || /^127\./.test(host) || host === "::ffff:127.0.0.1";
function refuse(what: string): Error {
  if (logFile) appendFileSync(logFile, `${what}\n`);
  return new Error(`offline guard: ${what}`);
}

type Connect = (...args: unknown[]) => net.Socket;
const connect = net.Socket.prototype.connect as unknown as Connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  // net.connect() passes its normalised arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  let host = "";
  if (typeof first === "object" && first !== null) {
    const o = first as { host?: string; path?: string };
    host = o.path ? "" : (o.host ?? "localhost");
  } else if (typeof first === "number") host = typeof args[1] === "string" ? args[1] : "localhost";
  if (!isLoopback(host)) throw refuse(`connect ${host}`);
  return connect.apply(this, args);
} as unknown as typeof net.Socket.prototype.connect;

const tlsConnect = tls.connect as unknown as (...args: unknown[]) => tls.TLSSocket;
(tls as { connect: unknown }).connect = (...args: unknown[]) => {
  const o = args[0] as { host?: string } | number;
  const host = typeof o === "object" ? (o.host ?? "localhost") : "localhost";
  if (!isLoopback(host)) throw refuse(`tls ${host}`);
  return tlsConnect(...args);
};

const lookup = dns.lookup as unknown as (...args: unknown[]) => void;
(dns as { lookup: unknown }).lookup = (host: string, ...rest: unknown[]) => {
  if (!isLoopback(host)) {
    const cb = rest.at(-1) as (err: Error) => void;
    const err = refuse(`dns ${host}`);
    process.nextTick(() => cb(err));
    return;
  }
  lookup(host, ...rest);
};
for (const name of ["resolve", "resolve4", "resolve6", "resolveAny"] as const) {
  (dns as unknown as Record<string, unknown>)[name] = (host: string, ...rest: unknown[]) => {
    const cb = rest.at(-1) as (err: Error) => void;
    const err = refuse(`dns ${host}`);
    process.nextTick(() => cb(err));
  };
}
(dns.promises as { lookup: unknown }).lookup = async (host: string) => {
  if (!isLoopback(host)) throw refuse(`dns ${host}`);
  return { address: "127.0.0.1", family: 4 };
};
syncBuiltinESMExports();
