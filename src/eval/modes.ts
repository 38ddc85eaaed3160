import { SEARCH_MODES, type SearchMode } from "../retrieve/filter.js";

/** Retrieval modes the harness can evaluate. */
export type EvalMode = Exclude<SearchMode, "auto">;

/** Every evaluable mode, in the order they are reported (its own module, so the CLI can list them without loading the harness). */
export const EVAL_MODES: readonly EvalMode[] = SEARCH_MODES.filter((m): m is EvalMode => m !== "auto");
