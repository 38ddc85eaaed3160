import { copyFileSync, linkSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { z } from "zod";

/** The `library` field of an answer set: books picked by globs under a root folder. */
export const AnswerLibrarySchema = z.object({
  /** A folder, relative to the working directory (the repository root). */
  root: z.string().min(1),
  /** Globs relative to `root`: `*` stays inside one folder, `**` spans any depth. */
  include: z.array(z.string().min(1)).min(1),
});

/** The books a set was written over, when they are not the configured library. */
export type AnswerLibrary = z.infer<typeof AnswerLibrarySchema>;

/** A glob as a regular expression over `/`-separated relative paths: `*` and `?` stay inside one folder, `**` spans any depth. */
function globPattern(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      // `a/**` also matches everything below `a/`; `**/` may match no folder at all.
      if (glob[i + 2] === "/") {
        re += "(?:.*/)?";
        i += 2;
      } else {
        re += ".*";
        i += 1;
      }
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/**
 * The files of `library`, as `/`-separated paths relative to its root, sorted.
 * Symbolic links are not followed, as the indexer does not follow them either.
 * @param cwd - what a relative `root` is relative to.
 */
export function listLibraryFiles(library: AnswerLibrary, cwd = process.cwd()): string[] {
  const root = resolve(cwd, library.root);
  const patterns = library.include.map(globPattern);
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isFile()) {
        const rel = relative(root, abs).split(sep).join("/");
        if (patterns.some((p) => p.test(rel))) found.push(rel);
      }
    }
  };
  walk(root);
  return found.sort();
}

/**
 * Puts the files of `library` into `dest` under their relative paths, ready
 * to index. Hard links cost nothing and keep the books' bytes; across file
 * systems the files are copied. Symbolic links would not do: the library
 * scan lists them as skipped and never reads them.
 * @returns the relative paths placed.
 * @throws Error when the include patterns match no file, so a mistyped set fails loudly.
 */
export function buildAnswerLibrary(library: AnswerLibrary, dest: string, cwd = process.cwd()): string[] {
  const root = resolve(cwd, library.root);
  const files = listLibraryFiles(library, cwd);
  if (files.length === 0) throw new Error(`${root}: no file matches ${library.include.join(", ")}`);
  for (const rel of files) {
    const target = join(dest, rel);
    mkdirSync(dirname(target), { recursive: true });
    try {
      linkSync(join(root, rel), target);
    } catch {
      copyFileSync(join(root, rel), target);
    }
  }
  return files;
}
