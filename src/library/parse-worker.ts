/**
 * Entry point of a parse worker thread (run by {@link ParsePool}): one
 * {@link FileTask} in, one {@link FileOutcome} out.
 */
import { type FileOutcome, type FileTask, readBookFile } from "./pipeline.js";

export default function parseInWorker(task: FileTask): Promise<FileOutcome> {
  return readBookFile(task);
}
