/**
 * Surface features of an answer unit that say what kind of statement it is,
 * read with closed English word lists and patterns (no model).
 */
import { stripMarker } from "../ingest/units.js";

/**
 * Verbs that open instructions in manuals and guides ("Boil…", "Place 5
 * drops…", "Apply pressure…"). A closed list of common procedural verbs, not
 * tied to any book.
 */
const IMPERATIVE_VERBS = new Set(
  (
    "add allow apply avoid bandage bathe bind boil bring build burn burrow call carry change check choose chop clean clear close " +
    "collect construct consume cook cool cover cut dig dilute dip dispose douse drain dress drink drive dry eat elevate " +
    "examine fill filter find fold follow gather give go grab hang heat hold identify ignite immerse increase insert keep " +
    "kill knot lash lay leave let lie lift light line locate loosen lower make mark measure melt mix monitor move " +
    "note observe open pack pad pass pick pile place plug point position pour prepare press prevent protect pull " +
    "purify push put raise reduce remove repeat replace rest rinse roll rub run scrape seal secure seek select " +
    "separate set shade shake shelter signal skin slice soak splint spread squeeze stack stand start stay steep " +
    "stir stop store strain strike stuff suck support take tie tighten try turn twist untie use wait walk warm wash " +
    "watch wear wet wipe wrap"
  ).split(" "),
);

/** Openers of an instruction that is not a bare verb: "Do not…", "First, …", "Then…". */
const INSTRUCTION_OPENER =
  /^(?:do not|don't|never|always|first|second|third|then|next|finally|now|once|after|before|if)\b/i;

/** A caution in the book's own words: it must travel with the steps it qualifies. */
const WARNING = /^(?:\W*(?:caution|warning|danger|note|important)\b\W|do not\b|don't\b|never\b|avoid\b)/i;

const NUMBER =
  "(?:\\d+(?:[.,/]\\d+)?(?:\\s*(?:to|-|–)\\s*\\d+(?:[.,]\\d+)?)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|a few|several|half)";
const UNIT =
  "(?:percent|%|drops?|minutes?|mins?|hours?|hrs?|seconds?|secs?|days?|weeks?|months?|years?|liters?|litres?|quarts?|gallons?|pints?|cups?|ounces?|oz|grams?|g|kg|kilograms?|pounds?|lbs?|degrees?|°[cf]?|inches?|in\\.|feet|foot|ft|yards?|meters?|metres?|m|cm|mm|km|kilometers?|miles?|tablets?|teaspoons?|tablespoons?|tsp|tbsp|parts?|times|crystals?|calories?|mg|ml|cc)";
/** A number with a unit: "5 drops", "2 percent", "30 minutes", "one minute", "68 degrees". */
const QUANTITY = new RegExp(`(?:^|[^\\p{L}])${NUMBER}\\s*(?:[\\p{L}-]+\\s+)?${UNIT}(?![\\p{L}])`, "iu");

/** Whether the unit opens like an instruction: an imperative verb or "Do not/First/Then…". */
export function isInstruction(text: string): boolean {
  const body = stripMarker(text).trim();
  if (INSTRUCTION_OPENER.test(body)) return true;
  const first = /^[\p{L}']+/u.exec(body)?.[0]?.toLowerCase() ?? "";
  return IMPERATIVE_VERBS.has(first);
}

/** Whether the unit is a caution or warning in the book's own words. */
export function isWarning(text: string): boolean {
  return WARNING.test(stripMarker(text).trim());
}

/** Whether the unit states a quantity with a unit. */
export function hasQuantity(text: string): boolean {
  return QUANTITY.test(text);
}

/** Word count. */
export function wordCount(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}
