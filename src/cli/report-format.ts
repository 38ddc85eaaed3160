/** A share as a percentage with one decimal, for the results tables. */
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** A two-column results table, labels padded to one width. */
export function formatRows(rows: ReadonlyArray<readonly [string, string]>): string {
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n");
}
