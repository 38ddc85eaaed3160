import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { formatReport } from "../src/cli/eval-command.js";
import { loadConfig } from "../src/config.js";
import { DatasetError, loadDataset, parseBeirQrels, parseCranfieldQrels, parseSmart } from "../src/eval/datasets.js";
import { docToMarkdown, type EvalReport, runEvaluation } from "../src/eval/harness.js";
import { meanMetrics, mrrAtK, ndcgAtK, percentile, recallAtK, scoreQuery } from "../src/eval/metrics.js";
import { createLogger } from "../src/log.js";
import { articleHtml, buildZim } from "./fixtures/zim-build.js";
import { fixtureModels, tempDir } from "./helpers.js";

describe("metrics (trec_eval definitions, hand-computed)", () => {
  // Judged: a (grade 3), b (2), c (1); x and y unjudged.
  const qrels = new Map([
    ["a", 3],
    ["b", 2],
    ["c", 1],
  ]);
  const ranked = ["x", "a", "c", "y", "b"];

  it("nDCG@k uses linear gains and a log2(rank + 1) discount", () => {
    // DCG = 3/log2(3) + 1/log2(4) + 2/log2(6) = 1.892789 + 0.5 + 0.773706 = 3.166495
    // IDCG = 3/log2(2) + 2/log2(3) + 1/log2(4) = 3 + 1.261860 + 0.5 = 4.761860
    assert.ok(Math.abs(ndcgAtK(ranked, qrels, 10) - 3.166495 / 4.76186) < 1e-6);
    // At k = 2 only "a" counts: (3/log2(3)) / (3 + 2/log2(3)) = 1.892789 / 4.261860.
    assert.ok(Math.abs(ndcgAtK(ranked, qrels, 2) - 1.892789 / 4.26186) < 1e-6);
    assert.equal(ndcgAtK(["a", "b", "c"], qrels, 10), 1);
    assert.equal(ndcgAtK(["x", "y"], qrels, 10), 0);
  });

  it("recall@k and MRR@k", () => {
    assert.equal(recallAtK(ranked, qrels, 2), 1 / 3);
    assert.equal(recallAtK(ranked, qrels, 3), 2 / 3);
    assert.equal(recallAtK(ranked, qrels, 100), 1);
    assert.equal(mrrAtK(ranked, qrels, 10), 0.5);
    assert.equal(mrrAtK(["x", "y", "z", "c"], qrels, 3), 0, "first relevant below the cutoff");
    assert.equal(mrrAtK(["x", "y", "z", "c"], qrels, 10), 0.25);
  });

  it("ignores grades ≤ 0 and duplicate documents", () => {
    const graded = new Map([
      ["a", 0],
      ["b", -1],
      ["c", 2],
    ]);
    assert.equal(recallAtK(["a", "b"], graded, 10), 0);
    assert.equal(recallAtK(["c"], graded, 10), 1);
    assert.equal(ndcgAtK(["a", "c"], graded, 10), 2 / Math.log2(3) / 2);
    // The repeated "x" must not push "a" down to rank 3.
    assert.equal(mrrAtK(["x", "x", "a"], qrels, 10), 0.5);
    assert.equal(ndcgAtK(["a", "b", "c"], new Map(), 10), 0, "no relevant documents");
  });

  it("averages per query and interpolates percentiles like NumPy", () => {
    const m = meanMetrics([scoreQuery(["a"], qrels), scoreQuery(["x"], qrels)]);
    assert.equal(m.queries, 2);
    assert.equal(m.mrr, 0.5);
    assert.equal(m.recall100, 1 / 6);
    assert.equal(percentile([4, 1, 3, 2], 50), 2.5);
    assert.ok(Math.abs(percentile([1, 2, 3, 4], 95) - 3.85) < 1e-12);
    assert.ok(Number.isNaN(percentile([], 50)));
  });
});

describe("dataset formats", () => {
  it("reads BEIR qrels with a header and graded scores", () => {
    const q = parseBeirQrels("query-id\tcorpus-id\tscore\n1\td1\t2\n1\td2\t0\n2\td3\t1\n");
    assert.deepEqual(
      [...(q.get("1") ?? [])],
      [
        ["d1", 2],
        ["d2", 0],
      ],
    );
    assert.throws(() => parseBeirQrels("1\td1\n"), DatasetError);
  });

  it("reads SMART records with CRLF line ends", () => {
    const records = parseSmart(
      ".I 1\r\n.T\r\nwing in a\r\nslipstream .\r\n.A\r\nbrenckman,m.\r\n.W\r\nan experimental\r\nstudy .\r\n.I 2\r\n.W\r\nsecond\r\n",
    );
    assert.equal(records.length, 2);
    assert.equal(records[0]?.fields.T, "wing in a\nslipstream .");
    assert.equal(records[0]?.fields.W, "an experimental\nstudy .");
    assert.equal(records[1]?.id, "2");
  });

  it("maps Cranfield qrels positions to query ids, inverts the grade scale and drops code −1", () => {
    // cran.qry numbers queries 001, 002, 004 (not contiguous); cranqrel uses positions 1..3.
    const q = parseCranfieldQrels("1 184 2\n1 29 -1\n3 12 1\n3 51 4\n", ["001", "002", "004"]);
    assert.deepEqual([...(q.get("001") ?? [])], [["184", 3]]);
    assert.deepEqual(
      [...(q.get("004") ?? [])],
      [
        ["12", 4],
        ["51", 1],
      ],
    );
    assert.equal(q.has("002"), false);
    assert.throws(() => parseCranfieldQrels("9 1 1\n", ["001"]), /position 9/);
  });

  it("rejects a folder that is neither format", async () => {
    const tmp = tempDir();
    await assert.rejects(loadDataset(tmp.dir), DatasetError);
    tmp.cleanup();
  });

  it("writes corpus documents as Markdown whose title and text survive parsing", () => {
    const md = docToMarkdown({ id: "7", title: 'Wings: "lift"\nand drag', text: "line one\n    indented two" });
    assert.equal(md, '---\ntitle: "Wings: \\"lift\\" and drag"\n---\n\nline one indented two\n');
  });
});

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
