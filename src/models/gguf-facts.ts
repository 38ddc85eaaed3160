// What a GGUF file says about its model, worked out from the header alone: no weights are read and nothing is loaded.

/** A tensor as the GGUF header lists it (node-llama-cpp `GgufTensorInfo`). */
export interface TensorShape {
  name: string;
  dimensions: ReadonlyArray<number | bigint>;
  /** ggml type id (`GgmlType`: 0 F32, 1 F16, 8 Q8_0, 12 Q4_K, …). */
  ggmlType: number;
}

/** Facts about a GGUF model for the model list, `almanac models` and `/v1/models`. */
export interface GgufFacts {
  /** Parameters (weights), counted from the tensor shapes. */
  parameters: number;
  /** The file's quantization: `general.file_type` (e.g. `Q4_K_M`), else the type holding most weights (e.g. `F32`). */
  quantization: string;
  /** Context length the model was trained with, tokens (`<arch>.context_length`), or null when absent. */
  trainContextSize: number | null;
  /** Width of its hidden state (`<arch>.embedding_length`): the embedding dimensions of an embedding model. */
  embeddingSize: number | null;
}

/** Elements in one tensor: the product of its dimensions. */
function elements(t: TensorShape): number {
  return t.dimensions.reduce<number>((n, d) => n * Number(d), 1);
}

/** Parameters in a model: the elements of all its tensors (GGUF spec, "Tensor info"). */
export function parameterCount(tensors: readonly TensorShape[]): number {
  return tensors.reduce((n, t) => n + elements(t), 0);
}

/**
 * The model's quantization. A file that names its type (`general.file_type`,
 * as llama.cpp's quantize tool writes it) gives it without the `MOSTLY_` or
 * `ALL_` prefix; otherwise the ggml type that holds the most weights.
 * @param fileType - the `GgufFileType` name, e.g. `MOSTLY_Q4_K_M`, or undefined.
 * @param typeName - `GgmlType` id to name, e.g. 12 → `Q4_K`.
 * @returns e.g. `Q4_K_M`, `Q8_0`, `F16`; `unknown` for a file with no tensors.
 */
export function quantizationOf(
  fileType: string | undefined,
  tensors: readonly TensorShape[],
  typeName: (ggmlType: number) => string | undefined,
): string {
  if (fileType) return fileType.replace(/^(MOSTLY|ALL)_/, "");
  const weights = new Map<number, number>();
  for (const t of tensors) weights.set(t.ggmlType, (weights.get(t.ggmlType) ?? 0) + elements(t));
  const top = [...weights].sort((a, b) => b[1] - a[1])[0];
  return top ? (typeName(top[0]) ?? `type ${top[0]}`) : "unknown";
}

/** A parameter count as model cards write it: `530`, `71.2K`, `494M`, `1.5B`. */
export function formatParameters(n: number): string {
  for (const [unit, size] of [
    ["B", 1e9],
    ["M", 1e6],
    ["K", 1e3],
  ] as const)
    if (n >= size) {
      const v = n / size;
      return `${v >= 100 ? Math.round(v) : Number(v.toPrecision(3))}${unit}`;
    }
  return String(n);
}

/** A positive integer metadata value, or null. */
export function positiveInt(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

/** Bytes of a GGUF file's fixed header: magic, version (u32), tensor count and metadata count (u64 each). */
export const GGUF_HEADER_BYTES = 24;

/**
 * Checks a GGUF file's fixed header (GGUF spec, "File Structure") before
 * node-llama-cpp parses the rest: its parser reads an unknown version as v3
 * and trusts the counts, and on a few bytes of garbage after the magic it
 * never returns. Each tensor info takes at least 32 bytes and each metadata
 * pair at least 13, so counts the file cannot hold are refused here, and so
 * is a file with no tensors at all.
 * @param head - the file's first {@link GGUF_HEADER_BYTES} bytes (fewer when the file is shorter).
 * @param fileBytes - the file's size.
 * @returns why the file is not a usable GGUF, or null when the header is sound.
 */
export function ggufHeaderProblem(head: Uint8Array, fileBytes: number): string | null {
  if (head.length < GGUF_HEADER_BYTES) return "shorter than a GGUF header";
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (String.fromCharCode(...head.subarray(0, 4)) !== "GGUF") return 'it does not start with "GGUF"';
  const version = view.getUint32(4, true);
  if (version !== 2 && version !== 3) return `GGUF version ${version} (llama.cpp reads versions 2 and 3)`;
  const tensors = view.getBigUint64(8, true);
  const pairs = view.getBigUint64(16, true);
  // A header alone parses cleanly, so without this it would be listed and offered as a model with nothing to run.
  if (tensors === 0n) return "it holds no tensors (no weights)";
  if (tensors * 32n > BigInt(fileBytes)) return `${tensors} tensors cannot fit in ${fileBytes} bytes`;
  if (pairs * 13n > BigInt(fileBytes)) return `${pairs} metadata entries cannot fit in ${fileBytes} bytes`;
  return null;
}
