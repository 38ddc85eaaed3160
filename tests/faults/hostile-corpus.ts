import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import AdmZip from "adm-zip";

/** What a hostile file must end as: its status and a pattern its reason must match. */
export interface Expectation {
  status: "failed" | "skipped" | "indexed";
  reason?: RegExp;
}

const CONTAINER = `<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>`;

function opf(items: Array<{ id: string; href: string }>, spine: string[], doctype = ""): string {
  return `<?xml version="1.0"?>${doctype}
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Hostile</dc:title><dc:identifier id="id">x</dc:identifier></metadata>
  <manifest>${items.map((i) => `<item id="${i.id}" href="${i.href}" media-type="application/xhtml+xml"/>`).join("")}</manifest>
  <spine>${spine.map((id) => `<itemref idref="${id}"/>`).join("")}</spine>
</package>`;
}

const chapter = (title: string, body: string) =>
  `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;

/** Builds an EPUB from entries (name → contents) with adm-zip. */
function epub(entries: Record<string, string | Buffer>): Buffer {
  const zip = new AdmZip();
  zip.addFile("mimetype", Buffer.from("application/epub+zip"));
  for (const [name, data] of Object.entries(entries))
    zip.addFile(name, Buffer.isBuffer(data) ? data : Buffer.from(data));
  return zip.toBuffer();
}

function validEpub(): Buffer {
  return epub({
    "META-INF/container.xml": CONTAINER,
    "OEBPS/content.opf": opf([{ id: "c1", href: "c1.xhtml" }], ["c1"]),
    "OEBPS/c1.xhtml": chapter("Knots", "The bowline makes a fixed loop that will not slip under load."),
  });
}

/** A pseudo-random byte stream (deterministic, so failures reproduce). */
function randomBytes(n: number, seed = 7): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/**
 * Writes the hostile corpus into `lib/hostile/` and returns what each file
 * must end as. Nothing is committed: every file is generated here.
 * `outside` is a folder beside the library holding a canary file that links point to.
 */
export function writeHostileCorpus(lib: string, outside: string, permissionsApply = true): Record<string, Expectation> {
  const dir = join(lib, "hostile");
  mkdirSync(dir, { recursive: true });
  mkdirSync(outside, { recursive: true });
  const put = (name: string, data: string | Buffer) => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  };
  const expect: Record<string, Expectation> = {};

  // Archives and XML.
  put(
    "zip-bomb.epub",
    epub({
      "META-INF/container.xml": CONTAINER,
      "OEBPS/content.opf": opf([{ id: "c1", href: "c1.xhtml" }], ["c1"]),
      "OEBPS/c1.xhtml": Buffer.alloc(100 * 1024 * 1024, 0x20),
    }),
  );
  expect["hostile/zip-bomb.epub"] = { status: "failed", reason: /inflates to 100 MB, over the 64 MB limit/ };
  put(
    "zip-slip.epub",
    epub({
      "META-INF/container.xml": CONTAINER,
      "OEBPS/content.opf": opf([{ id: "c1", href: "../../../../tmp/evil.xhtml" }], ["c1"]),
      "../../../../tmp/evil.xhtml": chapter("Slip", "zipslipmarker text"),
    }),
  );
  // Almanac never extracts to disk, so a "../" entry name is only a name: nothing is written, and the one
  // chapter, named outside the book's folder, is not found, so the book fails saying so.
  expect["hostile/zip-slip.epub"] = { status: "failed", reason: /none of the EPUB's 1 chapter files could be read/ };
  put(
    "xxe.epub",
    epub({
      "META-INF/container.xml": CONTAINER,
      "OEBPS/content.opf": opf(
        [{ id: "c1", href: "c1.xhtml" }],
        ["c1"],
        '<!DOCTYPE package [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      ),
      "OEBPS/c1.xhtml": chapter("XXE", "&xxe;"),
    }),
  );
  expect["hostile/xxe.epub"] = { status: "failed", reason: /declares XML entities/ };
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`).join("")}]>${CONTAINER.replace('<?xml version="1.0"?>', "")}`;
  put("billion-laughs.epub", epub({ "META-INF/container.xml": laughs, "OEBPS/content.opf": opf([], []) }));
  expect["hostile/billion-laughs.epub"] = { status: "failed", reason: /declares XML entities/ };
  put(
    "looping-spine.epub",
    epub({
      "META-INF/container.xml": CONTAINER,
      "OEBPS/content.opf": opf([{ id: "c1", href: "c1.xhtml" }], ["c1", "c1", "c1"]),
      "OEBPS/c1.xhtml": chapter("Loop", "A spine that lists one chapter three times still indexes."),
    }),
  );
  expect["hostile/looping-spine.epub"] = { status: "indexed" };
  const many = Array.from({ length: 20_000 }, (_, i) => ({ id: `c${i}`, href: `c${i}.xhtml` }));
  put(
    "huge-spine.epub",
    epub({
      "META-INF/container.xml": CONTAINER,
      "OEBPS/content.opf": opf(
        many,
        many.map((m) => m.id),
      ),
    }),
  );
  expect["hostile/huge-spine.epub"] = { status: "failed", reason: /spine lists 20000 chapter files, over the limit/ };
  put(
    "missing-spine.epub",
    epub({
      "META-INF/container.xml": CONTAINER,
      "OEBPS/content.opf": opf(
        [
          { id: "c1", href: "c1.xhtml" },
          { id: "c2", href: "gone.xhtml" },
        ],
        ["c1", "c2"],
      ),
      "OEBPS/c1.xhtml": chapter("Present", "The chapter that is present still indexes: paracord tensile strength."),
    }),
  );
  expect["hostile/missing-spine.epub"] = {
    status: "indexed",
    reason: /1 chapter file missing from the EPUB: .*gone\.xhtml/,
  };
  const whole = validEpub();
  put("truncated.epub", whole.subarray(0, Math.floor(whole.length / 2)));
  expect["hostile/truncated.epub"] = { status: "failed", reason: /ZIP|zip|archive/ };

  // Text.
  put("invalid-utf8.txt", Buffer.from(randomBytes(200_000).map((b) => 0x80 | (b & 0x1f))));
  expect["hostile/invalid-utf8.txt"] = { status: "failed", reason: /not a text file \(mostly invalid UTF-8\)/ };
  put("long-line.txt", "word ".repeat(10_000_000));
  expect["hostile/long-line.txt"] = { status: "failed", reason: /50\.0 M characters, over the limit of 20\.0 M/ };
  put("binary.md", randomBytes(1024 * 1024));
  expect["hostile/binary.md"] = { status: "failed", reason: /not a text file/ };
  put("empty.md", "");
  expect["hostile/empty.md"] = { status: "skipped", reason: /empty file/ };
  put("deep-nesting.md", `${"- ".repeat(10_000)}x\n`);
  expect["hostile/deep-nesting.md"] = {
    status: "failed",
    reason: /nests \d{4} levels deep, over the limit of 64 \(maxMarkdownDepth\)/,
  };
  const rows = ["| item | weight | notes |", "|---|---|---|"];
  for (let i = 0, size = 0; size < 10 * 1024 * 1024; i++) {
    const row =
      i === 50_000 ? "| tablemarker | 1 g | the row the test searches for |" : `| item ${i} | ${i % 97} g | row ${i} |`;
    rows.push(row);
    size += row.length + 1;
  }
  put("big-table.md", `# Inventory\n\n${rows.join("\n")}\n`);
  expect["hostile/big-table.md"] = { status: "indexed" };

  // Filesystem.
  put("unreadable.md", "# Locked\n\nunreadablemarker text.\n");
  execFileSync("chmod", ["000", join(dir, "unreadable.md")]);
  // Root reads a mode-000 file anyway; the suite runs the server as nobody when it can.
  expect["hostile/unreadable.md"] = permissionsApply
    ? { status: "failed", reason: /cannot open: permission denied/ }
    : { status: "indexed" };
  execFileSync("mkfifo", [join(dir, "fifo.txt")]);
  expect["hostile/fifo.txt"] = { status: "failed", reason: /not a regular file \(a FIFO\)/ };
  writeFileSync(join(outside, "secret.md"), "# Secret\n\ncanaryzebra outside the library root.\n");
  symlinkSync(join(outside, "secret.md"), join(dir, "link-out.md"));
  expect["hostile/link-out.md"] = { status: "skipped", reason: /symbolic link/ };
  put("target.md", "# Target\n\nA file inside the library that a link points to.\n");
  expect["hostile/target.md"] = { status: "indexed" };
  symlinkSync(join(dir, "target.md"), join(dir, "link-in.md"));
  expect["hostile/link-in.md"] = { status: "skipped", reason: /symbolic link/ };
  put("Ünïcødé 📚 book.md", "# Unicode\n\nglacierwater from a unicode file name.\n");
  expect["hostile/Ünïcødé 📚 book.md"] = { status: "indexed" };
  put("new\nline.md", "# Newline\n\nnewlinemarker in a file name with a line break.\n");
  expect["hostile/new\nline.md"] = { status: "indexed" };
  return expect;
}

