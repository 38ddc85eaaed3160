import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { QueryQrels } from "./metrics.js";

/** One corpus document. */
export interface EvalDoc {
  id: string;
  title: string;
  text: string;
}

/** One test query. */
export interface EvalQuery {
  id: string;
  text: string;
}

/** A test collection: documents, queries and graded judgements (query id → document id → grade). */
export interface EvalDataset {
  name: string;
  format: "beir" | "cranfield";
  /** The corpus, read from `corpus.jsonl`; empty when the corpus is a ZIM archive ({@link zim}). */
  docs: EvalDoc[];
  /**
   * A BEIR corpus given as a ZIM archive (`corpus.zim`): each HTML article is a
   * document whose corpus id is its path without the namespace and `.html`/`.htm`.
   */
  zim?: string;
  /** Only queries that have at least one relevant judgement, in file order. */
  queries: EvalQuery[];
  qrels: Map<string, QueryQrels>;
}

/** Thrown when a dataset folder or file is missing or malformed; names the file and line. */
export class DatasetError extends Error {
  override name = "DatasetError";
}

function jsonLines(text: string, file: string): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const value: unknown = JSON.parse(line);
      if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
      rows.push(value as Record<string, unknown>);
    } catch (err) {
      throw new DatasetError(`${file}:${i + 1}: invalid JSON line (${(err as Error).message})`);
    }
  });
  return rows;
}

function idOf(row: Record<string, unknown>, file: string, line: number): string {
  const id = row._id;
  if (typeof id !== "string" && typeof id !== "number") throw new DatasetError(`${file}:${line}: missing "_id"`);
  return String(id);
}

/**
 * Parses a BEIR `corpus.jsonl` (one `{"_id", "title", "text"}` object per line;
 * Thakur et al. 2021, github.com/beir-cellar/beir).
 * @throws DatasetError on a malformed line or a missing `_id`.
 */
export function parseBeirCorpus(text: string, file = "corpus.jsonl"): EvalDoc[] {
  return jsonLines(text, file).map((row, i) => ({
    id: idOf(row, file, i + 1),
    title: typeof row.title === "string" ? row.title : "",
    text: typeof row.text === "string" ? row.text : "",
  }));
}

/**
 * Parses a BEIR `queries.jsonl` (one `{"_id", "text"}` object per line).
 * @throws DatasetError on a malformed line or a missing `_id`.
 */
export function parseBeirQueries(text: string, file = "queries.jsonl"): EvalQuery[] {
  return jsonLines(text, file).map((row, i) => ({
    id: idOf(row, file, i + 1),
    text: typeof row.text === "string" ? row.text : "",
  }));
}

function judge(qrels: Map<string, Map<string, number>>, qid: string, docId: string, grade: number): void {
  const q = qrels.get(qid) ?? new Map<string, number>();
  q.set(docId, grade);
  qrels.set(qid, q);
}

/**
 * Parses BEIR qrels (`query-id<TAB>corpus-id<TAB>score`, optional header line).
 * Grades are integers; several lines for one pair keep the last.
 * @throws DatasetError on a line without three fields or a non-numeric score.
 */
export function parseBeirQrels(text: string, file = "qrels/test.tsv"): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const fields = line.split(/\t|\s+/);
    if (i === 0 && fields[2] !== undefined && Number.isNaN(Number(fields[2]))) return; // header
    const [qid, docId, score] = fields;
    if (qid === undefined || docId === undefined || score === undefined || Number.isNaN(Number(score)))
      throw new DatasetError(`${file}:${i + 1}: expected "query-id corpus-id score"`);
    judge(qrels, qid, docId, Number(score));
  });
  return qrels;
}

/** A record of a SMART-format file: the `.I` id and its fields by letter (`T`, `A`, `B`, `W`). */
export interface SmartRecord {
  id: string;
  fields: Record<string, string>;
}

/**
 * Parses the SMART format of the Cranfield, CISI and MED collections: records
 * start with `.I <id>`, fields with `.X` on a line of their own (Salton,
 * SMART retrieval system). CRLF line ends are accepted.
 */
export function parseSmart(text: string): SmartRecord[] {
  const records: SmartRecord[] = [];
  let current: SmartRecord | null = null;
  let field: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const start = /^\.I\s+(\S+)/.exec(line);
    if (start) {
      current = { id: start[1] as string, fields: {} };
      records.push(current);
      field = null;
      continue;
    }
    const marker = /^\.([A-Z])\s*$/.exec(line);
    if (marker && current) {
      field = marker[1] as string;
      current.fields[field] = "";
      continue;
    }
    if (current && field) current.fields[field] += `${line}\n`;
  }
  for (const r of records) for (const k of Object.keys(r.fields)) r.fields[k] = (r.fields[k] as string).trim();
  return records;
}

