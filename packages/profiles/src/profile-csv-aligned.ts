import { type CsvDocument, type DataIssue, DataFileError, parseNumberCell } from "./csv.js";
import { CONSUMER_COLUMN, RAW_COLUMNS, TIMESTAMP_COLUMNS, unusedColumns } from "./profile-columns.js";
import type { ConsumerProfile, ProfileTable } from "./profile-table.js";
import { buildProfileTable } from "./table-tools.js";
import { alignSeries, type TimeSeriesInput } from "./time-align.js";
import { localClocksToInstants, UTC_TIME_ZONE } from "./time-zones.js";
import { parseTimestamp } from "./timestamps.js";

/** How a profile CSV with real-world timestamps is read (see `parseProfileCsv`). */
export interface ProfileCsvOptions {
  /**
   * IANA time zone (`Europe/Berlin`) of timestamps written without an offset, and of `hourOfDay`. Default `UTC`
   * (no daylight saving). Timestamps with an offset (`+02:00`, `Z`) are instants whatever the zone.
   */
  timeZone?: string;
  /** Step of the table, minutes; default: the file's own spacing. Series are resampled (energy conserved). */
  stepMinutes?: number;
  /** Missing rows and empty cells spanning at most this many minutes are filled and reported (0: none). */
  maxGapMinutes?: number;
}

/** A timestamp that names its offset (`Z`, `+02:00`, `-0500`): an instant, whatever the time zone. */
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

/** Where the timestamp, each raw series (-1: absent) and each consumer's columns are in a header. */
interface AlignedColumns {
  timestampIndex: number;
  rawIndex: Record<string, number>;
  consumerIds: string[];
}

/**
 * The aligned reading of a profile CSV: timestamps in a time zone (daylight saving handled, a repeated hour read
 * in order, a skipped hour rejected), the file's spacing taken as its most common interval, missing rows and
 * empty cells filled up to `maxGapMinutes`, resampling to `stepMinutes`, and per-consumer columns. Feature
 * columns are recomputed from the raw series.
 */
export function parseAlignedProfileCsv(document: CsvDocument, options: ProfileCsvOptions): ProfileTable {
  const file = document.file;
  const timeZone = options.timeZone ?? UTC_TIME_ZONE;
  const columns = locateAlignedColumns(document);
  const instants = readInstants(document, columns.timestampIndex, timeZone);
  const intervalMs = mostCommonIntervalMs(instants, file);
  const intervalMinutes = intervalMs / 60_000;
  const aligned = alignSeries(seriesInputs(document, columns, instants, intervalMinutes), {
    stepMinutes: options.stepMinutes ?? intervalMinutes,
    timeZone,
    maxGapMinutes: options.maxGapMinutes ?? 0,
    startMs: instants[0],
    endMs: instants[instants.length - 1] + intervalMs,
  });
  const consumers: ConsumerProfile[] = columns.consumerIds.map((id) => {
    const consumer: ConsumerProfile = { id, loadKw: aligned.series[`load_kw:${id}`].values };
    const solar = aligned.series[`solar_kw:${id}`];
    if (solar) consumer.solarKw = solar.values;
    return consumer;
  });
  const notes = [
    `timestamps without an offset read as local time in ${timeZone}; spacing ${intervalMinutes} minutes (the most common); features computed from the raw series`,
    ...aligned.notes,
  ];
  const extra = unusedColumns(document.header);
  if (extra.length > 0) notes.push(`columns not used: ${extra.join(", ")}`);
  return buildProfileTable({
    timestampsMs: aligned.timestampsMs,
    hourOfDay: aligned.hourOfDay,
    stepHours: aligned.stepHours,
    baseLoadKw: aligned.series.baseLoadKw?.values,
    solarKw: aligned.series.solarKw?.values,
    temperatureC: aligned.series.temperatureC.values,
    dayAheadPriceUsdPerKwh: aligned.series.dayAheadPriceUsdPerKwh.values,
    ...(consumers.length > 0 ? { consumers } : {}),
    filled: aligned.gaps.length > 0 ? aligned.filled : undefined,
    timeZone,
    source: file,
    notes,
  });
}

/**
 * Finds the timestamp, raw and consumer columns; throws naming what is missing or contradictory (a consumer's
 * solar without its load; both the feeder load and the consumers' loads), or a file of fewer than 2 rows.
 */
