import { open, readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { ModelFileError } from "../errors.js";
import {
  GGUF_HEADER_BYTES,
  type GgufFacts,
  ggufHeaderProblem,
  parameterCount,
  positiveInt,
  quantizationOf,
} from "./gguf-facts.js";

/** What a GGUF model is used for. */
export type ModelRole = "embedding" | "chat" | "reranker";

/** A model file found in the models folder, with what its GGUF header says ({@link GgufFacts}). */
export interface ModelEntry extends GgufFacts {
  /** Id used in `/v1/models` and the API: the file name without `.gguf`. */
  id: string;
  path: string;
  role: ModelRole;
  architecture: string;
  name: string;
  /** Size of the file, bytes. */
  fileBytes: number;
  /** For a generator on another machine: its origin (`http://host:port`); `path` is then its API URL, not a file. */
  remote?: string;
}

/** Encoder architectures llama.cpp runs as embedding models (llama.cpp `src/llama-arch.cpp`). */
const ENCODERS = new Set([
  "bert",
  "nomic-bert",
  "nomic-bert-moe",
  "jina-bert-v2",
  "jina-bert-v3",
  "modern-bert",
  "neo-bert",
  "t5encoder",
]);

/**
 * Infers a model's role from GGUF metadata: an encoder architecture with
 * `pooling_type` 4 (rank) or a classification head (`cls.*` tensors) is a
 * reranker — the same test node-llama-cpp uses to enable ranking — any other
 * encoder, or a model with a pooling type, is an embedding model; everything
 * else is a chat model. A name containing "rerank"/"embed" breaks ties.
 */
export function inferRole(
  architecture: string,
  name: string,
  poolingType: number | undefined,
  tensorNames: string[],
): ModelRole {
  const n = name.toLowerCase();
  const hasClsHead = tensorNames.some((t) => t === "cls.weight" || t === "cls.output.weight");
  if (poolingType === 4 || hasClsHead || n.includes("rerank")) return "reranker";
  if (ENCODERS.has(architecture) || (poolingType !== undefined && poolingType > 0) || n.includes("embed"))
    return "embedding";
  return "chat";
}

/** The files pinned to a role in the configuration (`embeddingModel`, `chatModel`, `rerankerModel`). */
export function pinnedModels(config: {
  embeddingModel?: string | undefined;
  chatModel?: string | undefined;
  rerankerModel?: string | undefined;
}): Partial<Record<ModelRole, string>> {
  const pinned: Partial<Record<ModelRole, string>> = {};
  if (config.embeddingModel) pinned.embedding = config.embeddingModel;
  if (config.chatModel) pinned.chat = config.chatModel;
  if (config.rerankerModel) pinned.reranker = config.rerankerModel;
  return pinned;
}

/** The model a user named: a file name in the models folder, with or without `.gguf` (never a path). */
export function findModel<T extends { id: string }>(models: readonly T[], file: string): T | undefined {
  const id = file.replace(/\.gguf$/i, "");
  return models.find((m) => m.id === id);
}

/**
 * A safe file name for the models folder: a plain `*.gguf` name (letters,
 * digits, `_ . + -`), no folder, no leading dot, nothing percent-encoded left.
 * @param what - how the name is described in the error.
 * @throws ModelFileError (`source`) otherwise.
 */
export function ggufFileName(raw: string, what: string): string {
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    name = raw;
  }
  if (!/^[\w.+-]+\.gguf$/i.test(name) || name.startsWith("."))
    throw new ModelFileError(`${what} does not name a .gguf file`, "source");
  return name;
}

/**
 * Lists `*.gguf` files in `dir` with their roles. Unreadable files are skipped
 * and reported through `onError`, so one bad download never hides the others.
 * `pinned` maps a role to a file name and overrides inference for that file.
 */
export async function scanModels(
  dir: string,
  pinned: Partial<Record<ModelRole, string>> = {},
  onError: (file: string, err: Error) => void = () => {},
): Promise<ModelEntry[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith(".gguf")).sort();
  } catch {
    return [];
  }
  const out: ModelEntry[] = [];
  for (const file of files) {
    const pinnedRole = (Object.entries(pinned) as Array<[ModelRole, string]>).find(([, f]) => f === file)?.[0];
    try {
      out.push(await readModelEntry(join(dir, file), pinnedRole));
    } catch (err) {
      onError(file, err as Error);
    }
  }
  return out;
}

/**
 * Reads one GGUF file's header (GGUF spec: magic, version, metadata, tensor
 * infos; no weights) into a {@link ModelEntry}. node-llama-cpp loads only
 * when called, so a models folder with no GGUF never loads its native bindings.
 * @param pinnedRole - the role the configuration gives this file, over the inferred one.
 * @throws Error naming the problem when the fixed header is not sound ({@link ggufHeaderProblem}), or from
 * node-llama-cpp's `readGgufFileInfo` when the rest of the header cannot be read.
 */
export async function readModelEntry(path: string, pinnedRole?: ModelRole): Promise<ModelEntry> {
  const { readGgufFileInfo, GgmlType, GgufFileType } = await import("node-llama-cpp");
  const file = basename(path);
  const fd = await open(path, "r");
  try {
    const head = Buffer.alloc(GGUF_HEADER_BYTES);
    const { bytesRead } = await fd.read(head, 0, GGUF_HEADER_BYTES, 0);
    const problem = ggufHeaderProblem(head.subarray(0, bytesRead), (await fd.stat()).size);
    if (problem) throw new Error(problem);
  } finally {
    await fd.close();
  }
  const info = await readGgufFileInfo(path, { sourceType: "filesystem", logWarnings: false });
  const meta = info.metadata as unknown as Record<string, Record<string, unknown> | undefined>;
  const architecture = String(meta.general?.architecture ?? "unknown");
  const name = String(meta.general?.name ?? file);
  const archMeta = meta[architecture] as Record<string, unknown> | undefined;
  const pooling = typeof archMeta?.pooling_type === "number" ? archMeta.pooling_type : undefined;
  const shapes = info.fullTensorInfo ?? info.tensorInfo ?? [];
  const fileType = meta.general?.file_type;
  return {
    id: file.replace(/\.gguf$/i, ""),
    path,
    role:
      pinnedRole ??
      inferRole(
        architecture,
        `${name} ${file}`,
        pooling,
        shapes.map((t) => t.name),
      ),
    architecture,
    name,
    fileBytes: (await stat(path)).size,
    parameters: parameterCount(shapes),
    quantization: quantizationOf(
      typeof fileType === "number" ? GgufFileType[fileType] : undefined,
      shapes,
      (t) => GgmlType[t],
    ),
    trainContextSize: positiveInt(archMeta?.context_length),
    embeddingSize: positiveInt(archMeta?.embedding_length),
  };
}
