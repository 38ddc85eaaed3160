import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createHttpApp } from "../../src/http/server.js";
import { BOOKS, makeLibrary, openTestApp, tempDir } from "../helpers.js";

/**
 * A Spanish manual with a water chapter, a fire chapter and a first-aid one.
 * It shares no word with the English water lexicon ("potable", "filter"), so
 * only the Spanish terms can tag and find its water chapter.
 */
const SPANISH_BOOK = `---
title: Manual de supervivencia
language: es
---
# Manual de supervivencia

## Cómo conseguir agua

Sin agua una persona no aguanta más de tres días. Busque un manantial o un pozo; el agua de lluvia recogida en una lona limpia suele ser segura.

Para purificar el agua, hiérvala durante al menos un minuto. Si no puede hervirla, añada dos gotas de lejía o de yodo por litro y espere treinta minutos. Un paño doblado quita el barro, pero no elimina los gérmenes. Beba poco y a menudo para evitar la deshidratación.

## Cómo encender un fuego

Reúna yesca seca, astillas finas y leña gruesa antes de encender el fuego. Proteja la hoguera del viento y no deje nunca las brasas sin vigilar.

## Primeros auxilios

Ante una hemorragia, presione la herida con un vendaje limpio. Si la sangre no se detiene, ponga otro vendaje encima y busque ayuda.
`;

describe("survival tiles in another language", () => {
  it("a Spanish Markdown manual fills the water tile beside an English one, and its chunks carry water and lang-es", async () => {
    const tmp = tempDir();
    const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
    writeFileSync(join(lib, "survival", "manual.md"), SPANISH_BOOK);
    const app = await openTestApp(tmp.dir, lib, null);
    try {
      await app.indexer.reconcile();
      const water = await app.retriever.search("purificar agua", { k: 5, filter: { tags: ["water", "lang-es"] } });
      assert.equal(water[0]?.chunk.path, "survival/manual.md", JSON.stringify(water.map((r) => r.chunk.path)));
      assert.match(water[0]?.chunk.heading_path ?? "", /Cómo conseguir agua/);
      const labels = tileLabels(await (await createHttpApp(app.services).request("/survival/water")).text());
      assert.ok(
        labels.some((l) => l.startsWith("Manual de supervivencia › ") && l.includes("agua")),
        labels.join("\n"),
      );
      assert.ok(
        labels.some((l) => !l.startsWith("Manual de supervivencia")),
        "the English book stays on the tile",
      );
      const fire = tileLabels(await (await createHttpApp(app.services).request("/survival/fire")).text());
      assert.ok(!fire.some((l) => l.includes("conseguir agua")), fire.join("\n"));
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});

/** The passage labels of a survival category page, in order. */
function tileLabels(html: string): string[] {
  return [...html.matchAll(/<div class="where"><a href="[^"]*">([^<]*)<\/a><\/div>/g)].map((m) => m[1] ?? "");
}
