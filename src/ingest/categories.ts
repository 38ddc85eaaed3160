/**
 * The survival category lexicon: a hand-maintained list of terms per category.
 * A chunk is tagged with a category when its text and heading path score at
 * least {@link CATEGORY_THRESHOLD} (a heading hit counts 3, a body hit 1, each
 * distinct term counted once).
 */
export const SURVIVAL_CATEGORIES = {
  water: [
    "water",
    "purify",
    "purification",
    "purifying",
    "boil",
    "boiling",
    "filter",
    "filtration",
    "dehydration",
    "thirst",
    "canteen",
    "spring",
    "well",
    "iodine",
    "chlorine",
    "potable",
    "drinkable",
    "rainwater",
    "condensation",
    "still",
  ],
  fire: [
    "fire",
    "tinder",
    "kindling",
    "flint",
    "spark",
    "matches",
    "match",
    "ember",
    "embers",
    "campfire",
    "firewood",
    "bow drill",
    "fire-making",
    "flame",
    "blaze",
    "fuel",
    "hearth",
    "fire lay",
  ],
  shelter: [
    "shelter",
    "lean-to",
    "tent",
    "tarp",
    "hut",
    "bivouac",
    "debris",
    "insulation",
    "snow cave",
    "windbreak",
    "bedding",
    "shack",
    "lodge",
    "camp site",
    "cabin",
  ],
  "first-aid": [
    "first aid",
    "wound",
    "bleeding",
    "bandage",
    "tourniquet",
    "fracture",
    "splint",
    "burn",
    "burns",
    "shock",
    "cpr",
    "infection",
    "injury",
    "injuries",
    "sprain",
    "hypothermia",
    "frostbite",
    "heatstroke",
    "poisoning",
    "snakebite",
    "antiseptic",
    "pulse",
    "dressing",
  ],
  food: [
    "food",
    "edible",
    "eat",
    "eating",
    "plant",
    "plants",
    "berries",
    "fish",
    "fishing",
    "trap",
    "traps",
    "snare",
    "hunting",
    "game",
    "meat",
    "cook",
    "cooking",
    "forage",
    "foraging",
    "roots",
    "insects",
    "ration",
    "rations",
    "preserve",
    "preserving",
    "smoking",
    "drying",
  ],
  navigation: [
    "navigation",
    "compass",
    "map",
    "north",
    "south",
    "bearing",
    "azimuth",
    "direction",
    "north star",
    "polaris",
    "latitude",
    "longitude",
    "landmark",
    "orienteering",
    "shadow-tip",
    "sun",
    "stars",
    "route",
  ],
  signaling: [
    "signal",
    "signaling",
    "signalling",
    "mirror",
    "flare",
    "whistle",
    "smoke",
    "rescue",
    "sos",
    "ground-to-air",
    "beacon",
    "morse",
    "radio",
    "frequency",
    "distress",
    "aircraft",
  ],
  weather: [
    "weather",
    "storm",
    "cloud",
    "clouds",
    "rain",
    "wind",
    "barometer",
    "pressure",
    "thunder",
    "lightning",
    "forecast",
    "temperature",
    "snow",
    "fog",
    "frost",
    "humidity",
  ],
  "tools-and-knots": [
    "knot",
    "knots",
    "rope",
    "cord",
    "cordage",
    "lashing",
    "hitch",
    "bowline",
    "knife",
    "axe",
    "hatchet",
    "saw",
    "tool",
    "tools",
    "sharpen",
    "whetstone",
    "splice",
    "multitool",
  ],
  hygiene: [
    "hygiene",
    "wash",
    "washing",
    "soap",
    "sanitation",
    "latrine",
    "toilet",
    "teeth",
    "clean",
    "cleanliness",
    "lice",
    "disinfect",
    "hand sanitizer",
    "bathe",
    "bathing",
    "waste",
  ],
} as const satisfies Record<string, readonly string[]>;

/** A survival category slug, e.g. `"first-aid"`. */
export type SurvivalCategory = keyof typeof SURVIVAL_CATEGORIES;

/** Every category slug, in display order. */
export const CATEGORY_NAMES = Object.keys(SURVIVAL_CATEGORIES) as SurvivalCategory[];

/** Score a chunk must reach to be tagged with a category. */
export const CATEGORY_THRESHOLD = 3;

function termPattern(term: string): RegExp {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/[ -]/g, "[ -]?");
  return new RegExp(`\\b${escaped}\\b`, "i");
}

const PATTERNS = Object.fromEntries(
  CATEGORY_NAMES.map((c) => [c, SURVIVAL_CATEGORIES[c].map((t) => termPattern(t))]),
) as Record<SurvivalCategory, RegExp[]>;

/**
 * Assigns survival categories to a chunk from its text and heading path.
 *
 * @returns category slugs, possibly empty, in {@link CATEGORY_NAMES} order.
 */
export function categorise(text: string, headingPath: readonly string[]): SurvivalCategory[] {
  const heading = headingPath.join(" ");
  const out: SurvivalCategory[] = [];
  for (const c of CATEGORY_NAMES) {
    let score = 0;
    for (const re of PATTERNS[c]) {
      if (heading && re.test(heading)) score += 3;
      else if (re.test(text)) score += 1;
      if (score >= CATEGORY_THRESHOLD) break;
    }
    if (score >= CATEGORY_THRESHOLD) out.push(c);
  }
  return out;
}
