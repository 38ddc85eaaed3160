import { pino } from "pino";

/** Almanac's logger type (pino). */
export type Logger = pino.Logger;

/** Creates the process logger: JSON lines on stderr so stdout stays clean for CLI output. */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}
