#!/usr/bin/env node
/**
 * `npm run docs`: writes the generated reference pages, docs/configuration.md
 * (from the config schema) and the generated sections of docs/http-api.md
 * (the route table and the typed errors). tests/unit/reference-docs.test.ts
 * fails until this has been run after a change to either source.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configReference } from "../config-reference.js";
import { httpApiSections, spliceGenerated } from "../http/error-reference.js";

/** The repository's docs/ folder (this file runs from dist/src/cli/). */
const DOCS = fileURLToPath(new URL("../../../docs/", import.meta.url));

const configPage = `${DOCS}configuration.md`;
writeFileSync(configPage, configReference());
const apiPage = `${DOCS}http-api.md`;
writeFileSync(apiPage, spliceGenerated(readFileSync(apiPage, "utf8"), httpApiSections()));
process.stdout.write(`wrote ${configPage}\nwrote ${apiPage} (generated sections)\n`);
