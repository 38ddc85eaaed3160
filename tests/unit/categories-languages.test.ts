import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isMedical } from "../../src/generate/dated.js";
import { categoryPassages } from "../../src/generate/survival.js";
import {
  CATEGORY_LEXICONS,
  CATEGORY_NAMES,
  categorise,
  hasOtherLanguageTerm,
  LEXICON_LANGUAGES,
  SURVIVAL_CATEGORIES,
} from "../../src/ingest/categories.js";
import type { SearchOptions, SearchResult } from "../../src/retrieve/search.js";

/** A few sentences of the kind a survival or first-aid manual in each language prints, and the one category they are about. */
const PASSAGES = [
  {
    lang: "es",
    category: "water",
    text: "Si el agua viene de un manantial o de un pozo, hay que tratarla antes de beberla: hierva el agua durante un minuto o añada dos gotas de lejía por litro. El yodo también sirve, pero deja mal sabor.",
  },
  {
    lang: "fr",
    category: "first-aid",
    text: "En cas d'hémorragie, appuyez fermement sur la plaie avec un pansement. Si le saignement ne s'arrête pas, posez un garrot au-dessus de la blessure et notez l'heure. Surveillez le pouls de la victime.",
  },
  {
    lang: "pt",
    category: "shelter",
    text: "Antes do anoitecer, construa um abrigo longe do vento. Um abrigo improvisado de galhos, coberto com uma lona, protege a noite inteira. Forre o chão com folhas secas para isolamento e use o saco de dormir.",
  },
  {
    lang: "de",
    category: "fire",
    text: "Legen Sie trockenen Zunder, dünnes Anzündholz und genug Brennholz bereit, bevor Sie das Feuer anzünden. Legen Sie die Feuerstelle windgeschützt an und halten Sie die Glut über Nacht.",
  },
  {
    lang: "ru",
    category: "water",
    text: "Перед питьём воду из реки нужно очистить: вскипятите её не менее пяти минут или пропустите через фильтр из ткани. Если кипятить негде, добавьте несколько капель йода и подождите полчаса.",
  },
  {
    lang: "ar",
    category: "first-aid",
    text: "إذا كان النزيف شديدا، اضغط على الجرح بضمادة نظيفة ولا تنزعها. إذا تسرب الدم من الضمادة فضع ضمادة أخرى فوقها واطلب الإسعاف.",
  },
  {
    lang: "zh",
    category: "first-aid",
    text: "如果伤口出血不止，应立即用绷带加压包扎止血。怀疑骨折时，先用夹板固定伤肢，不要随意移动伤者。",
  },
  {
    lang: "hi",
    category: "water",
    text: "पानी को पीने से पहले कम से कम एक मिनट तक उबालें। अगर उबालना संभव न हो, तो क्लोरीन की गोलियाँ डालें या कपड़े से छानें।",
  },
] as const;

