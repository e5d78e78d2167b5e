import { localDayStarts, type ProfileTable } from "@grid/profiles";

/** Days of a profile table, counted from its first local day (day 0), inclusive at both ends. */
export interface DayRange {
  first: number;
  last: number;
}

/** Nominal steps per day of a table (24 h / step; a daylight-saving day has 4 steps fewer or more at 15 minutes). */
export function stepsPerDay(profiles: ProfileTable): number {
  return Math.round(24 / profiles.stepHours);
}

/**
 * The first step of every local day of a table, read from its clock (`hourOfDay`), so 23- and 25-hour days are
 * counted right. A table that starts at midnight with 24-hour days gives 0, perDay, 2 perDay, ...; a table that
 * starts mid-day has its day 0 at the first local midnight.
 */
export function dayBoundaries(profiles: ProfileTable): Int32Array {
  const starts = localDayStarts(profiles);
  if (starts.length === 0) throw new Error(`${profiles.source}: no local midnight in the table; days cannot be counted`);
  return starts;
}

function checkDays(profiles: ProfileTable, days: DayRange, starts: Int32Array): void {
  if (!Number.isInteger(days.first) || !Number.isInteger(days.last) || days.first < 0 || days.last < days.first || days.last >= starts.length) {
    throw new Error(
      `days ${days.first}-${days.last}: not a range of whole days in [0, ${starts.length - 1}] (${profiles.source} holds ${starts.length} days from its first midnight)`,
    );
  }
}

/** Every step an episode of `episodeSteps` may start at so that it lies inside `days` (no step of another day). */
export function startStepsInDays(profiles: ProfileTable, days: DayRange, episodeSteps: number): Int32Array {
  const starts = dayBoundaries(profiles);
  checkDays(profiles, days, starts);
  const first = starts[days.first];
  const endOfRange = days.last + 1 < starts.length ? starts[days.last + 1] : profiles.baseLoadKw.length;
  const end = endOfRange - episodeSteps;
  if (end < first) {
    throw new Error(`days ${days.first}-${days.last}: too short for an episode of ${episodeSteps} steps`);
  }
  return Int32Array.from({ length: end - first + 1 }, (_, i) => first + i);
}

/** The first step of each day in `days` (deterministic evaluation episodes). */
export function dayStartSteps(profiles: ProfileTable, days: DayRange): Int32Array {
  const starts = dayBoundaries(profiles);
  checkDays(profiles, days, starts);
  return starts.slice(days.first, days.last + 1);
}

/**
 * The day range of a table between two local dates, `YYYY-MM-DD` inclusive (a split by date). Dates are read
 * on the table's clock: the day starting at step s is the date of `timestampsMs[s]` shifted to local time by
 * `hourOfDay` (so it works for tables whose timestamps are UTC instants and for local clocks read as UTC).
 */
export function dayRangeOfDates(profiles: ProfileTable, firstDate: string, lastDate: string): DayRange {
  const starts = dayBoundaries(profiles);
  const dateOf = (step: number) => {
    const utcHour = (((profiles.timestampsMs[step] % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000;
    let offsetHours = profiles.hourOfDay[step] - utcHour;
    if (offsetHours > 12) offsetHours -= 24;
    if (offsetHours < -12) offsetHours += 24;
    return new Date(profiles.timestampsMs[step] + offsetHours * 3_600_000).toISOString().slice(0, 10);
  };
  const dates = Array.from(starts, dateOf);
  const first = dates.indexOf(firstDate);
  const last = dates.indexOf(lastDate);
  if (first < 0 || last < 0 || last < first) {
    throw new Error(`dates ${firstDate} to ${lastDate}: not whole days of ${profiles.source}, which holds ${dates[0]} to ${dates[dates.length - 1]}`);
  }
  return { first, last };
}
