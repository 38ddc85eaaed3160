// The web app's languages: which ones, how a request picks one, the catalogs and the translator.
export type { Catalog, MessageKey } from "./catalog.js";
export { CATALOGS } from "./catalogs.js";
export {
  acceptedLocales,
  DEFAULT_LOCALE,
  directionOf,
  LOCALE_NAMES,
  LOCALES,
  type Locale,
  type LocaleSources,
  matchLocale,
  negotiateLocale,
} from "./locales.js";
export { createI18n, type DateStyle, type I18n, type RichValues } from "./translator.js";
