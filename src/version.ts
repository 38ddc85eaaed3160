/** Almanac's version, as in package.json (its own module so the CLI can print it without loading the app). */
export const VERSION = "0.1.0";
