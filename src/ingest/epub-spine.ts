/** A manifest item as epub2 reads it from the package document (`<item>`'s attributes). */
export interface ManifestItem {
  id?: string;
  href?: string;
  "media-type"?: string;
  fallback?: string;
  properties?: string;
}

/** What a spine item is read as: a text document, or why none of its fallback chain is one. */
export type SpineDocument =
  | { kind: "xhtml" | "svg"; id: string; href: string }
  | { kind: "image"; types: string[] }
  | { kind: "unsupported"; types: string[] };

const XHTML = new Set(["application/xhtml+xml", "text/html", "application/x-dtbook+xml"]);

/** The longest fallback chain followed: a longer one is a loop or a mistake. */
const MAX_FALLBACKS = 8;

/**
 * The document a spine item stands for: the item itself when it is XHTML or
 * SVG, else the first of its manifest fallbacks (`fallback="id"`, followed in
 * turn) that is. A chain of images only is `image`; a chain of other foreign
 * types (JSON, a disk image) is `unsupported`, with the types met. Pure.
 *
 * Source: EPUB 3.3 §3.4.4 "Manifest fallbacks" (w3c `pub-foreign_json-spine`,
 * `pub-foreign_xml-spine`: a foreign spine item falls back to XHTML).
 * @param manifest - epub2's `book.manifest`, items by id.
 */
export function spineDocument(manifest: Readonly<Record<string, ManifestItem>>, id: string): SpineDocument {
  const types: string[] = [];
  const seen = new Set<string>();
  for (let at: string | undefined = id; at && !seen.has(at) && seen.size < MAX_FALLBACKS; ) {
    seen.add(at);
    const item: ManifestItem | undefined = manifest[at];
    if (!item?.href) break;
    const type = (item["media-type"] ?? "").toLowerCase();
    if (XHTML.has(type)) return { kind: "xhtml", id: at, href: item.href };
    if (type === "image/svg+xml") return { kind: "svg", id: at, href: item.href };
    types.push(type || "no media type");
    at = item.fallback;
  }
  return types.length > 0 && types.every((t) => t.startsWith("image/"))
    ? { kind: "image", types }
    : { kind: "unsupported", types };
}
