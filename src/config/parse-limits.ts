import type { ParseLimits } from "../ingest/limits.js";

/** The settings that bound a parse (config keys of the same names; sizes in MB). */
export interface ParseLimitSettings {
  maxFileMb: number;
  maxTextChars: number;
  maxEpubEntryMb: number;
  maxEpubTotalMb: number;
  maxEpubEntries: number;
  maxSpineItems: number;
  maxMarkdownDepth: number;
  pdfOcr: boolean;
}

/** The {@link ParseLimits} a config sets: its MB sizes in bytes (rounded), the counts as they are. */
export function parseLimitsOf(c: ParseLimitSettings): ParseLimits {
  const mb = 1024 * 1024;
  return {
    maxFileBytes: Math.round(c.maxFileMb * mb),
    maxTextChars: c.maxTextChars,
    maxEpubEntryBytes: Math.round(c.maxEpubEntryMb * mb),
    maxEpubTotalBytes: Math.round(c.maxEpubTotalMb * mb),
    maxEpubEntries: c.maxEpubEntries,
    maxSpineItems: c.maxSpineItems,
    maxMarkdownDepth: c.maxMarkdownDepth,
    pdfOcr: c.pdfOcr,
  };
}
