import type { ModelRole } from "./registry.js";

/** A good small model for one role that `almanac models pull <name>` knows by name. */
export interface ModelPreset {
  name: string;
  role: ModelRole;
  /** Where it is pulled from: `hf:<user>/<repo>/<file>.gguf`. */
  uri: string;
  /** Size of the file, bytes (approximate: the publisher's listing, in decimal megabytes, rounded). */
  fileBytes: number;
  /** Memory it needs loaded with the context Almanac gives its role, bytes (approximate). */
  ramBytes: number;
  /** SHA-256 of the file when pinned; otherwise Hugging Face's `X-Linked-Etag` is checked. */
  sha256?: string;
  why: string;
}

const MB = 1_000_000;
const MiB = 1024 * 1024;

/**
 * The presets. Sizes are rounded from the publishers' Hugging Face listings;
 * none could be downloaded from the development machine, so no SHA-256 is
 * pinned: a pull checks the one Hugging Face sends for its LFS files instead.
 */
export const MODEL_PRESETS: readonly ModelPreset[] = [
  {
    name: "bge-small-en-v1.5",
    role: "embedding",
    uri: "hf:CompendiumLabs/bge-small-en-v1.5-gguf/bge-small-en-v1.5-q8_0.gguf",
    fileBytes: 37 * MB,
    ramBytes: 128 * MiB,
    why: "384-d English embeddings, Q8_0; strong on BEIR for its size and fast on a Pi",
  },
  {
    name: "qwen2.5-0.5b-instruct",
    role: "chat",
    uri: "hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf",
    fileBytes: 491 * MB,
    ramBytes: 900 * MiB,
    why: "the smallest chat model that follows the citation prompt; a Pi 4 with 4 GB",
  },
  {
    name: "qwen2.5-1.5b-instruct",
    role: "chat",
    uri: "hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf",
    fileBytes: 1_120 * MB,
    ramBytes: 1_700 * MiB,
    why: "better answers at Q4_K_M; a Pi 5 with 8 GB or any laptop",
  },
  {
    name: "bge-reranker-v2-m3",
    role: "reranker",
    uri: "hf:gpustack/bge-reranker-v2-m3-GGUF/bge-reranker-v2-m3-Q4_K_M.gguf",
    fileBytes: 440 * MB,
    ramBytes: 700 * MiB,
    why: "a multilingual cross-encoder; worth it on a desktop, slow on a Pi",
  },
];
