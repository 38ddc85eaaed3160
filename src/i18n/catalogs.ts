// Every language's message catalog by its tag (see catalog.ts for their shape).
import type { Catalog } from "./catalog.js";
import type { Locale } from "./locales.js";
import { ar } from "./messages/ar.js";
import { de } from "./messages/de.js";
import { en } from "./messages/en.js";
import { es } from "./messages/es.js";
import { fr } from "./messages/fr.js";
import { hi } from "./messages/hi.js";
import { ja } from "./messages/ja.js";
import { ptBR } from "./messages/pt-BR.js";
import { ru } from "./messages/ru.js";
import { sw } from "./messages/sw.js";
import { uk } from "./messages/uk.js";
import { zhCN } from "./messages/zh-CN.js";

/** The catalogs by language; a key a catalog lacks falls back to English. */
export const CATALOGS: Readonly<Record<Locale, Partial<Catalog>>> & { en: Catalog } = {
  en,
  es,
  fr,
  "pt-BR": ptBR,
  de,
  ru,
  uk,
  ar,
  hi,
  "zh-CN": zhCN,
  ja,
  sw,
};
