import { ModelChoiceError } from "../errors.js";
import type { GenerationStats } from "./chat-model.js";
import { findModel, type ModelEntry, type ModelRole, pinnedModels, scanModels } from "./registry.js";
import type { RuntimeConfig } from "./runtime-config.js";

// The runtime's list of models: what the folder holds, which are loaded, and which file a user chose.

/** A model of the folder (or the remote generator) with its load state, as status lists it. */
export type LoadedEntry = ModelEntry & { loaded: boolean; error?: string };

/** A listed model; the chat model also has its recent {@link GenerationStats}. */
export type ListedModel = LoadedEntry & { generation?: GenerationStats };

/** How an error names the kind of model a role needs. */
const ROLE_NOUNS: Record<ModelRole, string> = {
  chat: "a chat model",
  embedding: "an embedding model",
  reranker: "a reranker",
};

/**
 * The file a user chose for `role`, found in the models folder scanned now
 * (so a file copied in since start-up counts), with the whole scan.
 * @param file - a file name in the models folder, with or without `.gguf`.
 * @throws ModelChoiceError (404) for a file that is not there, (400) for a model of another role.
 */
export async function chooseModel(
  config: Pick<RuntimeConfig, "modelsDir" | "embeddingModel" | "chatModel" | "rerankerModel">,
  file: string,
  role: ModelRole,
): Promise<{ found: ModelEntry[]; entry: ModelEntry }> {
  const found = await scanModels(config.modelsDir, pinnedModels(config));
  const entry = findModel(found, file);
  if (!entry) throw new ModelChoiceError(`no model "${file}" in the models folder`, 404);
  if (entry.role !== role)
    throw new ModelChoiceError(`${entry.id}.gguf is the ${entry.role} kind of model, not ${ROLE_NOUNS[role]}`, 400);
  return { found, entry };
}

/**
 * The list after a new scan of the folder: each file keeps its load state and
 * error, the remote generator stays listed while it answers chat
 * (`chatPath` is the chat model's path now), and after a chat switch
 * (`switchedTo`, the new chat model's path) that file is the loaded chat model.
 */
export function followFolder(
  entries: readonly LoadedEntry[],
  found: readonly ModelEntry[],
  chatPath: string | undefined,
  switchedTo?: string,
): LoadedEntry[] {
  const state = new Map(entries.map((e) => [e.path, e]));
  const remote = entries.filter((e) => e.remote && chatPath === e.path);
  return [
    ...remote,
    ...found.map((e) => {
      const was = state.get(e.path);
      const switched = switchedTo !== undefined && e.role === "chat";
      const loaded = switched ? e.path === switchedTo : (was?.loaded ?? false);
      return { ...e, loaded, ...(was?.error && !switched ? { error: was.error } : {}) };
    }),
  ];
}

/** Marks the models of `role` loaded: the one at `path`, or none when `path` is null. Changes `entries` in place. */
export function markLoaded(entries: readonly LoadedEntry[], role: ModelRole, path: string | null): void {
  for (const e of entries) if (e.role === role) e.loaded = e.path === path;
}
