// The translator a page renders with: ICU messages (plurals, selects, numbers) from the request's catalog,
// with English for a key a catalog lacks, and Intl for dates and numbers in the page's language.
import { IntlMessageFormat, type PrimitiveType } from "intl-messageformat";
import type { MessageKey } from "./catalog.js";
import { CATALOGS } from "./catalogs.js";
import { directionOf, type Locale } from "./locales.js";

/** Values a rich message takes: plain values, nodes, and tag functions (`<b>…</b>` → `b: (parts) => node`). */
export type RichValues<T> = Record<string, PrimitiveType | T | ((parts: Array<string | T>) => T)>;

/** How {@link I18n.date} shows a time: a date, or a date with the time of day. */
export type DateStyle = "date" | "dateTime";

/** A page's language: its tag and direction, its messages, and Intl formatting in it. */
export interface I18n {
  /** The BCP 47 tag, for `<html lang>`. */
  readonly locale: Locale;
  /** The writing direction, for `<html dir>`. */
  readonly dir: "ltr" | "rtl";
  /** Whether `key` names a message (for keys built at run time, such as `topic.<slug>`). */
  has(key: string): key is MessageKey;
  /** The message `key` in this language, with ICU `values` filled in. */
  t(key: MessageKey, values?: Record<string, PrimitiveType>): string;
  /** The message `key` as parts, where values and tags may be nodes (a link, `<code>`) for a view to render. */
  rich<T>(key: MessageKey, values: RichValues<T>): Array<string | T>;
  /** A number, grouped the way this language groups digits. */
  number(n: number): string;
  /** A size in bytes as KB, MB or GB (powers of 1,024, as the rest of Almanac counts them), in this language's digits and unit names. */
  bytes(n: number): string;
  /** A large count in short form (`1.5B`, `1,5 Mrd.`, `15億`), for model parameter counts. */
  compact(n: number): string;
  /** A date (an ISO 8601 string, a `Date` or epoch milliseconds) in this language's style. */
  date(at: string | number | Date, style?: DateStyle): string;
  /** A rough span of time in this language's units: seconds under 90 s, minutes under 90 min, else hours. */
  duration(seconds: number): string;
  /** Items joined as a plain list (tags, names), with this language's separator: ", ", "、", "، ". */
  list(items: readonly string[]): string;
  /** A language's name in this language (`es` → "Spanish", "español", "スペイン語"; CLDR through `Intl.DisplayNames`); the code itself when ICU knows none. */
  language(code: string): string;
}

const compiled = new Map<string, IntlMessageFormat>();

/** The compiled message (cached): the catalog's text, or English's where the catalog lacks the key. */
function formatOf(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let f = compiled.get(id);
  if (!f) {
    const own = CATALOGS[locale][key];
    f = own === undefined ? new IntlMessageFormat(CATALOGS.en[key], "en") : new IntlMessageFormat(own, locale);
    compiled.set(id, f);
  }
  return f;
}

const DATE_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: "medium" },
  dateTime: { dateStyle: "medium", timeStyle: "short" },
};

/**
 * The separator between a list's items in `locale`: CLDR's middle separator of a
 * conjunction (`Intl.ListFormat`), which is punctuation ("、" in Chinese and
 * Japanese) except in Arabic, where it is the word "و" ("and"): there the
 * Arabic comma.
 */
function listSeparator(locale: Locale): string {
  const parts = new Intl.ListFormat(locale, { type: "conjunction" }).formatToParts(["a", "b", "c"]);
  const middle = parts.find((p) => p.type === "literal")?.value ?? ", ";
  return /\p{L}/u.test(middle) ? "، " : middle;
}

/** The translator for one language (cheap: messages compile once per process and language). */
export function createI18n(locale: Locale): I18n {
  const numbers = new Intl.NumberFormat(locale);
  const unit = (u: "second" | "minute" | "hour", digits: number) =>
    new Intl.NumberFormat(locale, { style: "unit", unit: u, unitDisplay: "short", maximumFractionDigits: digits });
  const units = { second: unit("second", 0), minute: unit("minute", 0), hour: unit("hour", 1) };
  const sizes = {
    kilobyte: new Intl.NumberFormat(locale, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 }),
    megabyte: new Intl.NumberFormat(locale, { style: "unit", unit: "megabyte", maximumFractionDigits: 0 }),
    gigabyte: new Intl.NumberFormat(locale, { style: "unit", unit: "gigabyte", maximumFractionDigits: 1 }),
  };
  const compact = new Intl.NumberFormat(locale, { notation: "compact", maximumSignificantDigits: 3 });
  const languages = new Intl.DisplayNames([locale], { type: "language", fallback: "code" });
  const separator = listSeparator(locale);
  const dates = {
    date: new Intl.DateTimeFormat(locale, DATE_OPTIONS.date),
    dateTime: new Intl.DateTimeFormat(locale, DATE_OPTIONS.dateTime),
  };
  return {
    locale,
    dir: directionOf(locale),
    has: (key): key is MessageKey => Object.hasOwn(CATALOGS.en, key),
    t: (key, values) => String(formatOf(locale, key).format(values)),
    rich<T>(key: MessageKey, values: RichValues<T>): Array<string | T> {
      const out = formatOf(locale, key).format<T>(values);
      return Array.isArray(out) ? out : [out];
    },
    number: (n) => numbers.format(n),
    bytes(n) {
      if (n >= 1024 ** 3) return sizes.gigabyte.format(n / 1024 ** 3);
      if (n >= 1024 ** 2) return sizes.megabyte.format(n / 1024 ** 2);
      return sizes.kilobyte.format(n / 1024);
    },
    compact: (n) => compact.format(n),
    date(at, style = "dateTime") {
      const d = at instanceof Date ? at : new Date(at);
      return Number.isNaN(d.getTime()) ? String(at) : dates[style].format(d);
    },
    duration(s) {
      if (s < 90) return units.second.format(Math.round(s));
      if (s < 5400) return units.minute.format(Math.round(s / 60));
      return units.hour.format(s / 3600);
    },
    list: (items) => items.join(separator),
    language(code) {
      try {
        return languages.of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
}
