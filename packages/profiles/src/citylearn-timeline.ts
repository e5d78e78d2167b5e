import type { CsvDocument, DataIssue } from "./csv.js";

/** Years searched (latest first) for a calendar whose weekdays match the data's `day_type`. */
const LATEST_YEAR = 2022;
const EARLIEST_YEAR = 1990;
const HOUR_MS = 3_600_000;

/** A CityLearn building file's calendar columns, one value per data row. */
export interface CalendarColumns {
  months: Float64Array;
  hours: Float64Array;
  dayTypes: Float64Array;
}

/** A reconstructed timeline: each row's start (local clock read as UTC), and the year given to the first row. */
export interface CityLearnTimeline {
  timestampsMs: Float64Array;
  year: number;
}

/**
 * Reconstructs the timeline of a CityLearn building file from `month`, `hour` (1-24: hour h is the interval
 * (h-1):00 to h:00 of the row's day) and `day_type` (1 = Monday .. 7 = Sunday, 8 = holiday). The rows are
 * consecutive steps; the day of the month is fixed by the first change of month (its row is the 1st at 00:00),
 * and the year is the latest up to 2022 (or `startYear`) for which every row's month, hour and weekday match.
 * Returns the start instant of each row (local clock read as UTC) or records issues at the first rows that
 * contradict the calendar (a missing or repeated row shows up there).
 */
export function reconstructTimeline(
  document: CsvDocument,
  calendar: CalendarColumns,
  stepMs: number,
  startYear: number | undefined,
  issues: DataIssue[],
  notes: string[],
): CityLearnTimeline | undefined {
  checkCalendarCells(document, calendar, issues);
  if (issues.length > 0) return undefined;
  if (stepMs === HOUR_MS) checkConsecutiveHours(document, calendar.hours, issues);
  if (issues.length > 0) return undefined;
  const { months, hours } = calendar;
  const change = months.findIndex((month) => month !== months[0]);
  if (change < 0) notes.push(`the month never changes in ${document.file}: the first row is taken to be on day 1 of month ${months[0]}`);
  else if (hours[change] !== 1) {
    issues.push({
      file: document.file,
      line: document.rows[change].line,
      column: "hour",
      message: `the month changes at hour ${hours[change]}; expected hour 1 (00:00-01:00 of the 1st) for consecutive ${stepMs / 60_000}-minute rows`,
    });
    return undefined;
  }
  const year = timelineYear(document, calendar, stepMs, startYear, issues);
  if (year === undefined) return undefined;
  const start = firstRowStartMs(calendar, stepMs, year);
  const timestampsMs = new Float64Array(months.length);
  for (let row = 0; row < months.length; row++) timestampsMs[row] = start + row * stepMs;
  notes.push(
    `timeline reconstructed from month, hour and day_type: consecutive ${stepMs / 60_000}-minute rows, hour h = (h-1):00 to h:00 local time, day_type 1 = Monday .. 7 = Sunday (8 = holiday); year ${year}${startYear === undefined ? ` (the latest year up to ${LATEST_YEAR} whose weekdays match every row)` : " (given)"}; first row starts ${new Date(start).toISOString().slice(0, 16)}; timestamps are the local clock read as UTC`,
  );
  return { timestampsMs, year };
}

/** Records every row whose month, hour or day type is out of range. */
function checkCalendarCells(document: CsvDocument, { months, hours, dayTypes }: CalendarColumns, issues: DataIssue[]): void {
  const file = document.file;
  for (let row = 0; row < months.length; row++) {
    const line = document.rows[row].line;
    if (!(Number.isInteger(months[row]) && months[row] >= 1 && months[row] <= 12)) {
      issues.push({ file, line, column: "month", message: `${months[row]} is not a month; expected 1 to 12` });
    }
    if (!(Number.isInteger(hours[row]) && hours[row] >= 1 && hours[row] <= 24)) {
      issues.push({ file, line, column: "hour", message: `${hours[row]} is not an hour; expected 1 to 24 (hour h is (h-1):00 to h:00)` });
    }
    if (!(Number.isInteger(dayTypes[row]) && dayTypes[row] >= 1 && dayTypes[row] <= 8)) {
      issues.push({ file, line, column: "day_type", message: `${dayTypes[row]} is not a day type; expected 1 (Monday) to 7 (Sunday) or 8 (holiday)` });
    }
  }
}

