import type { Command } from "commander";
import type { Config } from "../config.js";
import { formatBytes } from "../ingest/limits.js";

/**
 * `almanac models presets` and `almanac models pull <preset | hf:… | URL>`:
 * downloads a GGUF into the models folder with a progress bar and ETA,
 * resumes a cut download, and checks its SHA-256 and header. Refused while
 * offline mode is on (the default), before anything is contacted.
 */
export function registerPullCommands(models: Command, config: () => Config): void {
  const services = () => import("../app/model-services.js");

  models
    .command("presets")
    .description("good small models for each role that `models pull` knows by name")
    .action(async () => {
      const { MODEL_PRESETS } = await services();
      for (const p of MODEL_PRESETS)
        process.stdout.write(
          `${p.name.padEnd(24)} ${p.role.padEnd(9)} ≈${formatBytes(p.fileBytes).padEnd(9)} needs ≈${formatBytes(p.ramBytes)} RAM  ${p.why}\n`,
        );
    });

  models
    .command("pull <source>")
    .description("download a model: a preset name, hf:<user>/<repo>/<file>.gguf or an https URL (online only)")
    .option("--sha256 <hex>", "the SHA-256 the file must have")
    .action(async (source: string, opts: { sha256?: string }) => {
      const [{ pullModelFile }, { ModelFileError }, { SingleBar }] = await Promise.all([
        services(),
        import("../errors.js"),
        import("cli-progress"),
      ]);
      const bar = new SingleBar({
        format: "pulling [{bar}] {percentage}% {got}/{size} | {speed}/s | {eta_text} left",
        hideCursor: true,
        stream: process.stderr,
        // Under systemd or a pipe, a line every 5 s instead of nothing.
        noTTYOutput: true,
        notTTYSchedule: 5000,
      });
      let started = false;
      const abort = new AbortController();
      const stop = () => abort.abort(new Error("interrupted"));
      process.once("SIGINT", stop);
      try {
        const result = await pullModelFile(config(), source, {
          sha256: opts.sha256,
          signal: abort.signal,
          onProgress: (p) => {
            const payload = {
              got: formatBytes(p.downloadedBytes),
              size: formatBytes(p.totalBytes),
              speed: formatBytes(p.bytesPerS),
              eta_text: Number.isFinite(p.etaS) ? `${Math.ceil(p.etaS)} s` : "?",
            };
            if (!started) bar.start(Math.max(1, p.totalBytes), p.downloadedBytes, payload);
            else bar.update(p.downloadedBytes, payload);
            started = true;
          },
        });
        if (started) bar.stop();
        const e = result.entry;
        process.stdout.write(
          `${e.id}.gguf: ${e.role}, ${e.architecture}, ${e.quantization}, ${formatBytes(e.fileBytes)}\n` +
            `sha256 ${result.sha256} (${result.verified ? "matches" : "not checked: the source gave none; compare it with the publisher's"})\n`,
        );
      } catch (err) {
        if (started) bar.stop();
        if (abort.signal.aborted) {
          process.stderr.write("almanac: pull interrupted; run the same command again to resume it\n");
          process.exitCode = 130;
        } else if (err instanceof ModelFileError) {
          process.stderr.write(`almanac: ${err.message}\n`);
          process.exitCode = err.reason === "offline" ? 2 : 1;
        } else {
          process.stderr.write(`almanac: pull failed: ${(err as Error).message}; run it again to resume\n`);
          process.exitCode = 1;
        }
      } finally {
        process.off("SIGINT", stop);
      }
    });
}
