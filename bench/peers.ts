/**
 * `npm run bench -- --peers`: Almanac beside what a user would run instead, on
 * the same corpus and queries, interleaved: kiwix-serve (Debian
 * `kiwix-tools`, Xapian) on the same ZIM, over HTTP. A peer that is not
 * installed is skipped, and the report says so. SQLite FTS5, the other peer,
 * is measured in one process by bench/fts5-peer.ts.
 *
 * The corpus is a ZIM of generated articles made of real text (SciFact
 * abstracts, three sections each, under SciFact titles; `ALMANAC_BENCH_PEERS_ARTICLES`,
 * default 10,000), built once with zimwriterfs and its full-text index. The
 * queries are 2–3 words drawn from the articles themselves, so every search is selective.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, linkSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isStopWord } from "../src/retrieve/stop-words.js";
import { percentile } from "../src/stats.js";
import { packZim } from "./formats.js";
import type { BenchReport } from "./report.js";
import { type Abstract, dirBytes, loadAbstracts } from "./scale.js";
import type { LoadFigures } from "./search-load.js";
import { spawnServe, stopServe, waitForStatus } from "./serve-process.js";
import { rssMb } from "./startup.js";

const htmlText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The article `i`: abstract i mod N's sentences rotated by its round, in three sections titled by other abstracts. */
function article(i: number, all: Abstract[]): { title: string; sections: Array<{ heading: string; text: string }> } {
  const n = all.length;
  const a = all[i % n] as Abstract;
  const round = Math.floor(i / n);
  const s = a.sentences.map((_, j) => a.sentences[(j + round) % a.sentences.length] as string);
  const third = Math.ceil(s.length / 3);
  const sections = [0, 1, 2].map((h) => ({
    heading: (all[(i * 7 + h + 1) % n] as Abstract).title,
    text: s.slice(h * third, (h + 1) * third).join(" "),
  }));
  return { title: round ? `${a.title} (${round + 1})` : a.title, sections };
}

