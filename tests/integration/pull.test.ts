import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { type PullProgress, pullModelFile } from "../../src/app/model-services.js";
import { loadConfig } from "../../src/config.js";
import { ModelFileError } from "../../src/errors.js";
import { CLI, fixtureModels, tempDir } from "../helpers.js";

/** ipull, under node-llama-cpp's downloader, saves progress per 5 MiB chunk: a model must span several to resume. */
const CHUNK = 5 * 1024 * 1024;
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/**
 * A loopback model host: HEAD and ranged GET, `X-Linked-Etag` as Hugging Face sends it, and a switch that
 * cuts every ranged response past the first chunk, as a dropped connection would.
 */
async function modelHost(files: Record<string, { body: Buffer; etag?: string }>) {
  const requests: Array<{ method: string; path: string; start: number | null }> = [];
  const state = { cut: false };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const file = files[path];
    const m = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
    requests.push({ method: req.method ?? "", path, start: m ? Number(m[1]) : null });
    if (!file) return void res.writeHead(404).end();
    const { body } = file;
    const start = m ? Number(m[1]) : 0;
    const end = m?.[2] ? Number(m[2]) : body.length - 1;
    const headers: Record<string, string | number> = { "accept-ranges": "bytes", "content-length": end - start + 1 };
    if (file.etag) headers["x-linked-etag"] = `"${file.etag}"`;
    if (m) headers["content-range"] = `bytes ${start}-${end}/${body.length}`;
    res.writeHead(m ? 206 : 200, headers);
    if (req.method === "HEAD") return void res.end();
    if (state.cut && start >= CHUNK) {
      res.write(body.subarray(start, start + 1000));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    res.end(body.subarray(start, end + 1));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => {
    server.closeAllConnections();
    server.close();
  };
  return { base, requests, state, close };
}

describe("almanac models pull from a loopback model host", () => {
  const tmp = tempDir();
  const models = join(tmp.dir, "models");
  // A GGUF padded past two chunks: readers stop at the header, so the padding is harmless.
  const big = Buffer.concat([readFileSync(join(fixtureModels(), "tiny-chat.gguf")), Buffer.alloc(2 * CHUNK + 12345)]);
  const notGguf = Buffer.from("<html>rate limited</html>");
  let host: Awaited<ReturnType<typeof modelHost>>;
  const online = () => loadConfig({ modelsDir: models, dataDir: join(tmp.dir, "data"), offline: false }, {});
  before(async () => {
    mkdirSync(models);
    host = await modelHost({
      "/m/big-chat.gguf": { body: big, etag: sha256(big) },
      "/m/wrong-sum.gguf": { body: big, etag: "0".repeat(64) },
      "/m/page.gguf": { body: notGguf },
      "/m/cli-chat.gguf": { body: big },
    });
  });
  after(() => {
    host?.close();
    tmp.cleanup();
  });

  it("is refused in offline mode before anything is contacted", async () => {
    const offline = loadConfig({ modelsDir: models, dataDir: join(tmp.dir, "data") }, {});
    assert.equal(offline.offline, true, "offline is the default");
    await assert.rejects(
      pullModelFile(offline, `${host.base}/m/big-chat.gguf`, {}),
      (e: unknown) => e instanceof ModelFileError && e.reason === "offline" && /ALMANAC_OFFLINE=false/.test(e.message),
    );
    assert.equal(host.requests.length, 0);
  });

  it("reports progress, keeps a cut download, resumes it, and checks the server's SHA-256", async () => {
    const url = `${host.base}/m/big-chat.gguf`;
    const abort = new AbortController();
    const seen: PullProgress[] = [];
    host.state.cut = true;
    await assert.rejects(
      pullModelFile(online(), url, {
        signal: abort.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.downloadedBytes >= CHUNK && !abort.signal.aborted) setTimeout(() => abort.abort(new Error("cut")), 100);
        },
      }),
      /cut/,
    );
    assert.ok(seen.length > 0 && seen.every((p) => p.totalBytes === big.length), "progress in bytes of the whole file");
    assert.ok(!existsSync(join(models, "big-chat.gguf")), "no model file until it is complete");
    assert.ok(existsSync(join(models, "big-chat.gguf.ipull")), readdirSync(models).join());
    host.state.cut = false;
    const before = host.requests.length;
    const result = await pullModelFile(online(), url, {});
    const again = host.requests.slice(before).filter((r) => r.method === "GET" && r.start !== null);
    assert.ok(again.length > 0 && again.every((r) => (r.start ?? 0) >= CHUNK), JSON.stringify(again));
    assert.equal(sha256(readFileSync(join(models, "big-chat.gguf"))), sha256(big));
    assert.equal(result.sha256, sha256(big));
    assert.equal(result.verified, true);
    assert.equal(result.entry.role, "chat");
    assert.equal(result.entry.id, "big-chat");
  });

  it("deletes a file whose SHA-256 or header is wrong", async () => {
    await assert.rejects(
      pullModelFile(online(), `${host.base}/m/wrong-sum.gguf`, {}),
      (e: unknown) => e instanceof ModelFileError && e.reason === "checksum",
    );
    assert.ok(!existsSync(join(models, "wrong-sum.gguf")));
    await assert.rejects(
      pullModelFile(online(), `${host.base}/m/page.gguf`, {}),
      (e: unknown) => e instanceof ModelFileError && e.reason === "header",
    );
    assert.ok(!existsSync(join(models, "page.gguf")));
    await assert.rejects(
      pullModelFile(online(), `${host.base}/m/big-chat.gguf`, { sha256: "f".repeat(64) }),
      (e: unknown) => e instanceof ModelFileError && e.reason === "checksum",
      "--sha256 wins over the server's",
    );
  });

  it("runs from the command line: refused offline with exit 2, then pulled with a progress bar", async () => {
    const run = promisify(execFile);
    const cli = (env: Record<string, string>, ...args: string[]) =>
      run(process.execPath, [CLI, "--models", models, "models", ...args], {
        env: { ...process.env, ...env, ALMANAC_DATA_DIR: join(tmp.dir, "data") },
        encoding: "utf8",
      });
    const url = `${host.base}/m/cli-chat.gguf`;
    await assert.rejects(cli({}, "pull", url), (e: { code?: number; stderr?: string }) => {
      assert.equal(e.code, 2);
      assert.match(e.stderr ?? "", /offline mode is on/);
      return true;
    });
    const ok = await cli({ ALMANAC_OFFLINE: "false" }, "pull", url);
    assert.match(ok.stderr, /pulling \[/);
    assert.match(ok.stdout, /cli-chat\.gguf: chat, llama/);
    assert.match(ok.stdout, new RegExp(`sha256 ${sha256(big)} \\(not checked`));
    const list = await cli({}, "list");
    assert.match(list.stdout, /cli-chat\.gguf\s+chat/);
    assert.match((await cli({}, "presets")).stdout, /qwen2\.5-0\.5b-instruct\s+chat/);
  });
});