describe("survival categories in other languages", () => {
  it("every language lists every category, and English stays the base", () => {
    assert.deepEqual(LEXICON_LANGUAGES, ["en", "es", "fr", "pt", "de", "ru", "ar", "zh", "hi"]);
    for (const lang of LEXICON_LANGUAGES)
      for (const c of CATEGORY_NAMES) assert.ok(CATEGORY_LEXICONS[lang][c].length >= 10, `${lang} ${c}`);
  });

  it("every term of every language, alone as a heading, tags its own category, in upper case too", () => {
    for (const lang of LEXICON_LANGUAGES)
      for (const c of CATEGORY_NAMES)
        for (const t of CATEGORY_LEXICONS[lang][c]) {
          assert.match(t, /^[\p{L}\p{M}\p{N} -]+$/u, `${lang} ${c}: a term is words, spaces and hyphens`);
          assert.ok(categorise("", [t]).includes(c), `${lang} ${c}: ${t}`);
          // "ß" upper-cases to "SS", another word.
          if (!t.includes("ß"))
            assert.ok(categorise("", [t.toUpperCase()]).includes(c), `${lang} ${c}: ${t.toUpperCase()}`);
        }
  });

  for (const p of PASSAGES) {
    it(`a ${p.lang} passage on ${p.category} gets that tag and no other`, () => {
      assert.deepEqual(categorise(p.text, []), [p.category]);
    });
  }

  it("a heading in another language counts 3, as an English one does", () => {
    assert.deepEqual(categorise("", ["Primeros auxilios"]), ["first-aid"]);
    assert.deepEqual(categorise("", ["Trinkwasser"]), ["water"]);
    assert.deepEqual(categorise("", ["Костёр"]), ["fire"]);
    assert.deepEqual(categorise("", ["Костер"]), ["fire"], "ё printed as е");
    assert.deepEqual(categorise("", ["मौसम"]), ["weather"]);
  });

  it("accented Latin letters at a term's ends: case-insensitive, bounded by letters of any script", () => {
    assert.deepEqual(categorise("", ["Étincelles"]), ["fire"], "É at the start, upper case");
    assert.deepEqual(categorise("", ["JABÓN"]), ["hygiene"]);
    assert.deepEqual(categorise("", ["Jabónero"]), [], "a longer word is no hit");
  });

  it("a Russian term inside a longer word is no hit (шина in машину)", () => {
    assert.deepEqual(categorise("Наложите повязку на рану, затем наложите шину.", []), ["first-aid"]);
    assert.deepEqual(categorise("Наложите повязку на рану, затем посадите пострадавшего в машину.", []), []);
    assert.ok(hasOtherLanguageTerm("Наложите шину.", "first-aid"));
    assert.ok(!hasOtherLanguageTerm("Сядьте в машину.", "first-aid"));
    assert.ok(!hasOtherLanguageTerm("un jabónero", "hygiene"));
    // The other words of a phrase are bounded too, at its end and at its start.
    assert.deepEqual(categorise("", ["Укус змеиный"]), [], "укус змеи is no hit in укус змеиный");
    assert.deepEqual(
      categorise("", ["Un paragua de lluvia"]),
      ["weather"],
      "agua de lluvia is no hit in paragua de lluvia",
    );
  });

  it("a Chinese term matches inside running text, with no spaces around it", () => {
    assert.deepEqual(categorise("", ["野外求生时的饮用水处理方法"]), ["water"]);
    assert.deepEqual(categorise("", ["天黑以前先生火取暖"]), ["fire"]);
    assert.ok(hasOtherLanguageTerm("第三章 饮用水", "water"));
  });

  it("an Arabic term with a joined prefix: بالماء, والنار, للماء", () => {
    assert.deepEqual(categorise("", ["اغسل يديك بالماء"]), ["water"]);
    assert.deepEqual(categorise("", ["والنار"]), ["fire"]);
    assert.deepEqual(categorise("", ["للماء"]), ["water"]);
    assert.deepEqual(categorise("", ["الماءات"]), [], "a longer word is no hit");
  });

  it("tells a first-aid question in Spanish for the dated-advice note", () => {
    assert.ok(isMedical("¿Cómo se trata una quemadura?", []));
    assert.ok(!isMedical("¿Cómo se hace una fogata?", []));
  });

  it("an English passage is tagged as before", () => {
    assert.deepEqual(categorise("Boil water for one minute to purify it, or filter it through cloth.", []), ["water"]);
    assert.deepEqual(categorise("The cat sat on the mat and looked at the moon.", []), []);
  });
});

/** A water-tagged Spanish hit under `heading`, in a document of its own. */
function spanishHit(docId: string, heading: string): SearchResult {
  const text = "Hierva el agua durante un minuto. No beba agua de un charco sin tratarla.";
  return {
    chunk: {
      id: `${docId}.0`,
      doc_id: docId,
      path: `${docId}.md`,
      title: "Manual",
      author: null,
      heading_path: heading,
      spine_index: null,
      chunk_index: 0,
      start_offset: 0,
      end_offset: text.length,
      text,
      lead_in: null,
      tags: ["water", "lang-es"],
      format: "markdown",
      collection: "",
    },
    score: 1,
    bm25: 1,
    cosine: null,
    rerank: null,
  };
}

describe("the survival tile in other languages", () => {
  it("searches the other languages' terms among chunks in those languages, and a heading in them earns the heading bonus", async () => {
    const calls: Array<{ query: string; tags: readonly string[] }> = [];
    const english = SURVIVAL_CATEGORIES.water.join(" ");
    const retriever = {
      search: async (query: string, opts: SearchOptions): Promise<SearchResult[]> => {
        calls.push({ query, tags: opts.filter?.tags ?? [] });
        if (query === english) return [];
        const inEnglish = {
          ...spanishHit("d", "Water"),
          chunk: { ...spanishHit("d", "Water").chunk, tags: ["water", "lang-en"] },
        };
        return [
          inEnglish,
          spanishHit("a", "Capítulo 3"),
          spanishHit("b", "Cómo conseguir agua"),
          spanishHit("c", "Capítulo 5"),
        ];
      },
    };
    const passages = await categoryPassages(retriever, "water");
    assert.equal(calls.length, 2, "two searches, whatever the languages");
    assert.deepEqual(calls[0], { query: english, tags: ["water"] }, "the English search an English library always had");
    assert.match(calls[1]?.query ?? "", /(?:^| )agua(?: |$)/);
    assert.doesNotMatch(
      calls[1]?.query ?? "",
      /(?:^| )potable(?: |$)/,
      "an English term too (potable) is left to the English search",
    );
    assert.deepEqual(
      passages.map((p) => p.source.chapter),
      ["Cómo conseguir agua", "Capítulo 3", "Capítulo 5"],
      "a foreign-word hit in an English chunk is dropped",
    );
  });
});