/** A copy of a real book for the "good books still index" checks. */
export function copyGoodBooks(lib: string, books: string): void {
  mkdirSync(join(lib, "survival"), { recursive: true });
  for (const name of ["Water.md", "Fire.md"])
    writeFileSync(join(lib, "survival", name), readFileSync(join(books, name)));
}

/** A 1×1 PNG (the smallest valid image). */
export const TINY_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/**
 * An EPUB whose chapter tries every way HTML can act: a script, an image
 * with `onerror` from another host, a `javascript:` link, an iframe, inline
 * event handlers, a style that loads a remote font, an SVG image carrying a
 * script, and an image path that climbs out of the book. It also has one
 * honest PNG. The reader must show its words and pictures and run none of it.
 */
export function scriptedEpub(): Buffer {
  const body =
    `Boil water for one minute before drinking.</p><script>alert("script")</script>` +
    `<img src="http://evil.example/x.png" onerror="alert('img')"/>` +
    `<p onclick="alert('click')">Click <a href="javascript:alert('link')">this javascript link</a> safely.</p>` +
    `<iframe src="http://evil.example/frame"></iframe>` +
    `<p><img src="images/ok.png" alt="a water filter"/><img src="images/evil.svg" alt="svg"/>` +
    `<img src="../../../../etc/passwd" alt="climb"/> <a href="c2.xhtml">Next chapter</a></p>` +
    `<style>@font-face { font-family: x; src: url(http://evil.example/f.woff); }</style><p>The end of the hostile chapter.`;
  const manifest = [
    '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>',
    '<item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/>',
    '<item id="ok" href="images/ok.png" media-type="image/png"/>',
    '<item id="svg" href="images/evil.svg" media-type="image/svg+xml"/>',
  ].join("");
  return epub({
    "META-INF/container.xml": CONTAINER,
    "OEBPS/content.opf": `<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Hostile</dc:title><dc:identifier id="id">x</dc:identifier></metadata>
  <manifest>${manifest}</manifest>
  <spine><itemref idref="c1"/><itemref idref="c2"/></spine>
</package>`,
    "OEBPS/c1.xhtml": chapter("Hostile Water", body),
    "OEBPS/c2.xhtml": chapter("After", "A second chapter so the manifest is a list."),
    "OEBPS/images/ok.png": TINY_PNG,
    "OEBPS/images/evil.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("svg")</script></svg>',
  });
}
