/**
 * Entry point of a parse worker thread (run by {@link ParsePool}): one
 * {@link FileTask} in, one {@link FileOutcome} out; or one ZIM batch.
 */
import { type FileOutcome, type FileTask, readBookFile } from "./pipeline.js";
import { readZimBatch, type ZimBatchOutcome, type ZimBatchTask } from "./zim-batch.js";

export default function parseInWorker(task: FileTask): Promise<FileOutcome> {
  return readBookFile(task);
}

/** One batch of a ZIM archive ({@link readZimBatch}). */
export function zimBatch(task: ZimBatchTask): Promise<ZimBatchOutcome> {
  return readZimBatch(task);
}
