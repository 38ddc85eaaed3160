import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before } from "node:test";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { Almanac } from "../../src/app/almanac.js";
import { startServer } from "../../src/http/server.js";
import { makeLibrary, openTestApp, tempDir } from "../helpers.js";

/** Debian's Chromium; CI installs it with apt (`.ci/run`). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Skip reason when there is no browser (never skipped on CI, where a missing browser must fail). */
export const NO_BROWSER = !existsSync(CHROMIUM) && !process.env.CI ? `no browser at ${CHROMIUM}` : false;
/** Where screenshots go (ignored by git). */
export const SHOTS = join("tests", "browser", "screenshots");

/** The phone viewport the issue names (an iPhone 12–15 class screen). */
export const PHONE = { width: 390, height: 844 };

/** Launches headless Chromium with nothing that phones home. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** An Almanac on temp folders, indexed and served on an ephemeral loopback port. */
export interface Served {
  app: Almanac;
  base: string;
  libraryDir: string;
  /** Stops the server (the app stays open). */
  stopServer: () => Promise<void>;
  close: () => Promise<void>;
}

/** Indexes `files` (destination → source) and serves them; `models` null means no models. */
export async function serveLibrary(
  files: Record<string, string>,
  models: string | null = null,
  extra: Record<string, unknown> = {},
): Promise<Served> {
  const tmp = tempDir("almanac-web-");
  const libraryDir = makeLibrary(tmp.dir, files);
  const app = await openTestApp(tmp.dir, libraryDir, models, extra);
  await app.indexer.reconcile();
  const server = await startServer(app.services, "127.0.0.1", 0);
  let stopped = false;
  const stopServer = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
  };
  return {
    app,
    base: `http://127.0.0.1:${server.port}`,
    libraryDir,
    stopServer,
    close: async () => {
      await stopServer();
      await app.close();
      tmp.cleanup();
    },
  };
}

/** Records every request a page makes to another origin (there must be none). */
export function watchForeignRequests(page: Page, base: string): string[] {
  const foreign: string[] = [];
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(base) && !url.startsWith("data:")) foreign.push(url);
  });
  return foreign;
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** An axe-core violation, trimmed to what a failure message needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2.x A and AA rules) on the page. @returns serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations as Array<{
      id: string;
      impact: string | null;
      help: string;
      nodes: Array<{ target: string[] }>;
    }>;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
}

/** A browser context on the phone viewport (touch, mobile) with an optional colour scheme. */
export function phoneContext(browser: Browser, colorScheme: "light" | "dark" = "light"): Promise<BrowserContext> {
  return browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, colorScheme });
}

/**
 * Waits until a JavaScript expression is truthy in the page. Polls with
 * `page.evaluate` (the page's CSP forbids the string evaluation that
 * `page.waitForFunction` uses).
 * @throws Error after `timeoutMs` (default 30 s).
 */
export async function waitForExpression(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Registers `before`/`after` hooks that serve `files` and launch Chromium
 * for one suite, and returns getters for both (set once `before` has run).
 * `ready` runs after serving, before the browser starts (e.g. to start watching).
 */
export function servedWithBrowser(
  files: Record<string, string>,
  opts: { models?: string | null; extra?: Record<string, unknown>; ready?: (s: Served) => Promise<void> } = {},
): { readonly served: Served; readonly browser: Browser } {
  let served: Served | undefined;
  let browser: Browser | undefined;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    served = await serveLibrary(files, opts.models ?? null, opts.extra ?? {});
    await opts.ready?.(served);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });
  return {
    get served() {
      if (!served) throw new Error("the suite's before hook has not run");
      return served;
    },
    get browser() {
      if (!browser) throw new Error("the suite's before hook has not run");
      return browser;
    },
  };
}
