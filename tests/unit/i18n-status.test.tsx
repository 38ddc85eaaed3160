// The status page renders in every language with every part on show (models loaded, failed and remote, an
// embedding switch, a rebuild, failures): a message given too few values throws when it is formatted, so
// this catches a call the integration test's bare server never reaches.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createI18n, LOCALES } from "../../src/i18n/index.js";
import type { StatusView } from "../../src/view-models.js";
import { StatusPage } from "../../views/status.js";

/** A status snapshot with every optional part present. */
function busyStatus(switchState: "running" | "done" | "failed"): StatusView {
  return {
    version: "1.2.3",
    uptimeSeconds: 7300,
    mode: { retrieval: "hybrid", answers: "rag" },
    runtime: {
      backend: "cuda",
      gpu: true,
      gpuDevices: ["RTX 3060"],
      threads: 4,
      embeddingLayout: { contexts: 2, threads: 2 },
      models: [
        {
          id: "qwen",
          role: "chat",
          architecture: "qwen2",
          parameters: 1_540_000_000,
          quantization: "Q4_K_M",
          fileBytes: 1_100_000_000,
          loaded: true,
          generation: { requests: 3, sequences: 2, ttftMs: { p50: 120, p95: 300 }, tokensPerS: { p50: 9.5, p95: 7 } },
        },
        {
          id: "bge",
          role: "embedding",
          architecture: "bert",
          parameters: 33_000_000,
          quantization: "F16",
          fileBytes: 67_000_000,
          loaded: false,
          error: "bad header",
        },
        {
          id: "far",
          role: "reranker",
          architecture: "",
          parameters: 0,
          quantization: "",
          fileBytes: 0,
          remote: "http://10.0.0.2",
          loaded: false,
        },
      ],
      remote: { url: "http://10.0.0.2", used: false, reason: "unreachable" },
    },
    documents: { indexed: 12_345, pending: 2, indexing: 1, failed: 1, skipped: 0 },
    formats: { epub: 3, pdf: 2, zim: 1, odt: 1 },
    failures: [
      { path: "a.pdf", status: "failed", error: "encrypted" },
      { path: "b.epub", status: "indexed", error: "no table of contents" },
    ],
    chunks: 123_456,
    indexing: { busy: true, current: "c.md", queued: 4 },
    library: { path: "/lib", available: false, reason: "unmounted" },
    disk: { paused: true, reason: "disk full" },
    readOnlyReason: null,
    rebuild: { from: "v1", to: "v2", state: "running", done: 5, total: 9 },
    hardware: {
      cpu: { model: "Ryzen", cores: 8, avx2: false },
      ram: { totalBytes: 16 * 1024 ** 3, freeBytes: 3 * 1024 ** 3 },
    },
    speech: { engine: null },
    embeddingSwitch: {
      model: "e5",
      state: switchState,
      done: 10,
      total: 100,
      chunksPerS: 5,
      etaSeconds: 18,
      ...(switchState === "failed" ? { error: "out of memory" } : {}),
    },
  };
}

/** The page as HTML, for an admin (every form on show). */
const render = (locale: (typeof LOCALES)[number], status: StatusView, notices = {}) =>
  String(
    <StatusPage
      theme="auto"
      viewer={{ name: "root", role: "admin" }}
      i18n={createI18n(locale)}
      status={status}
      diskBytes={5 * 1024 ** 2}
      dataDir="/data"
      modelsDir="/models"
      presets={["qwen2.5-0.5b-instruct", "bge-small-en-v1.5"]}
      {...notices}
    />,
  );

describe("the status page in every language", () => {
  for (const locale of LOCALES)
    it(`${locale}: renders every part`, () => {
      for (const state of ["running", "done", "failed"] as const) {
        const html = render(locale, busyStatus(state), {
          switched: "qwen",
          uploaded: "tiny",
          unloaded: "old",
          unloadedRole: state === "done" ? "reranker" : "chat",
          reranker: "bge-rerank",
        });
        assert.match(html, new RegExp(`<html lang="${locale}"`));
        assert.match(html, /a\.pdf/);
      }
    });

  it("formats counts, sizes and parameters in the page's language", () => {
    const de = render("de", busyStatus("running"));
    assert.match(de, /Dokumente: 12\.345 indexiert/);
    assert.match(de, /Textstellen \(Abschnitte\): 123\.456/);
    assert.match(de, /1,54\sMrd\.\sParameter/);
    assert.match(de, /3\sGB von 16\sGB Arbeitsspeicher frei/);
    const en = render("en", busyStatus("running"));
    assert.match(en, /1\.54B parameters · Q4_K_M · 1 GB/);
    assert.match(en, /10 of 100 passages · 5 chunks\/s · about 18 sec left<br\/>Search keeps/);
    assert.match(en, /Search: words and meaning \(hybrid\)/);
    assert.match(en, /Formats: 3 EPUB · 2 PDF · 1 ZIM archives · 1 odt/);
    assert.match(en, /a\.pdf \(failed\): encrypted/);
    assert.match(en, /b\.epub \(indexed with a warning\): no table of contents/);
  });
});