/** The ZIM of `count` articles with its Xapian full-text index, built once in the temp folder; its path. */
export function peersZim(count: number, all: Abstract[]): string {
  const out = join(tmpdir(), `almanac-peers-${count}.zim`);
  if (existsSync(out)) return out;
  const src = mkdtempSync(join(tmpdir(), "almanac-peersgen-"));
  mkdirSync(join(src, "a"));
  for (let i = 0; i < count; i++) {
    const { title, sections } = article(i, all);
    const body = sections.map((x) => `<h2>${htmlText(x.heading)}</h2><p>${htmlText(x.text)}</p>`).join("");
    writeFileSync(
      join(src, "a", `${i}.html`),
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${htmlText(title)}</title></head><body><h1>${htmlText(title)}</h1>${body}</body></html>`,
    );
  }
  packZim(src, out, "Peers", true);
  return out;
}

/**
 * `count` queries of 2–3 content words in a row, each from one text that
 * `pick` chooses with the random source it is given (seeded, so every run asks the same).
 */
export function wordRunQueries(count: number, pick: (random: () => number) => string): string[] {
  let seed = 2024;
  const random = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const out: string[] = [];
  while (out.length < count) {
    const words = (
      pick(random)
        .toLowerCase()
        .match(/[a-z]{4,}/g) ?? []
    ).filter((w) => !isStopWord(w));
    if (words.length < 3) continue;
    const at = Math.floor(random() * (words.length - 2));
    out.push(words.slice(at, at + 2 + Math.floor(random() * 2)).join(" "));
  }
  return out;
}

/** `count` queries of 2–3 content words, each taken from one article's text. */
function peerQueries(count: number, articles: number, all: Abstract[]): string[] {
  return wordRunQueries(
    count,
    (random) => article(Math.floor(random() * articles), all).sections[Math.floor(random() * 3)]?.text ?? "",
  );
}

function installed(cmd: string): boolean {
  try {
    execFileSync(cmd, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A search server under test: where to send a query, and its process for memory. */
interface Peer {
  name: string;
  base: string;
  path: (q: string) => string;
  child: ChildProcess;
}

/**
 * `clients` loops, each sending the next query (one shared turn) with `fetch` and waiting for the
 * whole body, for `seconds`. A plain client for both peers: autocannon's keep-alive waited about 2 s
 * on each of kiwix-serve's replies, which is the client's problem, not the server's.
 */
async function fetchLoad(base: string, paths: string[], clients: number, seconds: number): Promise<LoadFigures> {
  const times: number[] = [];
  let next = 0;
  let failed = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const res = await fetch(`${base}${paths[next++ % paths.length]}`);
        await res.arrayBuffer();
        if (res.ok) times.push(performance.now() - t);
        else failed++;
      }
    }),
  );
  return { p50: percentile(times, 50), p97_5: percentile(times, 97.5), rps: times.length / seconds, non2xx: failed };
}

/** A peer's figures in one round: 1 client, 8 clients, and its peak RSS under the 8 (MB). */
interface Measured {
  one: LoadFigures;
  eight: LoadFigures;
  rss: number;
}

/** 1 client, then 8, for 8 s each; with the server's peak RSS under the 8. */
async function measure(peer: Peer, paths: string[]): Promise<Measured> {
  const one = await fetchLoad(peer.base, paths, 1, 8);
  let rss = 0;
  const sampler = setInterval(() => {
    rss = Math.max(rss, rssMb(peer.child.pid as number));
  }, 200);
  const eight = await fetchLoad(peer.base, paths, 8, 8);
  clearInterval(sampler);
  return { one, eight, rss };
}

/** min / median / max of ratios, as the report's note. */
const spread = (xs: number[]) =>
  `min ${Math.min(...xs).toFixed(2)}, median ${percentile(xs, 50).toFixed(2)}, max ${Math.max(...xs).toFixed(2)}`;

/**
 * Adds the peers section: Almanac ÷ kiwix-serve for latency (1 client p50 and
 * p97.5), throughput and RSS at 8 clients, three interleaved rounds; time to
 * searchable; and index size ÷ the ZIM. Skips what is not installed.
 */
export async function peersFigures(report: BenchReport, rounds = 3): Promise<void> {
  const count = Number(process.env.ALMANAC_BENCH_PEERS_ARTICLES ?? 10_000);
  const section = `peers, ${count.toLocaleString("en")}-article ZIM of real text`;
  if (!installed("zimwriterfs"))
    return report.add(section, "built", null, "", "zimwriterfs not installed: apt-get install zim-tools");
  const all = loadAbstracts().filter((a) => a.sentences.length >= 3);
  const zim = peersZim(count, all);
  // More than a run sends, so neither side's result cache answers a repeat.
  const queries = peerQueries(3000, count, all);
  const dir = mkdtempSync(join(tmpdir(), "almanac-peers-"));
  mkdirSync(join(dir, "library", "wiki"), { recursive: true });
  linkSync(zim, join(dir, "library", "wiki", "peers.zim"));
  const t0 = performance.now();
  const almanacChild = spawnServe(
    dir,
    18_490,
    { ALMANAC_API_KEY_RATE_PER_MINUTE: "0", ALMANAC_SEARCH_CACHE_ENTRIES: "0" },
    ["--no-watch"],
  );
  const almanac: Peer = {
    name: "Almanac",
    base: "http://127.0.0.1:18490",
    path: (q) => `/api/search?k=10&q=${encodeURIComponent(q)}`,
    child: almanacChild,
  };
  let kiwix: Peer | null = null;
  try {
    await waitForStatus(almanac.base, (s) => !s.indexing.busy, 1_800_000, 200);
    report.add(section, "Almanac: searchable after launch (indexing the ZIM)", (performance.now() - t0) / 1000, "s");
    const indexBytes = await dirBytes(join(dir, "indexes"));
    // Past the parse pool's 10 s idle timeout: the serving process alone, as it runs after its first index.
    await new Promise((r) => setTimeout(r, 11_000));
    report.add(section, "Almanac: index ÷ ZIM", indexBytes / statSync(zim).size, "×", "target ≤ 2");
    if (installed("kiwix-serve")) {
      const k0 = performance.now();
      const child = spawn("kiwix-serve", ["--port", "18491", "--address", "127.0.0.1", zim], { stdio: "ignore" });
      kiwix = {
        name: "kiwix-serve",
        base: "http://127.0.0.1:18491",
        path: (q) => `/search?pattern=${encodeURIComponent(q)}`,
        child,
      };
      for (;;) {
        const ok = await fetch(`${kiwix.base}${kiwix.path(queries[0] as string)}`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (performance.now() - k0 > 30_000) throw new Error("kiwix-serve did not answer a search within 30 s");
        await new Promise((r) => setTimeout(r, 50));
      }
      report.add(section, "kiwix-serve: first search answered after launch", (performance.now() - k0) / 1000, "s");
    } else report.add(section, "kiwix-serve", null, "", "not installed: apt-get install kiwix-tools");
    // Almanac ÷ kiwix-serve per round, with each figure's target.
    const ratios = [
      { name: "1 client p50", of: (m: Measured) => Math.max(1, m.one.p50), target: "≤ 1.2", values: [] as number[] },
      {
        name: "1 client p97.5",
        of: (m: Measured) => Math.max(1, m.one.p97_5),
        target: "≤ 1.0",
        values: [] as number[],
      },
      { name: "8 clients throughput", of: (m: Measured) => m.eight.rps, target: "≥ 1.0", values: [] as number[] },
      { name: "RSS under 8 clients", of: (m: Measured) => m.rss, target: "≤ 2", values: [] as number[] },
    ];
    for (let round = 0; round < rounds; round++) {
      const measured: Array<[Peer, Measured]> = [];
      for (const peer of kiwix ? [almanac, kiwix] : [almanac]) {
        const m = await measure(peer, queries.map(peer.path));
        measured.push([peer, m]);
        const note = `${m.eight.rps.toFixed(0)} queries/s, RSS ${m.rss.toFixed(0)} MB`;
        report.add(
          section,
          `${peer.name} round ${round + 1}: 1 client p50 / 8 clients queries/s`,
          m.one.p50,
          "ms",
          note,
        );
      }
      const [a, k] = measured.map(([, m]) => m);
      if (a && k) for (const r of ratios) r.values.push(r.of(a) / r.of(k));
    }
    if (kiwix)
      for (const r of ratios)
        report.add(
          section,
          `Almanac ÷ kiwix-serve: ${r.name}`,
          percentile(r.values, 50),
          "×",
          `${spread(r.values)}; target ${r.target}`,
        );
  } finally {
    if (kiwix) {
      kiwix.child.kill("SIGTERM");
      await new Promise((r) => kiwix?.child.once("exit", r));
    }
    await stopServe(almanacChild, dir);
  }
}
