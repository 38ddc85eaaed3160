/** Text encodings {@link decodeText} can detect. */
export type DetectedEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/**
 * Decodes a text file's bytes, detecting the encoding:
 * a UTF-8 or UTF-16 byte-order mark wins; otherwise strict UTF-8 is tried, and
 * bytes that are not valid UTF-8 are read as Windows-1252 (a superset of
 * ISO-8859-1 for printable text, per the WHATWG Encoding Standard, which maps
 * the `iso-8859-1` label to windows-1252 too). CRLF and lone CR become LF.
 *
 * @returns the decoded text (BOM removed) and the encoding used.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: DetectedEncoding } {
  let encoding: DetectedEncoding;
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = "utf-8";
    body = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = "utf-16le";
    body = bytes.subarray(2);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = "utf-16be";
    body = bytes.subarray(2);
  } else {
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      return { text: normaliseNewlines(text), encoding: "utf-8" };
    } catch {
      encoding = "windows-1252";
    }
  }
  return { text: normaliseNewlines(new TextDecoder(encoding).decode(body)), encoding };
}

/** CRLF and lone CR to LF. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}
