import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, it } from "node:test";

/**
 * The floors of docs/architecture.md, checked against the code: which folder
 * may import which, no import circle, file sizes, and the biome.json rules
 * that enforce the floors in the editor. The table is the one source.
 */

const KERNEL = ["errors", "log", "version", "stats", "sse"];
const ROOT_UNITS: Record<string, string> = {
  config: "config",
  "config-reference": "config",
  "view-models": "view-models",
};

/** The unit a source file belongs to: its folder under src/, a root unit, `kernel`, or `views`. */
function unitOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] === "views") return "views";
  if (parts.length > 2) return parts[1] as string;
  const base = (parts[1] as string).replace(/\.tsx?$/, "");
  if (KERNEL.includes(base)) return "kernel";
  const unit = ROOT_UNITS[base];
  assert.ok(unit, `${file}: a file at the top of src/ that docs/architecture.md does not place`);
  return unit;
}

/** Floor table of docs/architecture.md: unit → units it may import. */
function floors(): Map<string, Set<string>> {
  const doc = readFileSync("docs/architecture.md", "utf8");
  const rows = doc.split("\n").filter((l) => /^\| \d+ \| `[\w-]+` \|/.test(l));
  assert.ok(rows.length > 10, "docs/architecture.md has its floor table");
  return new Map(
    rows.map((row) => {
      const cells = row.split("|").map((c) => c.trim());
      const unit = (cells[2] as string).replace(/`/g, "");
      const may = (cells[4] as string)
        .split(",")
        .map((c) => c.trim())
        .filter(Boolean);
      return [unit, new Set(may)];
    }),
  );
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name)) out.push(p);
    }
  };
  walk("src");
  walk("views");
  return out.sort();
}

/** The source files `file` imports (static, re-export and dynamic imports of relative paths). */
function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm)) {
    const base = normalize(join(dirname(file), m[1] as string)).replace(/\.js$/, "");
    const found = [`${base}.ts`, `${base}.tsx`].find((f) => existsSync(f));
    if (found) out.push(found);
  }
  return out;
}

/** The glob patterns (biome `noRestrictedImports`, gitignore style) that name a unit's modules in an import path. */
function patternsOf(unit: string): string[] {
  if (unit === "kernel") return KERNEL.map((k) => `**/${k}.js`);
  const roots = Object.entries(ROOT_UNITS).filter(([, u]) => u === unit);
  const folder = existsSync(`src/${unit}`) ? [`**/${unit}/**`] : [];
  if (roots.length > 0) return [...roots.map(([file]) => `**/${file}.js`), ...folder];
  return [`**/${unit}/**`];
}

/** The files of a unit, as biome `includes` globs. */
function includesOf(unit: string): string[] {
  if (unit === "kernel") return KERNEL.map((k) => `src/${k}.ts`);
  if (unit === "views") return ["views/**"];
  const roots = Object.entries(ROOT_UNITS).filter(([, u]) => u === unit);
  const folder = existsSync(`src/${unit}`) ? [`src/${unit}/**`] : [];
  if (roots.length > 0) return [...roots.map(([file]) => `src/${file}.ts`), ...folder];
  return [`src/${unit}/**`];
}

/** The biome.json overrides the floor table implies: per unit, every unit it may not import is restricted. */
function expectedOverrides(table: Map<string, Set<string>>): unknown[] {
  return [...table].map(([unit, may]) => ({
    includes: includesOf(unit),
    linter: {
      rules: {
        style: {
          noRestrictedImports: {
            level: "error",
            options: {
              patterns: [
                {
                  group: [...table.keys()].filter((u) => u !== unit && !may.has(u)).flatMap(patternsOf),
                  message: `${unit} may import only ${[...may].join(", ") || "itself"} (docs/architecture.md)`,
                },
              ],
            },
          },
        },
      },
    },
  }));
}

describe("architecture (docs/architecture.md)", () => {
  const table = floors();
  const files = sourceFiles();
  const graph = new Map(files.map((f) => [f, importsOf(f, readFileSync(f, "utf8"))]));

  it("places every source folder in the floor table", () => {
    for (const f of files) assert.ok(table.has(unitOf(f)), `${f}: unit ${unitOf(f)} is not in the table`);
  });

  it("has no import that runs up a floor or sideways outside the table", () => {
    const wrong: string[] = [];
    for (const [f, targets] of graph)
      for (const t of targets) {
        const [from, to] = [unitOf(f), unitOf(t)];
        if (from !== to && !table.get(from)?.has(to)) wrong.push(`${f} -> ${t} (${from} may not import ${to})`);
      }
    assert.deepEqual(wrong, []);
  });

  it("has no import circle between files", () => {
    // Tarjan's strongly connected components (SIAM J. Comput. 1972): any component of two or more files is a circle.
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const circles: string[][] = [];
    const visit = (v: string): void => {
      index.set(v, next);
      low.set(v, next++);
      stack.push(v);
      for (const w of graph.get(v) ?? []) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
        } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          component.push(w);
        } while (w !== v);
        if (component.length > 1) circles.push(component);
      }
    };
    for (const f of files) if (!index.has(f)) visit(f);
    assert.deepEqual(circles, []);
  });

  it("keeps files under 400 lines, and says why at the top of one over 300", () => {
    const wrong: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      const lines = text.split("\n").length;
      if (lines > 400) wrong.push(`${f}: ${lines} lines`);
      else if (lines > 300 && !text.startsWith("// Over 300 lines:")) wrong.push(`${f}: ${lines} lines, no reason`);
    }
    assert.deepEqual(wrong, []);
  });

  it("lets views import nothing of src/ but the view models", () => {
    for (const [f, targets] of graph)
      if (unitOf(f) === "views")
        for (const t of targets) assert.ok(t.startsWith("views/") || t === "src/view-models.ts", `${f} -> ${t}`);
  });

  it("turns the table into biome.json's noRestrictedImports rules", () => {
    const biome = JSON.parse(readFileSync("biome.json", "utf8")) as { overrides?: unknown[] };
    const actual = (biome.overrides ?? []).filter((o) => JSON.stringify(o).includes("noRestrictedImports"));
    const expected = expectedOverrides(table);
    assert.deepEqual(actual, expected, `biome.json's floor overrides should be:\n${JSON.stringify(expected, null, 2)}`);
  });
});
