import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { formatReport } from "../../src/cli/eval-command.js";
import { loadConfig } from "../../src/config.js";
import { loadDataset } from "../../src/eval/datasets.js";
import { type EvalReport, runEvaluation } from "../../src/eval/harness.js";
import { createLogger } from "../../src/log.js";
import { articleHtml, buildZim } from "../fixtures/zim-build.js";
import { fixtureModels, tempDir } from "../helpers.js";

/**
 * A 50-document BEIR collection written by the test: ten topics with five
 * documents each, built from disjoint vocabularies, and one query per topic
 * whose relevant documents are that topic's five (graded 2 for the first, 1 for the rest).
 */
function writeBeirFixture(dir: string): void {
  const topics = [
    ["glacier", "moraine", "crevasse", "icefall"],
    ["volcano", "magma", "caldera", "lava"],
    ["orchard", "apple", "pruning", "graft"],
    ["compass", "bearing", "declination", "azimuth"],
    ["tourniquet", "bleeding", "artery", "pressure"],
    ["kindling", "tinder", "ember", "flint"],
    ["snowshoe", "drift", "avalanche", "cornice"],
    ["filter", "boiling", "purify", "cistern"],
    ["semaphore", "mirror", "flare", "beacon"],
    ["tarpaulin", "lean", "ridgeline", "guyline"],
  ];
  const filler = ["the", "report", "notes", "that", "observers", "recorded", "several", "details", "during", "survey"];
  const corpus: string[] = [];
  const qrels = ["query-id\tcorpus-id\tscore"];
  const queries: string[] = [];
  topics.forEach((words, t) => {
    for (let d = 0; d < 5; d++) {
      const id = `t${t}d${d}`;
      const text = [...filler.slice(0, 4 + d), ...words.slice(0, 2 + (d % 3)), ...filler.slice(4)].join(" ");
      corpus.push(JSON.stringify({ _id: id, title: `${words[0]} field report ${d}`, text }));
      qrels.push(`q${t}\t${id}\t${d === 0 ? 2 : 1}`);
    }
    queries.push(JSON.stringify({ _id: `q${t}`, text: `${words[0]} ${words[1]}` }));
  });
  queries.push(JSON.stringify({ _id: "unjudged", text: "nothing" }));
  mkdirSync(join(dir, "qrels"), { recursive: true });
  writeFileSync(join(dir, "corpus.jsonl"), `${corpus.join("\n")}\n`);
  writeFileSync(join(dir, "queries.jsonl"), `${queries.join("\n")}\n`);
  writeFileSync(join(dir, "qrels", "test.tsv"), `${qrels.join("\n")}\n`);
}

describe("evaluation harness: a BEIR corpus given as a ZIM archive", () => {
  it("indexes the archive's articles as the corpus and scores them by their paths", async () => {
    const tmp = tempDir();
    try {
      const dir = join(tmp.dir, "zim-beir");
      writeBeirFixture(dir);
      // The same 50 documents, as HTML articles named by corpus id, packed by zimwriterfs.
      const docs = readFileSync(join(dir, "corpus.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { _id: string; title: string; text: string });
      await buildZim(
        join(dir, "corpus.zim"),
        docs.map((d) => ({ path: `${d._id}.html`, html: articleHtml(d.title, `<p>${d.text}</p>`) })),
      );
      rmSync(join(dir, "corpus.jsonl"));
      const dataset = await loadDataset(dir);
      assert.ok(dataset.zim);
      const report = await runEvaluation(dataset, {
        modes: ["bm25"],
        k: 10,
        config: loadConfig({ modelsDir: join(tmp.dir, "none"), threads: 1, logLevel: "silent" }, {}),
        log: createLogger("silent"),
      });
      assert.equal(report.documents, 50);
      assert.equal(report.modes[0]?.metrics.recall, 1);
      assert.ok((report.modes[0]?.metrics.ndcg ?? 0) > 0.9);
    } finally {
      tmp.cleanup();
    }
  });
});

describe("evaluation harness end to end (50-document BEIR fixture)", () => {
  const tmp = tempDir();
  const datasetDir = join(tmp.dir, "mini-beir");
  const log = createLogger("silent");
  const config = (models: string | null) =>
    loadConfig({ modelsDir: models ?? join(tmp.dir, "no-models"), threads: 1, logLevel: "silent" }, {});
  let lexical: EvalReport;

  before(async () => {
    writeBeirFixture(datasetDir);
    const dataset = await loadDataset(datasetDir);
    let indexed = 0;
    lexical = await runEvaluation(dataset, {
      modes: ["bm25"],
      k: 10,
      config: config(null),
      log,
      onIndexProgress: (done) => {
        indexed = done;
      },
    });
    assert.equal(indexed, 50, "progress reached every document");
  });
  after(() => tmp.cleanup());

  it("indexes the corpus through Almanac's own pipeline and scores judged queries only", () => {
    assert.equal(lexical.documents, 50);
    assert.equal(lexical.queries, 10, "the unjudged query is left out");
    assert.equal(lexical.index.failed, 0);
    assert.ok(lexical.chunks >= 50);
    const [bm25] = lexical.modes;
    assert.equal(bm25?.mode, "bm25");
    // Each query's two words occur only in its own topic's five documents, so all five rank in the top 10.
    assert.equal(bm25?.metrics.recall, 1);
    assert.equal(bm25?.metrics.mrr, 1);
    assert.ok((bm25?.metrics.ndcg ?? 0) > 0.9);
    assert.equal(bm25?.perQuery.length, 10);
    assert.ok((bm25?.latencyMs.p95 ?? -1) >= (bm25?.latencyMs.p50 ?? 0));
  });

  it("limits queries, and the untuned baseline profile runs on the same corpus", async () => {
    const dataset = await loadDataset(datasetDir);
    const report = await runEvaluation(dataset, {
      modes: ["bm25"],
      k: 5,
      limitQueries: 3,
      config: config(null),
      log,
      lexical: "baseline",
    });
    assert.equal(report.queries, 3);
    assert.equal(report.settings.lexical, "baseline");
    assert.equal(report.k, 5);
    assert.match(formatReport(report), /nDCG@5 +recall@5 +recall@100 +MRR@5/);
  });

  it("runs vector, hybrid and rerank modes on the fixture models", async () => {
    const dataset = await loadDataset(datasetDir);
    const report = await runEvaluation(dataset, {
      modes: ["vector", "hybrid", "rerank"],
      k: 10,
      limitQueries: 4,
      config: config(fixtureModels()),
      log,
    });
    assert.equal(report.models.embedding, "tiny-embed");
    assert.equal(report.models.reranker, "tiny-rerank");
    assert.deepEqual(
      report.modes.map((m) => m.mode),
      ["vector", "hybrid", "rerank"],
    );
    for (const m of report.modes) {
      assert.equal(m.perQuery.length, 4);
      for (const v of [m.metrics.ndcg, m.metrics.recall, m.metrics.recall100, m.metrics.mrr])
        assert.ok(v >= 0 && v <= 1);
    }
    // Random vectors rank poorly, but hybrid keeps the exact keyword matches: every topic document is found.
    assert.equal(report.modes[1]?.metrics.recall, 1);
  });

  it("refuses a mode whose model is missing, naming the folder", async () => {
    const dataset = await loadDataset(datasetDir);
    await assert.rejects(
      runEvaluation(dataset, { modes: ["hybrid"], k: 10, config: config(null), log }),
      /needs an embedding model/,
    );
  });
});
