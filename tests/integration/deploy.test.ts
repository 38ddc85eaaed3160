import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { tempDir } from "../helpers.js";

const DOCKER = resolve("docker");

describe("deployment files (no Docker engine or systemd here: linted and run outside them)", () => {
  it("Dockerfiles pass dockerfilelint, run as a non-root user, and carry a healthcheck on /health", () => {
    for (const file of ["Dockerfile", "Dockerfile.cuda"]) {
      const lint = spawnSync(resolve("node_modules/.bin/dockerfilelint"), [join(DOCKER, file)], { encoding: "utf8" });
      assert.equal(lint.status, 0, lint.stdout);
      assert.match(lint.stdout, /Issues: None found/);
      const text = readFileSync(join(DOCKER, file), "utf8");
      assert.match(text, /^FROM node:22-bookworm-slim AS build$/m, `${file}: a build stage on Node 22 slim`);
      assert.match(text, /^USER (node|almanac)$/m, `${file}: not root`);
      assert.match(text, /^HEALTHCHECK .*\n.*\/health/m);
      assert.match(text, /^VOLUME \["\/app\/library", "\/app\/models", "\/app\/indexes"\]$/m);
      assert.match(text, /^ENTRYPOINT \["\/usr\/local\/bin\/almanac-entrypoint"\]$/m);
    }
    assert.match(readFileSync(join(DOCKER, "Dockerfile.cuda"), "utf8"), /^FROM nvidia\/cuda:12[^\s]*runtime/m);
  });

  it("compose.yaml has a CPU service and an NVIDIA profile that reserves the GPUs", () => {
    const compose = parse(readFileSync(join(DOCKER, "compose.yaml"), "utf8")) as {
      services: Record<string, { profiles: string[]; build: { dockerfile: string }; deploy?: unknown }>;
    };
    assert.equal(compose.services.almanac?.build.dockerfile, "docker/Dockerfile");
    const gpu = compose.services["almanac-nvidia"];
    assert.deepEqual(gpu?.profiles, ["nvidia"]);
    assert.equal(gpu?.build.dockerfile, "docker/Dockerfile.cuda");
    assert.deepEqual(gpu?.deploy, {
      resources: { reservations: { devices: [{ driver: "nvidia", count: "all", capabilities: ["gpu"] }] } },
    });
  });

  it("the entry script prepares the mounted folders, then runs the command", () => {
    const tmp = tempDir("almanac-entry-");
    try {
      const env = {
        PATH: process.env.PATH ?? "",
        ALMANAC_LIBRARY: join(tmp.dir, "library"),
        ALMANAC_MODELS_DIR: join(tmp.dir, "models"),
        ALMANAC_DATA_DIR: join(tmp.dir, "indexes"),
      };
      const ok = spawnSync(
        "sh",
        [join(DOCKER, "entrypoint.sh"), "node", "-e", "console.log('serving', process.argv.length)"],
        {
          encoding: "utf8",
          env,
        },
      );
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(ok.stdout.trim(), "serving 1", "the command ran with its own arguments");
      for (const d of ["library", "models", "indexes"]) assert.ok(existsSync(join(tmp.dir, d)), d);
      // A data folder that cannot be created (its parent is a file): a sentence, exit 1, and the command never runs.
      writeFileSync(join(tmp.dir, "file"), "");
      const bad = spawnSync("sh", [join(DOCKER, "entrypoint.sh"), "node", "-e", "console.log('serving')"], {
        encoding: "utf8",
        env: { ...env, ALMANAC_DATA_DIR: join(tmp.dir, "file", "indexes") },
      });
      assert.equal(bad.status, 1);
      assert.equal(bad.stdout, "");
      assert.match(bad.stderr, /almanac: cannot create .*file\/indexes as \S+; mount a volume there or create it/);
    } finally {
      tmp.cleanup();
    }
  });

  it("the systemd unit runs the built server as a dedicated, confined user", () => {
    const unit = readFileSync(join(DOCKER, "almanac.service"), "utf8");
    const keys = new Map<string, string[]>();
    for (const line of unit.split("\n")) {
      const m = /^(\w+)=(.*)$/.exec(line);
      if (m) keys.set(m[1] as string, [...(keys.get(m[1] as string) ?? []), m[2] as string]);
    }
    const one = (k: string) => keys.get(k)?.at(-1);
    assert.equal(one("User"), "almanac");
    assert.equal(one("NoNewPrivileges"), "yes");
    assert.equal(one("ProtectSystem"), "strict");
    assert.equal(one("ReadWritePaths"), "/var/lib/almanac");
    assert.equal(one("CapabilityBoundingSet"), "");
    assert.equal(keys.has("MemoryDenyWriteExecute"), false, "V8's JIT needs writable code pages");
    assert.match(
      one("ExecStart") ?? "",
      /node --max-semi-space-size=2 \/opt\/almanac\/dist\/src\/cli\/main\.js serve$/,
    );
    const install = spawnSync("bash", [join(DOCKER, "install.sh"), "--dry-run"], { encoding: "utf8" });
    assert.equal(install.status, 0, install.stderr);
    assert.match(
      install.stdout,
      /\+ install -m 0644 .*docker\/almanac\.service \/etc\/systemd\/system\/almanac\.service/,
    );
    assert.match(install.stdout, /\+ systemctl enable --now almanac\.service/);
    assert.match(install.stdout, /NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm ci/);
    if (existsSync("/usr/bin/systemd-analyze")) {
      const verify = spawnSync("systemd-analyze", ["verify", join(DOCKER, "almanac.service")], { encoding: "utf8" });
      assert.equal(verify.stderr.replace(/.*(User|Group|RequiresMountsFor|WorkingDirectory|almanac).*\n?/g, ""), "");
    }
  });
});
