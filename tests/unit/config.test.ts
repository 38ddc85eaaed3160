// Where a setting comes from: defaults, then the config file, then the environment, then CLI flags
// (loadConfig's TSDoc in src/config.ts); and how the environment's words read as booleans.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { loadConfig } from "../../src/config.js";
import { tempDir } from "../helpers.js";

describe("configuration precedence", () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());
  const file = (settings: Record<string, unknown>, name = "almanac.config.json") => {
    const path = join(tmp.dir, name);
    writeFileSync(path, JSON.stringify(settings));
    return path;
  };

  it("takes the file over the defaults, the environment over the file, and flags over the environment", () => {
    const config = file({ port: 1111, host: "127.0.0.1", threads: 3 }, "layers.json");
    const env = { ALMANAC_CONFIG: config, ALMANAC_PORT: "2222", ALMANAC_THREADS: "" };
    const fromFile = loadConfig({}, { ALMANAC_CONFIG: config });
    assert.deepEqual([fromFile.port, fromFile.host, fromFile.threads], [1111, "127.0.0.1", 3]);
    assert.equal(loadConfig({}, { ALMANAC_CONFIG: file({}, "empty.json") }).port, 8080, "the default");
    const fromEnv = loadConfig({}, env);
    assert.equal(fromEnv.port, 2222, "the environment wins over the file");
    assert.equal(fromEnv.host, "127.0.0.1", "a setting the environment leaves out stays the file's");
    assert.equal(fromEnv.threads, 3, "an empty variable is no setting");
    const fromFlags = loadConfig({ port: 3333, threads: undefined }, env);
    assert.equal(fromFlags.port, 3333, "a flag wins over the environment");
    assert.equal(fromFlags.threads, 3, "a flag left undefined is no setting");
  });

  it("reads ALMANAC_WATCH=no, 0 and false as off, yes, 1 and true as on, and refuses other words", () => {
    const config = file({ watch: true }, "watching.json");
    const watch = (value?: string) =>
      loadConfig({}, { ALMANAC_CONFIG: config, ...(value === undefined ? {} : { ALMANAC_WATCH: value }) }).watch;
    assert.equal(watch(), true, "the file's setting");
    for (const off of ["no", "0", "false"]) assert.equal(watch(off), false, `ALMANAC_WATCH=${off}`);
    const offInFile = file({ watch: false }, "not-watching.json");
    for (const on of ["yes", "1", "true"])
      assert.equal(loadConfig({}, { ALMANAC_CONFIG: offInFile, ALMANAC_WATCH: on }).watch, true, `ALMANAC_WATCH=${on}`);
    assert.equal(loadConfig({}, { ALMANAC_CONFIG: file({}, "none.json") }).watch, true, "watching is the default");
    assert.throws(() => watch("maybe"), /invalid configuration: watch/);
  });
});
