import { formatTimestamp } from "./timestamps.js";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The time zone meaning "no time zone": clock times are read as UTC and every day has 24 hours. */
export const UTC_TIME_ZONE = "UTC";

/**
 * A cached formatter for an IANA time zone (`Europe/Berlin`, `America/Los_Angeles`, `UTC`), or an error naming
 * the zone and what is accepted.
 */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new RangeError(`time zone "${timeZone}" is unknown; expected an IANA name such as Europe/Berlin, America/Los_Angeles or UTC`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError when `timeZone` is not an IANA time zone this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/**
 * The local wall clock of an instant in a time zone, as milliseconds of a UTC date with the same fields
 * (so `new Date(clockMs).getUTCHours()` is the local hour).
 */
export function localClockMs(instantMs: number, timeZone: string): number {
  if (timeZone === UTC_TIME_ZONE) return instantMs;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const wholeSecond = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  return wholeSecond + (((instantMs % 1000) + 1000) % 1000);
}

/** The time zone's offset from UTC at an instant, milliseconds (local clock minus UTC; +7,200,000 for CEST). */
export function timeZoneOffsetMs(instantMs: number, timeZone: string): number {
  return localClockMs(instantMs, timeZone) - instantMs;
}

/** The local clock hour, in [0, 24), of each instant in a time zone (fractional: 14.25 is 14:15). */
export function localHoursOfDay(timestampsMs: ArrayLike<number>, timeZone: string): Float64Array {
  const hours = new Float64Array(timestampsMs.length);
  for (let t = 0; t < timestampsMs.length; t++) {
    const clock = localClockMs(timestampsMs[t], timeZone);
    hours[t] = (((clock % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000;
  }
  return hours;
}

/**
 * Every instant whose local clock in `timeZone` reads `clockMs` (a UTC date carrying the local fields):
 * one instant normally, two in the repeated hour when clocks go back (earlier first), none in the hour
 * skipped when clocks go forward.
 */
export function instantsOfLocalClock(clockMs: number, timeZone: string): number[] {
  if (timeZone === UTC_TIME_ZONE) return [clockMs];
  const offsets = new Set([
    timeZoneOffsetMs(clockMs - 86_400_000, timeZone),
    timeZoneOffsetMs(clockMs, timeZone),
    timeZoneOffsetMs(clockMs + 86_400_000, timeZone),
  ]);
  const instants: number[] = [];
  for (const offset of offsets) {
    const instant = clockMs - offset;
    if (timeZoneOffsetMs(instant, timeZone) === offset && !instants.includes(instant)) instants.push(instant);
  }
  return instants.sort((a, b) => a - b);
}

/** Where a local clock time could not be placed, and why. */
export interface LocalTimeProblem {
  /** Index of the clock time in the input. */
  index: number;
  message: string;
}

/**
 * Converts a sequence of local clock times (as written in a file without an offset) to instants in a time zone.
 * A clock time in the hour skipped when clocks go forward is a problem (it cannot have been measured); a clock
 * time in the repeated hour when clocks go back is resolved by order: the first occurrence is the earlier
 * instant, a repetition the later one, so a file that lists the repeated hour twice reads as 25 hours.
 * Returns the instants (NaN where a problem was found) and the problems.
 */
export function localClocksToInstants(
  clocksMs: ArrayLike<number>,
  timeZone: string,
): { instantsMs: Float64Array; problems: LocalTimeProblem[] } {
  const instantsMs = new Float64Array(clocksMs.length);
  const problems: LocalTimeProblem[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < clocksMs.length; index++) {
    const clock = clocksMs[index];
    if (Number.isNaN(clock)) {
      instantsMs[index] = Number.NaN;
      continue;
    }
    const candidates = instantsOfLocalClock(clock, timeZone);
    if (candidates.length === 0) {
      problems.push({
        index,
        message: `local time ${formatTimestamp(clock).replace("Z", "")} does not exist in ${timeZone} (clocks go forward then); expected a time outside the skipped hour`,
      });
      instantsMs[index] = Number.NaN;
      continue;
    }
    const instant = candidates.find((candidate) => candidate > previous) ?? candidates[candidates.length - 1];
    instantsMs[index] = instant;
    previous = instant;
  }
  return { instantsMs, problems };
}

/** ISO text of an instant in a time zone's local clock with its offset, e.g. `2026-03-29T03:00+02:00` (for messages). */
export function formatLocalTimestamp(instantMs: number, timeZone: string): string {
  const offsetMinutes = Math.round(timeZoneOffsetMs(instantMs, timeZone) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, "0");
  const clock = new Date(localClockMs(instantMs, timeZone)).toISOString().slice(0, 16);
  return `${clock}${sign}${hours}:${minutes}`;
}
