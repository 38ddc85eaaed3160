// Removes compiled files whose source is gone from a tsc output folder, so a
// moved or deleted test never runs from a stale .js (tsc only ever adds files).
// Usage: node scripts/prune-build.mjs <outDir> <sourceFolder>...
// Files outside the listed source folders are removed too (e.g. dist/tests
// from before the tests got their own build). `.tsbuildinfo` is kept.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, relative, sep } from "node:path";

const [outDir, ...roots] = process.argv.slice(2);
if (!outDir || roots.length === 0) {
  process.stderr.write("usage: node scripts/prune-build.mjs <outDir> <sourceFolder>...\n");
  process.exit(2);
}

/**
 * The source files a compiled file may come from.
 * @param {string} rel - the compiled file's path inside the output folder.
 * @returns {string[]} candidate source paths, relative to the repository root.
 */
function sourcesOf(rel) {
  const base = rel.replace(/\.map$/, "");
  if (base.endsWith(".json")) return [base];
  const stem = base.replace(/\.(js|mjs|cjs|d\.ts)$/, "");
  return [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs"].map((ext) => stem + ext);
}

/** @param {string} dir */
function prune(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(outDir, path);
    const top = rel.split(sep)[0];
    if (entry.isDirectory()) {
      if (!roots.includes(top)) rmSync(path, { recursive: true, force: true });
      else {
        prune(path);
        if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
      }
    } else if (entry.name.endsWith(".tsbuildinfo")) {
      // tsc's own record of the last build
    } else if (!roots.includes(top) || !sourcesOf(rel).some((s) => existsSync(s))) {
      rmSync(path, { force: true });
    }
  }
}

if (existsSync(outDir)) prune(outDir);
