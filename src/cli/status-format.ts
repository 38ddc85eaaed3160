import type { AppStatus } from "../app/status.js";
import { formatRows } from "./report-format.js";

/**
 * `almanac status` as a short table: documents by state, chunks, answers and
 * search modes, the loaded models by role, compute, and what indexing is doing.
 * `--json` prints the whole {@link AppStatus} instead.
 */
export function formatStatus(s: AppStatus): string {
  const d = s.documents;
  const states = (["indexed", "pending", "indexing", "failed", "skipped"] as const)
    .filter((k) => d[k] > 0 || k === "indexed")
    .map((k) => `${d[k]} ${k}`)
    .join(", ");
  const loaded = s.runtime.models.filter((m) => m.loaded);
  const models = loaded.length
    ? loaded.map((m) => `${m.id} (${m.role})`).join(", ")
    : "none: BM25 and extractive answers";
  const i = s.indexing;
  const work = i.busy
    ? `busy${i.current ? `: ${i.current}` : ""}${i.queued ? `, ${i.queued} queued` : ""}`
    : i.queued
      ? `${i.queued} queued`
      : "idle";
  const rows: Array<[string, string]> = [
    ["Almanac", `${s.version}, up ${s.uptimeSeconds} s`],
    ["library", `${s.library.path}${s.library.available ? "" : ` (unavailable: ${s.library.reason ?? "?"})`}`],
    ["documents", states],
    ["chunks", String(s.chunks)],
    ["answers", `${s.mode.answers}; search: ${s.mode.retrieval}`],
    ["models", models],
    ["compute", `${s.runtime.backend}, ${s.runtime.threads} threads`],
    ["speech", s.speech.engine ?? "off (install espeak-ng for /v1/audio/speech)"],
    ["indexing", work],
  ];
  if (s.rebuild?.state === "running") rows.push(["rebuild", `${s.rebuild.done} of ${s.rebuild.total} documents`]);
  if (s.readOnlyReason) rows.push(["read-only", s.readOnlyReason]);
  for (const f of s.failures.slice(0, 5))
    rows.push([f.status === "indexed" ? "warning" : f.status, `${f.path}: ${f.error}`]);
  if (s.failures.length > 5) rows.push(["problems", `…and ${s.failures.length - 5} more (--json lists them)`]);
  return formatRows(rows);
}
