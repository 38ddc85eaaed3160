// The web app's languages: every catalog has exactly English's keys, every message parses as ICU MessageFormat
// with the same arguments and tags as English, and a request's language is picked as docs describe.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IntlMessageFormat } from "intl-messageformat";
import {
  acceptedLocales,
  CATALOGS,
  createI18n,
  LOCALE_NAMES,
  LOCALES,
  type MessageKey,
  negotiateLocale,
} from "../../src/i18n/index.js";

/** The argument and tag names an ICU message uses, and whether each plural and select has an `other` case. */
function shape(message: string, locale: string): { names: string[]; missingOther: boolean } {
  const names = new Set<string>();
  let missingOther = false;
  const walk = (elements: unknown[]): void => {
    for (const el of elements as Array<{
      type: number;
      value?: unknown;
      options?: Record<string, { value: unknown[] }>;
      children?: unknown[];
    }>) {
      if (typeof el.value === "string" && el.type !== 0 && el.type !== 7)
        names.add(`${el.type === 8 ? "<" : ""}${el.value}`);
      if (el.options) {
        if (!("other" in el.options)) missingOther = true;
        for (const o of Object.values(el.options)) walk(o.value);
      }
      if (el.children) walk(el.children);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return { names: [...names].sort(), missingOther };
}

describe("i18n catalogs", () => {
  const english = Object.keys(CATALOGS.en).sort();

  it("has twelve languages, each named in itself", () => {
    assert.equal(LOCALES.length, 12);
    for (const l of LOCALES) assert.ok(LOCALE_NAMES[l], l);
  });

  for (const locale of LOCALES)
    it(`${locale}: has every English key and no other`, () => {
      const keys = Object.keys(CATALOGS[locale]).sort();
      assert.deepEqual(
        english.filter((k) => !keys.includes(k)),
        [],
        "missing keys",
      );
      assert.deepEqual(
        keys.filter((k) => !english.includes(k)),
        [],
        "extra keys",
      );
    });

  for (const locale of LOCALES)
    it(`${locale}: every message parses, with English's arguments and tags, and an "other" case`, () => {
      const wrong: string[] = [];
      for (const key of english as MessageKey[]) {
        const text = CATALOGS[locale][key];
        if (text === undefined) continue;
        try {
          const own = shape(text, locale);
          const source = shape(CATALOGS.en[key], "en");
          if (own.names.join() !== source.names.join())
            wrong.push(`${key}: uses ${own.names.join(",")}, English ${source.names.join(",")}`);
          if (own.missingOther) wrong.push(`${key}: a plural or select without "other"`);
          if (!text.trim()) wrong.push(`${key}: empty`);
        } catch (err) {
          wrong.push(`${key}: ${(err as Error).message}`);
        }
      }
      assert.deepEqual(wrong, []);
    });

  it("formats plurals by each language's rules", () => {
    assert.equal(createI18n("en").t("survival.steps", { steps: 1 }), "1 step");
    assert.equal(createI18n("en").t("survival.steps", { steps: 3 }), "3 steps");
    assert.equal(createI18n("ru").t("survival.steps", { steps: 3 }), "3 шага");
    assert.equal(createI18n("ru").t("survival.steps", { steps: 5 }), "5 шагов");
    assert.equal(createI18n("ru").t("survival.steps", { steps: 21 }), "21 шаг");
    assert.match(createI18n("ar").t("survival.steps", { steps: 2 }), /^خطوتان$/);
  });

  it("formats numbers and dates in the page's language", () => {
    assert.equal(createI18n("en").number(12345), "12,345");
    assert.equal(createI18n("de").number(12345), "12.345");
    const at = "2026-12-01T21:31:00Z";
    assert.match(createI18n("en").date(at, "date"), /2026/);
    assert.notEqual(createI18n("ja").date(at), createI18n("en").date(at));
    assert.equal(createI18n("en").date("not a date"), "not a date");
  });

  it("renders rich messages as parts, with nodes for tags", () => {
    const parts = createI18n("es").rich<{ tag: string; parts: unknown[] }>("login.open", {
      survival: (p) => ({ tag: "survival", parts: p }),
      search: (p) => ({ tag: "search", parts: p }),
    });
    assert.ok(parts.some((p) => typeof p === "object" && p.tag === "survival"));
    assert.ok(parts.some((p) => typeof p === "string" && p.includes("sin iniciar sesión")));
  });

  it("writes Arabic right to left and the others left to right", () => {
    assert.equal(createI18n("ar").dir, "rtl");
    for (const l of LOCALES.filter((x) => x !== "ar")) assert.equal(createI18n(l).dir, "ltr");
  });
});

describe("choosing a request's language", () => {
  it("reads Accept-Language by weight, by primary language, and drops q=0", () => {
    assert.deepEqual(acceptedLocales("es-MX,es;q=0.9,en;q=0.8"), ["es", "en"]);
    assert.deepEqual(acceptedLocales("fr;q=0.5, ar"), ["ar", "fr"]);
    assert.deepEqual(acceptedLocales("pt"), ["pt-BR"]);
    assert.deepEqual(acceptedLocales("zh-Hans-CN,zh;q=0.9"), ["zh-CN"]);
    assert.deepEqual(acceptedLocales("de;q=0, ja"), ["ja"]);
    assert.deepEqual(acceptedLocales("xx, *"), []);
    assert.deepEqual(acceptedLocales(undefined), []);
  });

  it("puts the device first, then the account, then the browser, then English", () => {
    assert.equal(negotiateLocale({ account: "ja", device: "fr", acceptLanguage: "es" }), "fr");
    assert.equal(negotiateLocale({ account: "ja", acceptLanguage: "es" }), "ja");
    assert.equal(negotiateLocale({ account: "ja", device: "klingon", acceptLanguage: "es" }), "ja");
    assert.equal(negotiateLocale({ device: "fr", acceptLanguage: "es" }), "fr");
    assert.equal(negotiateLocale({ device: "klingon", acceptLanguage: "es" }), "es");
    assert.equal(negotiateLocale({ acceptLanguage: "xx" }), "en");
    assert.equal(negotiateLocale({}), "en");
  });
});

describe("tag names", () => {
  it("names a survival topic tag in the page's language and keeps other tags as they are", async () => {
    const { tagName } = await import("../../views/topic-name.js");
    const { createI18n } = await import("../../src/i18n/index.js");
    const es = createI18n("es");
    assert.equal(tagName(es, "first-aid"), "Primeros auxilios");
    assert.equal(tagName(createI18n("en"), "first-aid"), "First aid");
    assert.equal(tagName(es, "wikipedia"), "wikipedia");
  });
});

describe("lists", () => {
  it("joins items with each language's separator", async () => {
    const { createI18n } = await import("../../src/i18n/index.js");
    assert.equal(createI18n("en").list(["fire", "water"]), "fire, water");
    assert.equal(createI18n("ar").list(["النار", "الماء"]), "النار، الماء");
    assert.equal(createI18n("zh-CN").list(["火", "水"]), "火、水");
    assert.equal(createI18n("ja").list(["火", "水"]), "火、水");
  });
});

describe("passage text", () => {
  it("shows a passage's - and 1. lines as lists, and the rest as paragraphs", async () => {
    const { passageRuns } = await import("../../views/passage-text.js");
    assert.deepEqual(passageRuns("To purify water:\n- Boil it\n- Filter it\n\n1. Wait\n2. Drink\nDone."), [
      { kind: "p", lines: ["To purify water:"] },
      { kind: "ul", items: ["Boil it", "Filter it"] },
      { kind: "ol", items: ["Wait", "Drink"] },
      { kind: "p", lines: ["Done."] },
    ]);
  });

  it("keeps a search hit's marks when its lines become list items, across a mark that spans a line", async () => {
    const { markedRuns } = await import("../../views/passage-text.js");
    const runs = markedRuns([
      { text: "To purify ", marked: false },
      { text: "water", marked: true },
      { text: ":\n- Boil ", marked: false },
      { text: "it\n- filter", marked: true },
      { text: " it", marked: false },
    ]);
    assert.deepEqual(runs, [
      {
        kind: "p",
        lines: [
          [
            { text: "To purify ", marked: false },
            { text: "water", marked: true },
            { text: ":", marked: false },
          ],
        ],
      },
      {
        kind: "ul",
        items: [
          [
            { text: "Boil ", marked: false },
            { text: "it", marked: true },
          ],
          [
            { text: "filter", marked: true },
            { text: " it", marked: false },
          ],
        ],
      },
    ]);
  });
});
