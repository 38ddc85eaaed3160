/**
 * Splits a lexicon entry written as one comma-separated string into its terms,
 * trimmed, with empty ones dropped.
 *
 * The lexicons keep each category on a few lines this way; as string arrays the
 * formatter would put every term on its own line and a language would run to
 * several hundred lines.
 * @example terms("вода, воды,\n питьевая вода") // ["вода", "воды", "питьевая вода"]
 */
export function terms(list: string): readonly string[] {
  return list
    .split(/[,\n]/)
    .map((t) => t.trim())
    .filter(Boolean);
}
