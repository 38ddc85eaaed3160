import { type NetworkInterfaceInfo, networkInterfaces } from "node:os";
import QRCode from "qrcode";

/**
 * The addresses other devices on the network open Almanac at: for a server
 * listening on every interface (`0.0.0.0`, `::`), one URL per IPv4 address of
 * each interface that is up and not loopback (and, for `::`, each global IPv6
 * one); for one address, that address unless it is loopback. Empty when
 * nothing but this machine can reach it.
 * @param host - the listen address (`config.host`).
 * @param port - the port the server listens on.
 * @param interfaces - `os.networkInterfaces()`, for tests.
 * @returns `http://address:port/` URLs, IPv4 first, in interface order.
 */
export function lanUrls(
  host: string,
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string[] {
  const url = (address: string, family: string) =>
    family === "IPv6" ? `http://[${address}]:${port}/` : `http://${address}:${port}/`;
  if (host !== "0.0.0.0" && host !== "::") {
    const loopback = host === "localhost" || host.startsWith("127.") || host === "::1";
    return loopback ? [] : [url(host, host.includes(":") ? "IPv6" : "IPv4")];
  }
  const all = Object.values(interfaces)
    .flat()
    .filter((i): i is NetworkInterfaceInfo => i !== undefined && !i.internal);
  const v4 = all.filter((i) => i.family === "IPv4").map((i) => url(i.address, "IPv4"));
  // Link-local IPv6 (fe80::) needs a zone that a typed URL cannot carry.
  const v6 =
    host === "::"
      ? all.filter((i) => i.family === "IPv6" && !i.address.startsWith("fe80")).map((i) => url(i.address, "IPv6"))
      : [];
  return [...new Set([...v4, ...v6])];
}

const codes = new Map<string, string>();

/**
 * A QR code of `text` as SVG markup, drawn on the server (npm `qrcode`, MIT;
 * ISO/IEC 18004, error correction M), so nothing is fetched. Cached by text.
 */
export async function qrSvg(text: string): Promise<string> {
  let svg = codes.get(text);
  if (!svg) {
    svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    codes.set(text, svg);
  }
  return svg;
}

/** A LAN address with its QR code (SVG markup), as the status and welcome pages show it. */
export interface LanAddress {
  url: string;
  /** Empty for all but the first address: one code is enough to scan. */
  qrSvg: string;
}

/**
 * The LAN addresses of a server that a request reached: the request's port
 * is the one it listens on (`configPort` may be 0, any free port), and the
 * first address gets a QR code.
 * @param requestUrl - the request's URL.
 * @param host - the `host` setting.
 * @param configPort - the `port` setting, used when the URL has no port.
 */
export async function requestLanAddresses(requestUrl: string, host: string, configPort: number): Promise<LanAddress[]> {
  const port = Number(new URL(requestUrl).port) || configPort;
  const urls = lanUrls(host, port);
  return Promise.all(urls.map(async (url, i) => ({ url, qrSvg: i === 0 ? await qrSvg(url) : "" })));
}
