import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { Config } from "../config.js";

/**
 * `almanac backup <file>` and `almanac restore <file>` (see `library/backup.ts`).
 * A backup is safe while the server runs; a restore needs the server stopped,
 * and refuses while another process holds the data folder.
 */
export function registerBackupCommands(program: Command, configOf: () => Config): void {
  program
    .command("backup <file>")
    .description("write a consistent backup of the index and state (tar; .tar.gz compresses), safe while serving")
    .action(async (file: string) => {
      const config = configOf();
      const [{ writeBackup }, { formatBytes }] = await Promise.all([
        import("../library/backup.js"),
        import("../ingest/limits.js"),
      ]);
      const s = await writeBackup(config.dataDir, resolve(file));
      process.stdout.write(
        `backed up ${s.documents} documents and the index (version ${s.version ?? "none"}) to ${s.file}, ${formatBytes(s.bytes)}\n`,
      );
    });
  program
    .command("restore <file>")
    .description("restore a backup into the data folder (the folder there is kept beside it); stop the server first")
    .action(async (file: string) => {
      const config = configOf();
      const [{ restoreBackup }, { acquireWriterLock }] = await Promise.all([
        import("../library/backup.js"),
        import("../state/writer-lock.js"),
      ]);
      if (existsSync(config.dataDir)) {
        // Taking the writer lock proves no server or indexer is using the folder.
        const lock = await acquireWriterLock(config.dataDir, "restore", () => {});
        await lock.release();
      }
      const s = await restoreBackup(resolve(file), config.dataDir);
      process.stdout.write(
        `restored ${s.documents} documents and ${s.chunks} chunks into ${config.dataDir}` +
          (s.requeued ? `; ${s.requeued} documents changed during the backup and will be indexed again` : "") +
          (s.orphanChunks ? `; ${s.orphanChunks} chunks of unknown documents dropped` : "") +
          (s.previous ? `\nthe data folder that was there is kept at ${s.previous}` : "") +
          "\n",
      );
    });
}
