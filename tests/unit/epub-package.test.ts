import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEpub } from "../../src/ingest/epub.js";
import { buildEpub, xhtml } from "../fixtures/epub-build.js";

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e5274a8b0000000049454e44ae426082",
  "hex",
);

describe("EPUB packages as the spec writes them", () => {
  it("reads a package whose elements carry a namespace prefix (<opf:package>, <opf:itemref>)", async () => {
    const opf = `<?xml version="1.0"?>
<opf:package xmlns:opf="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/" version="3.0" unique-identifier="id">
  <opf:metadata><dc:title>Prefixed</dc:title><dc:identifier id="id">p</dc:identifier><dc:language>en</dc:language></opf:metadata>
  <opf:manifest>
    <opf:item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>
    <opf:item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/>
  </opf:manifest>
  <opf:spine><opf:itemref idref="c1"/><opf:itemref idref="c2"/></opf:spine>
</opf:package>`;
    const doc = await parseEpub(
      buildEpub(opf, {
        "c1.xhtml": xhtml("Wells", "Dig below the water table."),
        "c2.xhtml": xhtml("Fire", "Keep it small."),
      }),
    );
    assert.equal(doc.title, "Prefixed");
    assert.match(doc.text, /Dig below the water table\.[\s\S]*Keep it small\./, "both chapters, in spine order");
  });

  it("reads a manifest of a single item", async () => {
    const opf = `<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>One</dc:title><dc:identifier id="id">o</dc:identifier></metadata>
  <manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>
  <spine><itemref idref="c1"/></spine>
</package>`;
    const doc = await parseEpub(buildEpub(opf, { "c1.xhtml": xhtml("Knots", "Tie a bowline.") }));
    assert.match(doc.text, /Tie a bowline\./);
  });

  it("follows a foreign spine item's manifest fallback, reads SVG pages' text, and collapses metadata whitespace", async () => {
    const opf = `<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>  Field
     notes </dc:title><dc:creator>  Dave    Cramer  </dc:creator><dc:identifier id="id">f</dc:identifier></metadata>
  <manifest>
    <item id="data" href="data.json" media-type="application/json" fallback="html"/>
    <item id="html" href="c1.xhtml" media-type="application/xhtml+xml"/>
    <item id="page" href="p2.svg" media-type="image/svg+xml"/>
  </manifest>
  <spine><itemref idref="data"/><itemref idref="page"/></spine>
</package>`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><style>.t{font-size:9px}</style><path d="M0 0h9"/><text x="0" y="9">Signal with <tspan>three fires</tspan> in a row.</text></svg>`;
    const doc = await parseEpub(
      buildEpub(opf, {
        "data.json": "{}",
        "c1.xhtml": xhtml("Shelter", "Face the door away from the wind."),
        "p2.svg": svg,
      }),
    );
    assert.match(doc.text, /Face the door away from the wind\./, "the fallback's text");
    assert.match(doc.text, /Signal with three fires in a row\./, "the SVG page's text");
    assert.doesNotMatch(doc.text, /font-size|M0 0/);
    assert.equal(doc.title, "Field notes");
    assert.equal(doc.author, "Dave Cramer");
  });

  it("says a book of pictures holds only images, and names the types of a spine it cannot read", async () => {
    const pictures = `<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Pictures</dc:title><dc:identifier id="id">i</dc:identifier></metadata>
  <manifest><item id="p1" href="p1.xhtml" media-type="application/xhtml+xml"/><item id="img" href="p1.png" media-type="image/png"/></manifest>
  <spine><itemref idref="p1"/></spine>
</package>`;
    const page = `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>1</title></head><body><img src="p1.png" alt=""/></body></html>`;
    await assert.rejects(parseEpub(buildEpub(pictures, { "p1.xhtml": page, "p1.png": PNG })), /images only \(1 of 1\)/);
    const foreign = pictures.replace(
      'href="p1.xhtml" media-type="application/xhtml+xml"',
      'href="p1.dmg" media-type="application/octet-stream"',
    );
    await assert.rejects(parseEpub(buildEpub(foreign, { "p1.dmg": "x", "p1.png": PNG })), /application\/octet-stream/);
  });
});
