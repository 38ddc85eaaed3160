// The generated reference pages match their sources: docs/configuration.md is what the config schema renders,
// and the generated sections of docs/http-api.md are what the route table and the error classes render.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { CLI_FLAGS, configKeys, configReference } from "../../src/config-reference.js";
import * as errors from "../../src/errors.js";
import { httpApiSections, spliceGenerated, TYPED_ERRORS } from "../../src/http/error-reference.js";
import { CLI } from "../helpers.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const STALE = "is out of date: run `npm run docs` and commit the result";

test("docs/configuration.md is what the config schema renders", () => {
  const page = readFileSync(`${ROOT}docs/configuration.md`, "utf8");
  assert.ok(page === configReference(), `docs/configuration.md ${STALE}`);
});

test("the generated sections of docs/http-api.md are what the routes and errors render", () => {
  const page = readFileSync(`${ROOT}docs/http-api.md`, "utf8");
  assert.ok(page === spliceGenerated(page, httpApiSections()), `docs/http-api.md ${STALE}`);
});

test("every setting has a description", () => {
  const missing = configKeys().filter((k) => !k.description.trim());
  assert.deepEqual(
    missing.map((k) => k.key),
    [],
    "add .describe(…) to these keys in src/config/schema.ts",
  );
});

test("every typed error exported by src/errors.ts is in the reference", () => {
  const classes = Object.entries(errors)
    .filter(([, v]) => typeof v === "function" && v.prototype instanceof errors.AlmanacError)
    .map(([name]) => name);
  const listed = new Set(TYPED_ERRORS.map((e) => e.name));
  assert.deepEqual(
    classes.filter((n) => !listed.has(n)),
    [],
    "add these classes to TYPED_ERRORS in src/http/error-reference.ts",
  );
  for (const e of TYPED_ERRORS) for (const s of e.samples()) assert.equal(s.name, e.name);
});

test("each flag the configuration page names exists in the CLI's help", () => {
  const main = CLI;
  const help = {
    global: execFileSync(process.execPath, [main, "--help"], { encoding: "utf8" }),
    serve: execFileSync(process.execPath, [main, "serve", "--help"], { encoding: "utf8" }),
  };
  for (const [key, flag] of Object.entries(CLI_FLAGS)) {
    const [where, option] = flag.startsWith("serve ")
      ? (["serve", flag.slice(6)] as const)
      : (["global", flag] as const);
    assert.ok(
      help[where].includes(option),
      `${key}: \`${flag}\` is not in almanac ${where === "serve" ? "serve " : ""}--help`,
    );
  }
});