/** Hourly rows: records (up to 10) rows whose hour does not follow the previous one's (24 is followed by 1), whatever the year. */
function checkConsecutiveHours(document: CsvDocument, hours: Float64Array, issues: DataIssue[]): void {
  for (let row = 1; row < hours.length && issues.length < 10; row++) {
    const expected = (hours[row - 1] % 24) + 1;
    if (hours[row] !== expected) {
      issues.push({
        file: document.file,
        line: document.rows[row].line,
        column: "hour",
        message: `hour ${hours[row]} follows hour ${hours[row - 1]}; expected ${expected} (consecutive hourly rows): a row is missing or repeated here`,
      });
    }
  }
}

/** Start of row 0 in `year`, as UTC clock ms: the first change of month is the 1st at 00:00 (else row 0 is on the 1st). */
function firstRowStartMs({ months, hours }: CalendarColumns, stepMs: number, year: number): number {
  const change = months.findIndex((month) => month !== months[0]);
  if (change < 0) return Date.UTC(year, months[0] - 1, 1, hours[0] - 1);
  const changeYear = months[change] < months[0] ? year + 1 : year;
  return Date.UTC(changeYear, months[change] - 1, 1) - change * stepMs;
}

/** The year of the first row: `startYear` if every row matches it, else the latest that does; records why there is none. */
function timelineYear(document: CsvDocument, calendar: CalendarColumns, stepMs: number, startYear: number | undefined, issues: DataIssue[]): number | undefined {
  if (startYear !== undefined) {
    const found = calendarMismatches(document, calendar, stepMs, startYear, 10);
    issues.push(...found);
    return found.length > 0 ? undefined : startYear;
  }
  for (let candidate = LATEST_YEAR; candidate >= EARLIEST_YEAR; candidate--) {
    if (calendarMismatches(document, calendar, stepMs, candidate, 1).length === 0) return candidate;
  }
  issues.push(...calendarMismatches(document, calendar, stepMs, LATEST_YEAR, 10));
  issues.push({ file: document.file, message: `no year from ${EARLIEST_YEAR} to ${LATEST_YEAR} matches the file's month, hour and day_type on every row; give startYear` });
  return undefined;
}

/** Up to `limit` rows whose month, hour or weekday contradicts consecutive rows from the first row's start in `year`. */
function calendarMismatches(document: CsvDocument, calendar: CalendarColumns, stepMs: number, year: number, limit: number): DataIssue[] {
  const { months, hours, dayTypes } = calendar;
  const file = document.file;
  const found: DataIssue[] = [];
  const start = firstRowStartMs(calendar, stepMs, year);
  for (let row = 0; row < months.length && found.length < limit; row++) {
    const clock = start + row * stepMs;
    // The row labelled hour h ends at h:00, so its day and month are those of its last millisecond.
    const labelled = new Date(clock + stepMs - 1);
    const labelledDayMs = Date.UTC(labelled.getUTCFullYear(), labelled.getUTCMonth(), labelled.getUTCDate());
    const expectedHour = Math.floor((clock - labelledDayMs) / HOUR_MS) + 1;
    const weekday = weekdayIso(labelled.getTime());
    const line = document.rows[row].line;
    if (labelled.getUTCMonth() + 1 !== months[row] || expectedHour !== hours[row]) {
      found.push({
        file,
        line,
        message: `month ${months[row]} hour ${hours[row]} breaks the timeline: consecutive rows from the start give ${new Date(clock).toISOString().slice(0, 16)} (month ${labelled.getUTCMonth() + 1}, hour ${expectedHour}); a row is missing or repeated before this line`,
      });
    } else if (dayTypes[row] !== 8 && dayTypes[row] !== weekday) {
      found.push({ file, line, column: "day_type", message: `day_type ${dayTypes[row]} but ${new Date(clock).toISOString().slice(0, 10)} of ${year} is weekday ${weekday} (1 = Monday)` });
    }
  }
  return found;
}

/** ISO weekday of an instant read as UTC: 1 = Monday .. 7 = Sunday. */
function weekdayIso(epochMs: number): number {
  const day = new Date(epochMs).getUTCDay();
  return day === 0 ? 7 : day;
}
