import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DatasetError,
  docToMarkdown,
  loadDataset,
  parseBeirQrels,
  parseCranfieldQrels,
  parseSmart,
} from "../../src/eval/datasets.js";
import { meanMetrics, mrrAtK, ndcgAtK, percentile, recallAtK, scoreQuery } from "../../src/eval/metrics.js";
import { tempDir } from "../helpers.js";

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
