// The shape of a message catalog. English is the source: its keys are the keys, and the other catalogs are
// checked against it (this type at compile time, tests/unit/i18n.test.ts for keys and ICU syntax).
import type { en } from "./messages/en.js";
import type { enHousehold } from "./messages/household/en.js";
import type { enStatus } from "./messages/status/en.js";

/** A key of the English catalog: every message the web app shows. */
export type MessageKey = keyof typeof en;

/** A language's messages: ICU MessageFormat text for every key. */
export type Catalog = Readonly<Record<MessageKey, string>>;

/** The status page's part of a catalog (messages/status/<lang>.ts), spread into the language's catalog. */
export type StatusCatalog = Readonly<Record<keyof typeof enStatus, string>>;

/** The household's part of a catalog (messages/household/<lang>.ts), spread into the language's catalog. */
export type HouseholdCatalog = Readonly<Record<keyof typeof enHousehold, string>>;
