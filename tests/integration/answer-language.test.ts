import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Almanac } from "../../src/app/almanac.js";
import { listDocuments } from "../../src/state/documents.js";
import { openTestApp, tempDir } from "../helpers.js";

/** A short Spanish field guide written for this test. */
const AGUA = `# El agua

## Purificar el agua

Hierva el agua durante al menos un minuto para matar los gérmenes. En la montaña, por encima de dos mil metros, hiérvala tres minutos.

Si no puede hervirla, use pastillas de cloro: una pastilla por litro, y espere treinta minutos antes de beber.

## Encontrar agua

Busque agua en el fondo de los valles, donde crecen los juncos y los sauces.
`;

/** A question in Spanish is answered with the library's Spanish passages, and its fixed phrases are Spanish too. */
describe("answers in the question's language", () => {
  let tmp: ReturnType<typeof tempDir>;
  let app: Almanac;
  before(async () => {
    tmp = tempDir();
    const lib = join(tmp.dir, "library");
    mkdirSync(join(lib, "es"), { recursive: true });
    writeFileSync(join(lib, "es", "agua.md"), AGUA);
    app = await openTestApp(tmp.dir, lib, null);
    await app.services.library.indexer.reconcile();
  });
  after(async () => {
    await app.close();
    tmp.cleanup();
  });

  it("answers a Spanish question in Spanish, with its citation", async () => {
    const a = await app.services.ask.answer({
      messages: [{ role: "user", content: "¿Cuánto tiempo hay que hervir el agua para purificarla?" }],
    });
    assert.equal(a.mode, "extractive");
    assert.match(a.text, /^De la biblioteca:/);
    assert.match(a.text, /Hierva el agua durante al menos un minuto[^\n]*\[1\]/);
    assert.equal(a.sources[0]?.path, "es/agua.md");
  });

  it("detects the book's language with no metadata, and tags its chunks lang-es", async () => {
    const [doc] = listDocuments(app.db);
    assert.equal(doc?.lang, "es");
    assert.deepEqual(JSON.parse(doc?.tags ?? "[]"), ["es", "lang-es", "water"]);
  });

  it("refuses an off-library Spanish question in Spanish, and an English one in English", async () => {
    const es = await app.services.ask.answer({
      messages: [{ role: "user", content: "¿Quién ganó la final del campeonato mundial de ajedrez de 1972?" }],
    });
    assert.equal(es.mode, "none");
    assert.match(es.text, /^La biblioteca no tiene nada sobre esto\./);
    const en = await app.services.ask.answer({
      messages: [{ role: "user", content: "Who won the 1972 world chess championship?" }],
    });
    assert.match(en.text, /^The library has nothing on this\./);
  });
});
