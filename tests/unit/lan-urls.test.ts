import assert from "node:assert/strict";
import type { NetworkInterfaceInfo } from "node:os";
import { describe, it } from "node:test";
import jsQRModule from "jsqr";
import QRCode from "qrcode";
import { lanUrls, qrSvg } from "../../src/http/lan-urls.js";

// jsqr is CommonJS: its default export is `module.exports.default` (the function is also module.exports itself).
const jsQR = jsQRModule.default;

const nic = (address: string, family: "IPv4" | "IPv6", internal = false) =>
  ({ address, family, internal, netmask: "", mac: "", cidr: null }) as unknown as NetworkInterfaceInfo;
const INTERFACES = {
  lo: [nic("127.0.0.1", "IPv4", true), nic("::1", "IPv6", true)],
  wlan0: [nic("192.168.1.20", "IPv4"), nic("fe80::1", "IPv6"), nic("2001:db8::20", "IPv6")],
  eth0: [nic("10.0.0.5", "IPv4")],
};

describe("the addresses other devices open", () => {
  it("lists every non-loopback address for a server on all interfaces, and none for loopback", () => {
    assert.deepEqual(lanUrls("0.0.0.0", 8080, INTERFACES), ["http://192.168.1.20:8080/", "http://10.0.0.5:8080/"]);
    assert.deepEqual(lanUrls("::", 8080, INTERFACES), [
      "http://192.168.1.20:8080/",
      "http://10.0.0.5:8080/",
      "http://[2001:db8::20]:8080/",
    ]);
    assert.deepEqual(lanUrls("127.0.0.1", 8080, INTERFACES), []);
    assert.deepEqual(lanUrls("192.168.1.20", 9000, INTERFACES), ["http://192.168.1.20:9000/"]);
  });

  it("draws a QR code, as SVG, that decodes to the address", async () => {
    const url = "http://192.168.1.20:8080/";
    const svg = await qrSvg(url);
    assert.match(svg, /^<svg [^>]*viewBox/);
    assert.doesNotMatch(svg, /<script|href=/);
    // The same symbol's modules, as pixels, read by a well-kept decoder (jsQR).
    const { modules } = QRCode.create(url, { errorCorrectionLevel: "M" });
    const scale = 4;
    const quiet = 4 * scale;
    const side = modules.size * scale + 2 * quiet;
    const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
    for (let y = 0; y < modules.size; y++)
      for (let x = 0; x < modules.size; x++)
        if (modules.get(y, x))
          for (let dy = 0; dy < scale; dy++)
            for (let dx = 0; dx < scale; dx++) {
              const at = ((quiet + y * scale + dy) * side + quiet + x * scale + dx) * 4;
              pixels.set([0, 0, 0, 255], at);
            }
    assert.equal(jsQR(pixels, side, side)?.data, url);
    const dark = [...svg.matchAll(/<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/g)].length;
    assert.ok(dark > 0, "the SVG draws the dark modules");
  });
});
