/**
 * Index size against source size for `npm run bench`: the LanceDB folder once
 * old versions are pruned, divided by the extracted text of the documents
 * (the largest chunk end offset of each document, in UTF-16 code units, which
 * is bytes for the mostly-ASCII starter library).
 */
import "../src/store/lance-log.js";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { CHUNKS_TABLE, LANCE_DIR } from "../src/store/chunk-store.js";

/** Sizes of the index in `dataDir` (closed by its app first), bytes. */
export async function indexSize(dataDir: string): Promise<{ indexBytes: number; sourceBytes: number }> {
  const db = await lancedb.connect(join(dataDir, LANCE_DIR));
  const table = await db.openTable(CHUNKS_TABLE);
  // What a library settles to: versions the server keeps for 5 minutes for live searches are dropped here.
  await table.optimize({ cleanupOlderThan: new Date(Date.now() + 1000), deleteUnverified: true });
  const ends = new Map<string, number>();
  for (const r of (await table.query().select(["doc_id", "end_offset"]).toArray()) as Array<{
    doc_id: string;
    end_offset: number;
  }>)
    ends.set(r.doc_id, Math.max(ends.get(r.doc_id) ?? 0, r.end_offset));
  table.close();
  db.close();
  const indexBytes = Number(execFileSync("du", ["-sb", join(dataDir, LANCE_DIR)], { encoding: "utf8" }).split("\t")[0]);
  return { indexBytes, sourceBytes: [...ends.values()].reduce((a, b) => a + b, 0) };
}
