import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { phrasesFor } from "../../src/generate/answer-phrases.js";
import { analyseQuestion } from "../../src/generate/question.js";
import { chunkLanguages, detectLanguage, languageCode } from "../../src/ingest/language.js";
import { scriptLanguage } from "../../src/ingest/script-language.js";
import { documentLanguage } from "../../src/library/records.js";

const XQUAD = "../shared/corpus/eval/xquad";
const XQUAD_LANGUAGES = ["ar", "de", "el", "en", "es", "hi", "ro", "ru", "th", "tr", "vi", "zh"];

describe("document and chunk languages (pure)", () => {
  it("reads the language as metadata spells it: tags, ISO 639-2/3 codes, names, lists", () => {
    const cases: Array<[string | null, string | null]> = [
      ["en-GB", "en"],
      ["pt_BR", "pt"],
      ["eng", "en"],
      ["fre", "fr"],
      ["cmn", "zh"],
      ["iw", "he"],
      ["English", "en"],
      ["Deutsch", "de"],
      ["español", "es"],
      ["日本語", "ja"],
      ["eng;fra", "en"],
      ["en, fr", "en"],
      ["zz", null],
      ["Klingonish", null],
      ["", null],
      [null, null],
    ];
    for (const [stated, code] of cases) assert.equal(languageCode(stated), code, String(stated));
  });

  it("detects a document's language from its text when its metadata states none", () => {
    const es = chunkLanguages(null, [
      "Hierva el agua durante al menos un minuto para matar los gérmenes que pueda contener.",
      "Si no puede hervirla, use pastillas de cloro: una pastilla por litro de agua.",
    ]);
    assert.deepEqual(es, { document: "es", chunks: ["es", "es"] });
    assert.deepEqual(chunkLanguages(null, []), { document: null, chunks: [] });
  });

  it("keeps the stated language for the document and tags a chapter in another language with its own", () => {
    const english =
      "Boil the water for at least one minute to kill the germs it may carry, then let it cool. " +
      "Above two thousand metres, boil it for three minutes. Store it in a clean, covered container.";
    const french =
      "Faites bouillir l'eau pendant au moins une minute pour tuer les germes qu'elle peut contenir. " +
      "Au-dessus de deux mille mètres, faites-la bouillir trois minutes, puis laissez-la refroidir.";
    const mixed = chunkLanguages("en", [english, french, french, french, english]);
    assert.equal(mixed.document, "en");
    assert.deepEqual(mixed.chunks, ["en", "fr", "fr", "fr", "en"]);
    // One sample in another language is taken for noise.
    assert.deepEqual(chunkLanguages("en", [english, french, english, english]).chunks, ["en", "en", "en", "en"]);
    // Metadata that says French over an English text: the document stays French, each chunk says what it is.
    assert.deepEqual(chunkLanguages("fr", [english]).chunks, ["en"]);
    // Too short to tell: a heading keeps the document's language.
    assert.deepEqual(chunkLanguages("en", [english, "Eau potable"]).chunks, ["en", "en"]);
  });

  it("takes the document's language from the metadata, else from most of its chunks' tags", () => {
    const tagged = (code: string) => ({ tags: ["survival", `lang-${code}`] });
    assert.equal(documentLanguage(null, [tagged("de"), tagged("en"), tagged("de")]), "de");
    assert.equal(documentLanguage("Français", [tagged("de")]), "fr");
    assert.equal(documentLanguage(null, [{ tags: ["survival"] }]), null);
  });

  it("detects the language of XQuAD's contexts in 12 languages at least 95% of the time", (t) => {
    if (!existsSync(XQUAD)) return t.skip("no ../shared/corpus/eval/xquad");
    let right = 0;
    let all = 0;
    const wrong: string[] = [];
    for (const lang of XQUAD_LANGUAGES) {
      const data = JSON.parse(readFileSync(`${XQUAD}/xquad.${lang}.json`, "utf8")) as {
        data: Array<{ paragraphs: Array<{ context: string }> }>;
      };
      for (const { context } of data.data.flatMap((a) => a.paragraphs)) {
        const found = chunkLanguages(null, [context]).document;
        all++;
        if (found === lang) right++;
        else wrong.push(`${lang}→${found}`);
      }
    }
    assert.ok(all >= 1000, `read ${all} contexts`);
    assert.ok(right / all >= 0.95, `${right} of ${all}; wrong: ${wrong.slice(0, 20).join(", ")}`);
  });

  it("reads a short question in the language of the passages it retrieved, or English", () => {
    const turkish = [{ chunk: { tags: ["lang-tr", "survival"] } }];
    const asked = "Broncos'un Genel Müdürü kimdir?";
    assert.notEqual(analyseQuestion(asked).language.code, "tr", "tinyld alone misreads it");
    assert.equal(analyseQuestion(asked, undefined, turkish).language.code, "tr");
    assert.equal(analyseQuestion("Who led the Panthers in sacks?", undefined, turkish).language.code, "en");
    assert.equal(analyseQuestion("Türler nedir?", undefined, []).language.code, "");
  });

  it("answers in the question's language when it was read among the passages' languages, however unsure", () => {
    const russian = [{ chunk: { tags: ["lang-ru"] } }];
    const asked = "Какая команда стала победителем Суперкубка XXXIII?";
    const q = analyseQuestion(asked, undefined, russian);
    assert.equal(q.language.code, "ru");
    assert.ok(q.language.accuracy < 0.5, "a low confidence, which alone would keep English");
    assert.equal(phrasesFor(q.language).fromLibrary, "Из библиотеки:");
    // Among all languages, an unsure reading still keeps English: short English questions score low.
    assert.equal(phrasesFor({ code: "it", accuracy: 0.2, reliable: false }).fromLibrary, "From the library:");
  });

  it("falls back to the script's language when detection finds none", () => {
    assert.equal(detectLanguage("谁带领黑豹队擒杀？").code, "zh");
    assert.equal(phrasesFor(analyseQuestion("谁带领黑豹队擒杀？").language).fromLibrary, "来自书库：");
    assert.equal(scriptLanguage("いつ富士山に登りましたか"), "ja");
    assert.equal(scriptLanguage("富士山に登る"), "ja");
    assert.equal(scriptLanguage("ใครเป็นผู้นำ"), "th");
    assert.equal(scriptLanguage("Who? 谁"), "");
    assert.equal(scriptLanguage("12345"), "");
  });
});
