import type { SearchMode } from "../retrieve/search.js";

/** Retrieval modes the harness can evaluate. */
export type EvalMode = Exclude<SearchMode, "auto">;

/** Every evaluable mode, in the order they are reported (its own module, so the CLI can list them without loading the harness). */
export const EVAL_MODES: readonly EvalMode[] = ["bm25", "vector", "hybrid", "rerank"];
