/**
 * The bench's one table: rows of (section, metric, value, unit) printed
 * aligned at the end of `npm run bench` and written as JSON to
 * `bench-results/<commit>.json` and `bench-results/latest.json`, so two
 * commits can be compared row by row.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { join } from "node:path";

/** One figure. `value` is null when the row was skipped; `note` says why, or qualifies the figure. */
export interface BenchRow {
  section: string;
  metric: string;
  value: number | null;
  unit: string;
  note?: string;
}

/** Collects rows; prints each section as it completes so a long run shows progress. */
export class BenchReport {
  readonly rows: BenchRow[] = [];

  /** Adds a row; `value` is rounded for printing only, the JSON keeps it whole. */
  add(section: string, metric: string, value: number | null, unit: string, note?: string): void {
    this.rows.push({ section, metric, value, unit, ...(note ? { note } : {}) });
    process.stdout.write(`  ${section} · ${metric}: ${format(value)} ${unit}${note ? ` (${note})` : ""}\n`);
  }

  /** The aligned table, one line per row, grouped by section in the order added. */
  table(): string {
    const cells = this.rows.map((r) => [r.section, r.metric, format(r.value), r.unit, r.note ?? ""]);
    const header = ["section", "metric", "value", "unit", "note"];
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
    const line = (c: string[]) =>
      c
        .map((x, i) => (i === 2 ? x.padStart(widths[i] as number) : x.padEnd(widths[i] as number)))
        .join("  ")
        .trimEnd();
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
  }

  /**
   * Writes the JSON (rows, commit, date, machine) under `dir`.
   * @returns the path of the commit's file.
   */
  write(dir = "bench-results"): string {
    mkdirSync(dir, { recursive: true });
    let commit = "unknown";
    try {
      commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    } catch {
      // Not a git checkout: the file is still written, named "unknown".
    }
    const body = JSON.stringify(
      {
        commit,
        date: new Date().toISOString(),
        machine: {
          cpu: cpus()[0]?.model ?? "unknown",
          cores: availableParallelism(),
          memoryGiB: Math.round(totalmem() / 2 ** 30),
          node: process.version,
        },
        rows: this.rows,
      },
      null,
      2,
    );
    const path = join(dir, `${commit}.json`);
    writeFileSync(path, body);
    writeFileSync(join(dir, "latest.json"), body);
    return path;
  }
}

function format(value: number | null): string {
  if (value === null) return "—";
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("en");
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
