import type { I18n } from "../src/view-models.js";

/**
 * A tag's name in the page's language: a survival topic's catalog name
 * (`topic.<slug>`: "first-aid" → "Primeros auxilios"), else the tag as it is
 * (a collection's own tags, `lang-xx`).
 */
export function tagName(i18n: I18n, tag: string): string {
  const key = `topic.${tag}`;
  return i18n.has(key) ? i18n.t(key) : tag;
}
