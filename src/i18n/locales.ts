// The web app's languages and how a request picks one: the device's choice (a cookie), then the signed-in
// account's, then the browser's Accept-Language, then English. Pure: no catalog, no Intl formatting here.

/** The languages the web app is written in, as BCP 47 tags (English is the source). */
export const LOCALES = ["en", "es", "fr", "pt-BR", "de", "ru", "uk", "ar", "hi", "zh-CN", "ja", "sw"] as const;

/** One of {@link LOCALES}. */
export type Locale = (typeof LOCALES)[number];

/** The language used when nothing else matches. */
export const DEFAULT_LOCALE: Locale = "en";

/** Each language's name in itself, as the settings page lists them. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  es: "Español",
  fr: "Français",
  "pt-BR": "Português (Brasil)",
  de: "Deutsch",
  ru: "Русский",
  uk: "Українська",
  ar: "العربية",
  hi: "हिन्दी",
  "zh-CN": "简体中文",
  ja: "日本語",
  sw: "Kiswahili",
};

/** Languages written right to left. */
const RTL: ReadonlySet<Locale> = new Set<Locale>(["ar"]);

/** The writing direction of a language, for `<html dir>`. */
export function directionOf(locale: Locale): "ltr" | "rtl" {
  return RTL.has(locale) ? "rtl" : "ltr";
}

/**
 * The supported language a BCP 47 tag stands for, or undefined: an exact match first (case-insensitive),
 * then by its primary language (`es-MX` → `es`, `pt` or `pt-PT` → `pt-BR`, `zh-TW` → `zh-CN`).
 */
export function matchLocale(tag: string): Locale | undefined {
  const want = tag.trim().toLowerCase();
  if (!want || want === "*") return undefined;
  const exact = LOCALES.find((l) => l.toLowerCase() === want);
  if (exact) return exact;
  const primary = want.split(/[-_]/)[0];
  return LOCALES.find((l) => l.toLowerCase().split("-")[0] === primary);
}

/** The supported languages an `Accept-Language` header asks for, best first (weights honoured, `q=0` dropped). */
export function acceptedLocales(header: string | undefined): Locale[] {
  if (!header) return [];
  const ranked = header
    .split(",")
    .slice(0, 40)
    .map((part, order) => {
      const [tag = "", ...params] = part.split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q), order };
    })
    .filter((r) => Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  const out: Locale[] = [];
  for (const r of ranked) {
    const l = matchLocale(r.tag);
    if (l && !out.includes(l)) out.push(l);
  }
  return out;
}

/** Where a request's language may come from, highest first. */
export interface LocaleSources {
  /** This device's choice (the settings page's cookie). */
  device?: string | null | undefined;
  /** A language saved for the signed-in account. */
  account?: string | null | undefined;
  /** The browser's `Accept-Language` header. */
  acceptLanguage?: string | null | undefined;
}

/**
 * The language to render a page in: this device's, then the account's, then the browser's, then English.
 * The device comes first so a shared family tablet set to Swahili stays Swahili whoever signs in on it; the
 * account's choice is what a new phone starts with.
 */
export function negotiateLocale(from: LocaleSources): Locale {
  for (const chosen of [from.device, from.account]) {
    const l = chosen ? LOCALES.find((x) => x === chosen) : undefined;
    if (l) return l;
  }
  return acceptedLocales(from.acceptLanguage ?? undefined)[0] ?? DEFAULT_LOCALE;
}