function locateAlignedColumns(document: CsvDocument): AlignedColumns {
  const { file, header } = document;
  const issues: DataIssue[] = [];
  const timestampIndex = header.findIndex((name) => TIMESTAMP_COLUMNS.includes(name));
  if (timestampIndex < 0) issues.push({ file, line: 1, message: `no timestamp column; expected one named ${TIMESTAMP_COLUMNS.join(" or ")}` });
  const consumerIds: string[] = [];
  for (const name of header) {
    const match = CONSUMER_COLUMN.exec(name);
    if (match && !consumerIds.includes(match[2])) consumerIds.push(match[2]);
  }
  const rawIndex: Record<string, number> = {};
  for (const [key, names] of Object.entries(RAW_COLUMNS)) {
    rawIndex[key] = header.findIndex((name) => (names as readonly string[]).includes(name));
    const optional = consumerIds.length > 0 && (key === "baseLoadKw" || key === "solarKw");
    if (rawIndex[key] < 0 && !optional) issues.push({ file, line: 1, message: `missing column; expected one named ${names.join(" or ")}` });
  }
  if (consumerIds.length > 0 && rawIndex.baseLoadKw >= 0) {
    issues.push({ file, line: 1, message: "both base_load_kw and load_kw:<id> columns; give the consumers' loads (the feeder load is their sum) or the feeder load, not both" });
  }
  for (const id of consumerIds) {
    if (!header.includes(`load_kw:${id}`)) issues.push({ file, line: 1, message: `solar_kw:${id} without load_kw:${id}; every consumer needs a load column` });
  }
  if (issues.length > 0) throw new DataFileError(issues);
  if (document.rows.length < 2) throw new DataFileError([{ file, message: `${document.rows.length} data rows; a profile needs at least 2` }]);
  return { timestampIndex, rawIndex, consumerIds };
}

/** Each row's instant: a timestamp with an offset as written, one without read as a local clock in `timeZone`; throws with every problem. */
function readInstants(document: CsvDocument, timestampIndex: number, timeZone: string): Float64Array {
  const { file } = document;
  const issues: DataIssue[] = [];
  const instants = new Float64Array(document.rows.length);
  const clocks = new Float64Array(document.rows.length);
  const local: number[] = [];
  const column = document.header[timestampIndex];
  document.rows.forEach(({ line, cells }, row) => {
    const parsed = parseTimestamp(cells[timestampIndex]);
    if (!parsed) {
      issues.push({ file, line, column, message: `"${cells[timestampIndex]}" is not a timestamp; expected ISO 8601 such as 2026-07-01T00:15:00` });
      instants[row] = Number.NaN;
      return;
    }
    instants[row] = parsed.epochMs;
    if (!HAS_OFFSET.test(cells[timestampIndex].trim())) {
      clocks[local.length] = parsed.epochMs;
      local.push(row);
    }
  });
  if (local.length > 0 && timeZone !== UTC_TIME_ZONE) {
    const converted = localClocksToInstants(clocks.subarray(0, local.length), timeZone);
    local.forEach((row, index) => {
      instants[row] = converted.instantsMs[index];
    });
    for (const problem of converted.problems) {
      issues.push({ file, line: document.rows[local[problem.index]].line, column, message: problem.message });
    }
  }
  if (issues.length > 0) throw new DataFileError(issues);
  return instants;
}

/** The file's spacing: its most common positive interval (the shorter of a tie), ms; throws when time never moves on. */
function mostCommonIntervalMs(instants: Float64Array, file: string): number {
  const spacings = new Map<number, number>();
  for (let row = 1; row < instants.length; row++) {
    const gap = instants[row] - instants[row - 1];
    if (gap > 0) spacings.set(gap, (spacings.get(gap) ?? 0) + 1);
  }
  const intervalMs = [...spacings.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  if (intervalMs === undefined) throw new DataFileError([{ file, message: "timestamps never increase; expected rows in time order" }]);
  return intervalMs;
}

/** The series to align: the raw columns present and each consumer's load and solar, read as numbers (empty: a gap); throws with every problem. */
function seriesInputs(document: CsvDocument, { rawIndex, consumerIds }: AlignedColumns, instants: Float64Array, intervalMinutes: number): TimeSeriesInput[] {
  const { file, header } = document;
  const issues: DataIssue[] = [];
  const lines = document.rows.map((row) => row.line);
  const inputs: TimeSeriesInput[] = [];
  const add = (name: string, index: number, kind: TimeSeriesInput["kind"], nonNegative: boolean) => {
    if (index >= 0) inputs.push({ name, file, lines, timestampsMs: instants, values: readColumn(document, index, nonNegative, issues), kind, intervalMinutes });
  };
  add("baseLoadKw", rawIndex.baseLoadKw, "power", true);
  add("solarKw", rawIndex.solarKw, "power", true);
  add("temperatureC", rawIndex.temperatureC, "level", false);
  add("dayAheadPriceUsdPerKwh", rawIndex.dayAheadPriceUsdPerKwh, "level", false);
  for (const id of consumerIds) {
    add(`load_kw:${id}`, header.indexOf(`load_kw:${id}`), "power", true);
    add(`solar_kw:${id}`, header.indexOf(`solar_kw:${id}`), "power", true);
  }
  if (issues.length > 0) throw new DataFileError(issues);
  return inputs;
}

/** One numeric column (an empty cell is NaN, a gap); a non-number, or a negative power where `nonNegative`, is an issue. */
function readColumn(document: CsvDocument, index: number, nonNegative: boolean, issues: DataIssue[]): Float64Array {
  const { file, header } = document;
  return Float64Array.from(document.rows, ({ line, cells }) => {
    if (cells[index] === "") return Number.NaN;
    const value = parseNumberCell(cells[index]);
    if (typeof value === "string") {
      issues.push({ file, line, column: header[index], message: value });
      return Number.NaN;
    }
    if (nonNegative && value < 0) issues.push({ file, line, column: header[index], message: `${value} is negative; expected a power >= 0 kW` });
    return value;
  });
}
