import AdmZip from "adm-zip";
import { formatBytes, LimitError, type ParseLimits } from "./limits.js";

/** Thrown for an EPUB whose XML declares DTD entities (XXE, billion laughs). */
export class XmlEntityError extends Error {
  constructor(entry: string) {
    super(
      `EPUB file ${entry} declares XML entities (<!ENTITY>); refused, as entity declarations are how XXE and billion-laughs attacks work`,
    );
    this.name = "XmlEntityError";
  }
}

const ENTITY_DECLARATION = /<!ENTITY\b|<!DOCTYPE[^>[]*\[/i;

/**
 * Checks an EPUB archive against the limits before epub2 inflates anything,
 * reading only the ZIP central directory and the small package files:
 *
 * - entry count, each entry's declared uncompressed size, and their total
 *   (adm-zip caps inflation at the declared size, so a lying header cannot
 *   inflate past it either);
 * - `META-INF/container.xml`, the OPF package files and NCX files must not
 *   declare DTD entities (epub2 reads them with an XML parser);
 * - the OPF spine may hold at most `maxSpineItems` `itemref`s.
 *
 * Source: ZIP format per PKWARE APPNOTE 6.3.x §4.3.12 (central directory);
 * EPUB 3.3 §4.2 (container) and §5.6 (spine).
 *
 * @throws LimitError, XmlEntityError, or Error("not a valid ZIP archive …").
 */
export function checkEpubArchive(source: string | Buffer, limits: ParseLimits): void {
  let zip: AdmZip;
  try {
    zip = new AdmZip(source);
  } catch (err) {
    throw new Error(`not a valid ZIP archive (${(err as Error).message})`);
  }
  const entries = zip.getEntries();
  if (entries.length > limits.maxEpubEntries)
    throw new LimitError(
      `EPUB has ${entries.length} files, over the limit of ${limits.maxEpubEntries} (maxEpubEntries)`,
    );
  let total = 0;
  for (const e of entries) {
    const size = e.header.size;
    if (size > limits.maxEpubEntryBytes)
      throw new LimitError(
        `EPUB file ${e.entryName} inflates to ${formatBytes(size)}, over the ${formatBytes(limits.maxEpubEntryBytes)} limit (maxEpubEntryBytes)`,
      );
    total += size;
  }
  if (total > limits.maxEpubTotalBytes)
    throw new LimitError(
      `EPUB inflates to ${formatBytes(total)} in all, over the ${formatBytes(limits.maxEpubTotalBytes)} limit (maxEpubTotalBytes)`,
    );
  for (const e of entries) {
    const name = e.entryName.toLowerCase();
    if (!(name === "meta-inf/container.xml" || name.endsWith(".opf") || name.endsWith(".ncx"))) continue;
    const xml = e.getData().toString("utf8");
    if (ENTITY_DECLARATION.test(xml)) throw new XmlEntityError(e.entryName);
    if (name.endsWith(".opf")) {
      const spine = xml.match(/<itemref\b/gi)?.length ?? 0;
      if (spine > limits.maxSpineItems)
        throw new LimitError(
          `EPUB spine lists ${spine} chapter files, over the limit of ${limits.maxSpineItems} (maxSpineItems)`,
        );
    }
  }
}