/**
 * Parses Cranfield's `cranqrel` (`qid docid code` per line). The quirks
 * (corpus `SOURCES.md`, `cranqrel.readme`): `qid` is the query's position
 * (1-based) in `cran.qry`, not its `.I` number; codes 1–4 are Cleverdon's
 * scale where 1 is a complete answer and 4 of minimum interest, so the grade
 * is `5 − code` (4 … 1) and higher means more relevant; code −1 (one per
 * query, not in the readme) means not relevant and is dropped.
 *
 * @param queryIds - `.I` ids of `cran.qry` in file order.
 * @throws DatasetError on a malformed line or a position outside the query file.
 */
export function parseCranfieldQrels(text: string, queryIds: readonly string[]): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const [pos, docId, code] = line.split(/\s+/);
    const n = Number(pos);
    const c = Number(code);
    if (docId === undefined || !Number.isInteger(n) || Number.isNaN(c))
      throw new DatasetError(`cranqrel:${i + 1}: expected "query-position docid code"`);
    const qid = queryIds[n - 1];
    if (qid === undefined) throw new DatasetError(`cranqrel:${i + 1}: query position ${n} is not in cran.qry`);
    if (c < 1 || c > 4) return;
    judge(qrels, qid, docId, 5 - c);
  });
  return qrels;
}

async function readRequired(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    throw new DatasetError(`missing dataset file ${path}`);
  }
}

function judged(queries: EvalQuery[], qrels: Map<string, Map<string, number>>): EvalQuery[] {
  return queries.filter((q) => [...(qrels.get(q.id)?.values() ?? [])].some((g) => g > 0));
}

/**
 * Loads a BEIR-format folder: `corpus.jsonl` (or `corpus.zim`), `queries.jsonl` and `qrels/<split>.tsv`.
 * Queries without a relevant judgement in the split are left out (as BEIR does).
 * @throws DatasetError when a file is missing or malformed.
 */
export async function loadBeir(dir: string, split = "test"): Promise<EvalDataset> {
  const zim = join(dir, "corpus.zim");
  const asZim = !existsSync(join(dir, "corpus.jsonl")) && existsSync(zim);
  const docs = asZim ? [] : parseBeirCorpus(await readRequired(join(dir, "corpus.jsonl")));
  const allQueries = parseBeirQueries(await readRequired(join(dir, "queries.jsonl")));
  const qrels = parseBeirQrels(await readRequired(join(dir, "qrels", `${split}.tsv`)), `qrels/${split}.tsv`);
  return {
    name: basename(dir),
    format: "beir",
    docs,
    queries: judged(allQueries, qrels),
    qrels,
    ...(asZim ? { zim } : {}),
  };
}

/**
 * Loads the Cranfield collection in SMART format: `cran.all.1400` (`.T` title,
 * `.W` abstract), `cran.qry` and `cranqrel` (see {@link parseCranfieldQrels}).
 * @throws DatasetError when a file is missing or malformed.
 */
export async function loadCranfield(dir: string): Promise<EvalDataset> {
  const docs = parseSmart(await readRequired(join(dir, "cran.all.1400"))).map((r) => ({
    id: r.id,
    title: (r.fields.T ?? "").replace(/\s+/g, " "),
    text: (r.fields.W ?? "").replace(/\s+/g, " "),
  }));
  const queryRecords = parseSmart(await readRequired(join(dir, "cran.qry")));
  const queries = queryRecords.map((r) => ({ id: r.id, text: (r.fields.W ?? "").replace(/\s+/g, " ") }));
  const qrels = parseCranfieldQrels(
    await readRequired(join(dir, "cranqrel")),
    queries.map((q) => q.id),
  );
  return { name: basename(dir), format: "cranfield", docs, queries: judged(queries, qrels), qrels };
}

/**
 * Loads a dataset folder, detecting its format: BEIR when `corpus.jsonl`
 * exists, Cranfield when `cran.all.1400` does.
 * @throws DatasetError when the folder is neither.
 */
export async function loadDataset(dir: string, split = "test"): Promise<EvalDataset> {
  if (existsSync(join(dir, "corpus.jsonl")) || existsSync(join(dir, "corpus.zim"))) return loadBeir(dir, split);
  if (existsSync(join(dir, "cran.all.1400"))) return loadCranfield(dir);
  throw new DatasetError(`${dir} is neither a BEIR folder (corpus.jsonl) nor Cranfield (cran.all.1400)`);
}

/**
 * Writes a corpus document as a Markdown file with its title in front matter,
 * so it goes through the same parser, chunker and index as a user's book.
 * Whitespace runs collapse to one space: a multi-line SMART abstract must
 * not turn into Markdown code blocks or lists.
 */
export function docToMarkdown(doc: EvalDoc): string {
  const body = doc.text.replace(/\s+/g, " ").trim();
  return `---\ntitle: ${JSON.stringify(doc.title.replace(/\s+/g, " ").trim() || doc.id)}\n---\n\n${body}\n`;
}
