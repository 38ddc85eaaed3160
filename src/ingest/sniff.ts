import { NotTextError } from "./limits.js";

/** Bytes sampled from the start of a file to decide whether it is text. */
const SAMPLE_BYTES = 64 * 1024;

function isControl(b: number): boolean {
  // Tab, LF, VT, FF, CR and ESC (ANSI art in old .txt files) are text; other C0 controls and DEL are not.
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f;
}

/**
 * Refuses bytes that are not text, before they are decoded and indexed as junk:
 * a NUL byte, more than 1% C0 control characters, or (when the sample is not
 * valid UTF-8) more than 10% bytes in 0x80–0x9F, which Windows-1252 text rarely
 * uses but random or compressed data does. UTF-16 with a byte-order mark is text.
 * Only the first 64 KB is sampled, so the check is O(1) in the file size.
 *
 * @throws NotTextError naming what was found.
 */
export function assertText(bytes: Uint8Array): void {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return;
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  let controls = 0;
  let high = 0;
  for (const b of sample) {
    if (b === 0) throw new NotTextError("contains NUL bytes");
    if (isControl(b)) controls++;
    else if (b >= 0x80 && b <= 0x9f) high++;
  }
  if (controls > sample.length / 100) throw new NotTextError("contains binary control bytes");
  if (high > sample.length / 10) {
    // A sample cut mid-character is still valid UTF-8 up to its last character: decoding it as a stream
    // leaves an unfinished one pending instead of failing. (Cutting a fixed 4 bytes off was not enough:
    // that cut falls inside a character too, and Thai, Chinese or Hindi text over 64 KB was refused.)
    const valid = new TextDecoder("utf-8", { fatal: true });
    try {
      valid.decode(sample, { stream: true });
    } catch {
      throw new NotTextError("mostly invalid UTF-8");
    }
  }
}
