import { existsSync } from "node:fs";
import { cp, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import * as tar from "tar";
import { STATE_FILE } from "../state/db.js";
import { backupStateFile, RestoredState } from "../state/state-file.js";
import { ACTIVE_TABLE_KEY, CHUNKS_TABLE, LANCE_DIR } from "../store/chunk-store.js";
import { flushToDisk, makeStage, removeStaleStages } from "./stage.js";

/** Names a backup's stage folder in the archive's folder: `.almanac-backup-<pid>-XXXXXX`. */
const BACKUP_STAGE = ".almanac-backup-";

/** What a backup holds. */
export interface BackupSummary {
  /** The archive written, absolute. */
  file: string;
  /** Documents in the state database. */
  documents: number;
  /** The LanceDB table version copied (the newest when the backup started), or null for a data folder with no index yet. */
  version: number | null;
  /** Bytes of the archive. */
  bytes: number;
}

/** Thrown when a backup or restore cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

/**
 * The newest manifest of a LanceDB table. Lance names manifests so that the
 * newest sorts first (`u64::MAX − version` in the V2 scheme) or by version
 * (V1); both are handled by reading the number.
 * Source: Lance format, "Manifest naming schemes".
 */
async function newestManifest(versionsDir: string): Promise<{ file: string; version: number } | null> {
  const names = (await readdir(versionsDir).catch(() => [] as string[])).filter((n) => n.endsWith(".manifest"));
  let best: { file: string; version: number } | null = null;
  for (const name of names) {
    const n = BigInt(name.slice(0, -".manifest".length));
    const version = n > 2n ** 63n ? Number(2n ** 64n - 1n - n) : Number(n);
    if (!best || version > best.version) best = { file: name, version };
  }
  return best;
}

/**
 * Writes a consistent backup of a data folder to `file` (a tar archive; gzip
 * when the name ends in `.gz`), safe while the server runs and indexes:
 * 1. the SQLite state through SQLite's online backup API (a consistent copy
 *    taken between transactions);
 * 2. the chunks table at its newest version: that version's manifest only,
 *    with the data, deletion and index files, which Lance never changes once
 *    written (files a later version adds come along unused).
 * A document indexed between the two steps may miss chunks or have extra
 * ones in the copy; {@link restoreBackup} finds and re-queues those.
 *
 * The write is atomic: everything is built in a stage folder beside `file`
 * (`.almanac-backup-<pid>-XXXXXX`), the archive written to
 * `<stage>/archive.partial`, flushed to disk, then renamed over `file`. A
 * killed backup leaves the previous archive of that name, or none, never a
 * truncated one. The stage is removed when the backup fails, and stages of
 * killed backups are removed by the next backup into that folder.
 *
 * @throws BackupError when the data folder has no state database; the file
 *   system's error when `file`'s folder is missing or not writable.
 */
export async function writeBackup(dataDir: string, file: string): Promise<BackupSummary> {
  const state = join(dataDir, STATE_FILE);
  if (!existsSync(state)) throw new BackupError(`${dataDir} holds no Almanac data (no ${STATE_FILE})`);
  const target = dirname(file);
  await removeStaleStages(target, BACKUP_STAGE);
  const stage = await makeStage(target, BACKUP_STAGE);
  try {
    // The copy and the archive side by side: the archive must not list itself.
    const copy = join(stage, "copy");
    await mkdir(copy);
    const { documents, meta } = await backupStateFile(state, join(copy, STATE_FILE), ACTIVE_TABLE_KEY);
    const name = meta ?? CHUNKS_TABLE;
    const table = join(dataDir, LANCE_DIR, `${name}.lance`);
    const newest = await newestManifest(join(table, "_versions"));
    if (newest) {
      const to = join(copy, LANCE_DIR, `${name}.lance`);
      await mkdir(join(to, "_versions"), { recursive: true });
      for (const dir of ["data", "_indices", "_deletions"])
        if (existsSync(join(table, dir))) await cp(join(table, dir), join(to, dir), { recursive: true });
      await cp(join(table, "_versions", newest.file), join(to, "_versions", newest.file));
    }
    const partial = join(stage, "archive.partial");
    await tar.c({ file: partial, cwd: copy, gzip: file.endsWith(".gz"), portable: true }, await readdir(copy));
    await flushToDisk(partial, "file");
    const { size } = await stat(partial);
    await rename(partial, file);
    await flushToDisk(target, "folder");
    return { file, documents, version: newest?.version ?? null, bytes: size };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** What a restore did. */
export interface RestoreSummary {
  documents: number;
  chunks: number;
  /** Documents whose chunks in the copy did not match their state row: queued to index again. */
  requeued: number;
  /** Chunks of documents the state database does not know, deleted. */
  orphanChunks: number;
  /** Where the data folder that was there before now is, or null when there was none. */
  previous: string | null;
}

/**
 * Restores a backup made by {@link writeBackup} into `dataDir`: unpacked
 * beside it, checked (the state database opens, the chunks table opens),
 * made consistent (a document whose chunk count in the copy differs from its
 * state row is set back to `pending`, chunks with no document are deleted),
 * then moved into place. A data folder already there is kept, renamed to
 * `<dataDir>.before-restore-<time>`. Run it with the server stopped.
 *
 * The unpacking happens in a stage folder beside `dataDir`
 * (`.<name>-restore-<pid>-XXXXXX`), so a killed restore never leaves a half
 * data folder: it leaves the old one in place, or (killed between the two
 * renames) the old one at its `.before-restore-` name and none at `dataDir`.
 * The next restore removes stages of killed restores.
 *
 * @throws BackupError when the archive is not an Almanac backup.
 */
export async function restoreBackup(file: string, dataDir: string): Promise<RestoreSummary> {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`);
  const parent = dirname(dataDir);
  await mkdir(parent, { recursive: true });
  const prefix = `.${basename(dataDir)}-restore-`;
  await removeStaleStages(parent, prefix);
  const stage = await makeStage(parent, prefix);
  try {
    await tar.x({ file, cwd: stage, strict: true, preservePaths: false }).catch((err: Error) => {
      throw new BackupError(`${file} is not an Almanac backup (${err.message})`);
    });
    if (!existsSync(join(stage, STATE_FILE)))
      throw new BackupError(`${file} is not an Almanac backup (no ${STATE_FILE})`);
    const summary = await reconcileCopy(stage);
    let previous: string | null = null;
    if (existsSync(dataDir)) {
      previous = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      await rename(dataDir, previous);
    }
    await rename(stage, dataDir);
    return { ...summary, previous };
  } catch (err) {
    await rm(stage, { recursive: true, force: true });
    throw err;
  }
}

/** Makes the restored state and chunks agree (see {@link restoreBackup}). */
async function reconcileCopy(dir: string): Promise<Omit<RestoreSummary, "previous">> {
  const state = new RestoredState(join(dir, STATE_FILE));
  try {
    const rows = state.documents();
    // The chunks table the state names (an embedding switch moves to a new one), else `chunks`.
    const name = state.meta(ACTIVE_TABLE_KEY) ?? CHUNKS_TABLE;
    const known = new Set(rows.map((r) => r.id));
    const { counts, chunks, orphanChunks } = existsSync(join(dir, LANCE_DIR, `${name}.lance`))
      ? await countRestoredChunks(join(dir, LANCE_DIR), name, known)
      : { counts: new Map<string, number>(), chunks: 0, orphanChunks: 0 };
    const requeued = state.requeueMismatched(rows, counts);
    return { documents: rows.length, chunks, requeued, orphanChunks };
  } finally {
    state.close();
  }
}

/**
 * Counts the restored chunks per document (a ZIM article's toward its
 * archive, `<archive>.<entry>`) and deletes those of documents not in `known`.
 * @returns the counts of known documents, the chunks left, and the orphans deleted.
 */
async function countRestoredChunks(
  lanceDir: string,
  name: string,
  known: ReadonlySet<string>,
): Promise<{ counts: Map<string, number>; chunks: number; orphanChunks: number }> {
  const counts = new Map<string, number>();
  let orphanChunks = 0;
  const lancedb = await import("@lancedb/lancedb");
  const conn = await lancedb.connect(lanceDir);
  const table = await conn.openTable(name);
  try {
    for (const r of (await table.query().select(["doc_id"]).toArray()) as Array<{ doc_id: string }>) {
      const id = r.doc_id.split(".")[0] as string;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const orphans = [...counts.keys()].filter((id) => !known.has(id));
    for (const id of orphans) {
      orphanChunks += counts.get(id) ?? 0;
      const q = id.replace(/'/g, "''");
      await table.delete(`doc_id = '${q}' OR starts_with(doc_id, '${q}.')`);
      counts.delete(id);
    }
    return { counts, chunks: await table.countRows(), orphanChunks };
  } finally {
    table.close();
    conn.close();
  }
}
