import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normaliseBlock } from "../../src/ingest/document-builder.js";
import { htmlToItems } from "../../src/ingest/html-text.js";
import { segmentWords, unsegmentWords, WORD_BREAK } from "../../src/ingest/segment.js";
import { parseQuery, satisfies } from "../../src/retrieve/query-syntax.js";
import { isQuestionWord } from "../../src/retrieve/question-words.js";
import { withoutLanguageStopWords } from "../../src/retrieve/stop-words.js";
import { queryTerms } from "../../src/retrieve/terms.js";
import { searchTextOf, textOfSearchText } from "../../src/store/search-text.js";

describe("word segmentation for scripts without spaces", () => {
  it("puts a word break between Chinese, Japanese and Thai words, and gives the text back", () => {
    for (const [text, word] of [
      ["中华人民共和国的首都是北京。", "首都"],
      ["山路を登りながら、こう考えた。", "登り"],
      ["ประเทศไทยมีเมืองหลวงชื่อกรุงเทพ", "เมือง"],
    ] as const) {
      const segmented = segmentWords(text);
      assert.ok(segmented.split(WORD_BREAK).includes(word), `${word} in ${segmented.split(WORD_BREAK).join("|")}`);
      assert.equal(unsegmentWords(segmented), text);
    }
  });

  it("leaves text in spaced scripts as it is", () => {
    const text = "Boil water for one minute. Кипятите воду. اغلِ الماء";
    assert.equal(segmentWords(text), text);
  });

  it("stores the exact passage inside the indexed text", () => {
    const parts = { title: "西游记", heading_path: "第一回", lead_in: null, text: "灵根育孕源流出，心性修持大道生。" };
    const indexed = searchTextOf(parts);
    assert.ok(indexed.includes(WORD_BREAK));
    assert.equal(textOfSearchText(indexed, parts), parts.text);
  });

  it("splits query words the same way for the gate's terms and the +/- operators", () => {
    assert.ok(queryTerms("中华人民共和国的首都在哪里").includes("首都"));
    const q = parseQuery('"山路を登り" +考え');
    assert.ok(satisfies(q, "山路を登りながら、こう考えた。"));
    assert.ok(!satisfies(q, "山路を登りながら、こう思った。"));
  });

  it("drops ruby readings and the index's own word break from document text", () => {
    const items = htmlToItems("<p>この<ruby>難義<rp>(</rp><rt>なんぎ</rt><rp>)</rp></ruby>な道</p>");
    assert.equal(items.map((i) => i.text).join(""), "この難義な道");
    assert.equal(normaliseBlock(`a\u200bb\ufeffc`), "abc");
  });
});

describe("stems by script", () => {
  it("stems Cyrillic as Russian and Arabic script as Arabic, and leaves Latin words to the English stemmer", () => {
    assert.deepEqual(queryTerms("воды водой вода"), ["вод"]);
    assert.deepEqual(queryTerms("ماء الماء"), ["ماء"]);
    assert.deepEqual(queryTerms("boiling boiled"), ["boil"]);
  });

  it("stems by the question's language: Snowball, accents folded, cut to a prefix", () => {
    // Turkish suffix chains and Greek cases (no Snowball here) meet at their prefix.
    assert.deepEqual(queryTerms("kaynatılmalıdır kaynatın", "tr"), ["kaynat"]);
    assert.deepEqual(queryTerms("θεραπεία θεραπείας θεραπείες", "el"), ["θεραπε"]);
    assert.deepEqual(queryTerms("purificada purificar purificado", "es"), ["purifi"]);
    assert.notDeepEqual(
      queryTerms("purificación", "es"),
      queryTerms("purificación"),
      "English rules without a language",
    );
    // Greek stop words are also stop words inflected (οποίων, εκείνους are not on the list; οποίος, εκείνος are).
    assert.deepEqual(queryTerms("οποίων εκείνους νερού", "el"), ["νερου"]);
    assert.deepEqual(queryTerms("οποίων εκείνους νερού"), ["οποίων", "εκείνους", "νερού"]);
    // English, and Vietnamese, whose tone marks tell words apart, keep their own rules.
    assert.deepEqual(queryTerms("boiling boiled", "en"), ["boil"]);
    assert.deepEqual(queryTerms("nước nuôi", "vi"), ["nước", "nuôi"]);
  });
});

describe("a question's own stop words", () => {
  it("takes Spanish and German function words out of a question, and leaves English as typed", () => {
    assert.equal(
      withoutLanguageStopWords("¿Cuántos puntos permitió la defensa de los Panthers?"),
      "puntos permitió defensa Panthers?",
    );
    // German's own short list: its articles and auxiliaries go, its content words (Jahr) stay.
    assert.equal(
      withoutLanguageStopWords("In welchem Jahr wurde die Universität gegründet?"),
      "welchem Jahr Universität gegründet?",
    );
    const q = "How many points did the defense allow?";
    assert.equal(withoutLanguageStopWords(q), q);
  });

  it("drops each language's interrogatives from a question's terms, not its content words", () => {
    assert.deepEqual(queryTerms("ใครเป็นผู้นำทีม", "th"), queryTerms("เป็นผู้นำทีม", "th"));
    assert.ok(!queryTerms("谁是超级碗的四分卫？", "zh").includes("谁是"));
    assert.ok(queryTerms("谁是超级碗的四分卫？", "zh").includes("超级"));
    assert.deepEqual(queryTerms("Πόσα σημεία", "el"), queryTerms("σημεία", "el"));
    assert.deepEqual(queryTerms("Ποσα σημεία", "el"), queryTerms("σημεία", "el"), "typed without accents");
    assert.deepEqual(queryTerms("कितने अंक", "hi"), queryTerms("अंक", "hi"));
    assert.deepEqual(queryTerms("Welche Mannschaft", "de"), queryTerms("Mannschaft", "de"));
    // A word is an interrogative only in its own language: "wer" is kept in English text.
    assert.ok(queryTerms("wer", "en").length > 0);
    assert.ok(isQuestionWord("nào", "vi") && !isQuestionWord("não", "vi"), "Vietnamese keeps its marks");
  });
});
