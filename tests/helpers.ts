import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import type { Almanac } from "../src/app/almanac.js";
import { type Config, loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { writeTinyModels } from "./fixtures/models/tiny-models.js";

/**
 * The compiled tree these tests run from (`build/` for `tsconfig.test.json`):
 * its `src/` is the code the tests import, so a test that spawns the CLI or a
 * module in a child process uses this same build, never a stale `dist/`.
 */
export const BUILT = fileURLToPath(new URL("../", import.meta.url));
/** The CLI entry of {@link BUILT}. */
export const CLI = join(BUILT, "src", "cli", "main.js");

/** Repository-relative fixture folders (tests run from the repo root). */
export const FIXTURES = resolve("tests/fixtures");
export const BOOKS = join(FIXTURES, "books");
export const BROKEN_EPUB = join(FIXTURES, "negative", "alice_broken_invalid-ncx.epub");

/** A fresh temp dir, removed by the returned cleanup. */
export function tempDir(prefix = "almanac-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

let modelsDir: string | null = null;
/** The tiny fixture models, generated once per test process by the project's own generator. */
export function fixtureModels(): string {
  if (!modelsDir) {
    modelsDir = mkdtempSync(join(tmpdir(), "almanac-models-"));
    writeTinyModels(modelsDir);
  }
  return modelsDir;
}

/** Copies fixture books into a fresh library folder laid out as collections. */
export function makeLibrary(root: string, files: Record<string, string>): string {
  const lib = join(root, "library");
  for (const [dest, src] of Object.entries(files)) {
    const to = join(lib, dest);
    mkdirSync(join(to, ".."), { recursive: true });
    cpSync(src, to);
  }
  mkdirSync(lib, { recursive: true });
  return lib;
}

/**
 * Opens an Almanac on temp folders; `models` null means no models at all.
 * The app (LanceDB, SQLite) is imported here, when first used, so that a unit
 * test importing only the plain helpers loads no native module.
 */
export async function openTestApp(
  root: string,
  libraryDir: string,
  models: string | null,
  extra: Partial<Record<keyof Config, unknown>> = {},
): Promise<Almanac> {
  const config = loadConfig(
    {
      libraryDir,
      dataDir: join(root, "data"),
      modelsDir: models ?? join(root, "no-models"),
      threads: 1,
      watchDebounceMs: 100,
      logLevel: "silent",
      // Tests of other features use an open box; the role tests (tests/integration/roles.test.ts) set their own policy.
      anonymousRole: "admin",
      ...extra,
    },
    {},
  );
  const { Almanac } = await import("../src/app/almanac.js");
  return Almanac.open(config, createLogger("silent"));
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** The text of every `<mark>` on a reader page, joined by blank lines (the block separator). */
export function markedText(html: string): string {
  return [...html.matchAll(/<mark[^>]*>([\s\S]*?)<\/mark>/g)].map((m) => unescapeHtml(m[1] as string)).join("\n\n");
}

/**
 * The shipped `library/` indexed once with no model, for the enclosing
 * `describe`: registers its `before`/`after` hooks and returns a getter for the app.
 */
export function shippedLibraryApp(): () => Almanac {
  return libraryApp(() => resolve("library"));
}

/**
 * An indexed app with no models over a library the suite builds, opened
 * before the suite's tests and closed after them.
 * @param library - called with a temp folder; returns the library folder (e.g. {@link makeLibrary}'s).
 * @returns a getter that throws before the app is open.
 */
export function libraryApp(library: (root: string) => string): () => Almanac {
  let app: Almanac | undefined;
  const tmp = tempDir();
  before(async () => {
    app = await openTestApp(tmp.dir, library(tmp.dir), null);
    await app.indexer.reconcile();
  });
  after(async () => {
    await app?.close();
    tmp.cleanup();
  });
  return () => {
    if (!app) throw new Error("the library app is not open yet");
    return app;
  };
}

/**
 * Polls `check` every 100 ms until it is true.
 * @throws AssertionError naming `what` when `ms` (default 15 s) pass first.
 */
export async function waitFor(check: () => Promise<boolean> | boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** Serves `app` on an ephemeral loopback port; `close` stops the server, then closes the app. */
export async function serveApp(app: Almanac): Promise<{ base: string; close: () => Promise<void> }> {
  const { startServer } = await import("../src/http/server.js");
  const server = await startServer(app.services, "127.0.0.1", 0);
  return {
    base: `http://127.0.0.1:${server.port}`,
    close: async () => {
      await server.close();
      await app.close();
    },
  };
}

/** What {@link agentServer} serves: the base URL and a `user` account's API key. */
export interface AgentServer {
  base: string;
  key: string;
  app: Almanac;
}

/**
 * The fixture models over `survival/Water.md`, indexed and served on an
 * ephemeral port for the enclosing `describe`, with a `user` account's API
 * key, as an agent's client would be set up against it.
 * @returns a getter that throws before the server is up.
 */
export function agentServer(): () => AgentServer {
  const tmp = tempDir();
  let served: AgentServer | undefined;
  let close: (() => Promise<void>) | undefined;
  before(async () => {
    const app = await openTestApp(
      tmp.dir,
      makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") }),
      fixtureModels(),
    );
    await app.indexer.reconcile();
    const up = await serveApp(app);
    close = up.close;
    const account = await app.services.accounts.users.create("agent", "correct horse battery", "user");
    served = { base: up.base, app, key: app.services.accounts.apiKeys.create(account.id, "agent").key };
  });
  after(async () => {
    await close?.();
    tmp.cleanup();
  });
  return () => {
    if (!served) throw new Error("the agent server is not up yet");
    return served;
  };
}
