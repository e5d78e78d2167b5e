import { readFileSync } from "node:fs";
import { type CsvDocument, type DataIssue, DataFileError, parseCsv, parseNumberCell } from "./csv.js";
import { computeFeatures } from "./features.js";
import type { ConsumerProfile, EngineeredFeatures, ProfileTable } from "./profile-table.js";
import { buildProfileTable } from "./table-tools.js";
import { alignSeries, type TimeSeriesInput } from "./time-align.js";
import { localClocksToInstants, UTC_TIME_ZONE } from "./time-zones.js";
import { formatTimestamp, parseTimestamp } from "./timestamps.js";

/** Raw series of a profile table and the column names accepted for each (the article's snake_case, or camelCase). */
export const RAW_COLUMNS = {
  baseLoadKw: ["base_load_kw", "baseLoadKw"],
  solarKw: ["solar_kw", "solarKw"],
  temperatureC: ["temperature_c", "temperatureC"],
  dayAheadPriceUsdPerKwh: ["day_ahead_price", "dayAheadPriceUsdPerKwh", "day_ahead_price_usd_per_kwh"],
} as const;

/** Engineered feature columns; any that is absent is computed from the raw series. */
export const FEATURE_COLUMNS = {
  hourSin: ["hour_sin", "hourSin"],
  hourCos: ["hour_cos", "hourCos"],
  loadMa1h: ["load_ma_1h", "loadMa1h"],
  solarForecast1h: ["solar_forecast_1h", "solarForecast1h"],
  priceZ: ["price_z", "priceZ"],
} as const;

const TIMESTAMP_COLUMNS = ["timestamp", "time", "datetime"];
const NON_NEGATIVE: ReadonlySet<string> = new Set(["baseLoadKw", "solarKw"]);

/** Reads a profile table from a CSV file; see {@link parseProfileCsv}. */
export function readProfileCsv(path: string, options?: ProfileCsvOptions): ProfileTable {
  return parseProfileCsv(readFileSync(path, "utf8"), path, options);
}

/**
 * Parses a profile table: a timestamp column (`timestamp`) and the raw columns `base_load_kw`, `solar_kw`,
 * `temperature_c`, `day_ahead_price` (or their camelCase names), optionally the article's feature columns.
 *
 * Rejected, with file, line and column: an unparsable timestamp; duplicate or decreasing timestamps; spacing
 * other than the first interval's; a missing, non-numeric, NaN or infinite raw value; negative load or solar.
 * Every problem in the file is collected before the file is rejected, so one run shows them all.
 * A feature column that is present is used as given; an empty cell in it is filled with the computed feature
 * and counted in `notes` (the article's own `solar_forecast_1h` is empty at the last step). Extra columns are
 * ignored and listed in `notes`.
 */
export function parseProfileCsv(text: string, file: string, options?: ProfileCsvOptions): ProfileTable {
  const document = parseCsv(text, file);
  const hasConsumers = document.header.some((name) => CONSUMER_COLUMN.test(name));
  if (options !== undefined || hasConsumers) return parseAlignedProfileCsv(document, options ?? {});
  const issues: DataIssue[] = [];
  const notes: string[] = [];
  const columnIndex = (names: readonly string[]) => document.header.findIndex((name) => names.includes(name));
  const timestampIndex = columnIndex(TIMESTAMP_COLUMNS);
  if (timestampIndex < 0) {
    issues.push({ file, line: 1, message: `no timestamp column; expected one named ${TIMESTAMP_COLUMNS.join(" or ")}` });
  }
  const rawIndex: Record<string, number> = {};
  for (const [key, names] of Object.entries(RAW_COLUMNS)) {
    rawIndex[key] = columnIndex(names);
    if (rawIndex[key] < 0) {
      issues.push({ file, line: 1, message: `missing column; expected one named ${names.join(" or ")}` });
    }
  }
  if (issues.length > 0) throw new DataFileError(issues);
  if (document.rows.length < 2) {
    throw new DataFileError([{ file, message: `${document.rows.length} data rows; a profile needs at least 2` }]);
  }

  const length = document.rows.length;
  const timestampsMs = new Float64Array(length);
  const hourOfDay = new Float64Array(length);
  const raw: Record<string, Float64Array> = {};
  for (const key of Object.keys(RAW_COLUMNS)) raw[key] = new Float64Array(length);
  const timestampColumn = document.header[timestampIndex];
  let spacingMs = Number.NaN;
  document.rows.forEach(({ line, cells }, row) => {
    const parsed = parseTimestamp(cells[timestampIndex]);
    if (!parsed) {
      issues.push({
        file,
        line,
        column: timestampColumn,
        message: `"${cells[timestampIndex]}" is not a timestamp; expected ISO 8601 such as 2026-07-01T00:15:00`,
      });
      timestampsMs[row] = Number.NaN;
    } else {
      timestampsMs[row] = parsed.epochMs;
      hourOfDay[row] = parsed.hourOfDay;
      const previous = timestampsMs[row - 1];
      if (row > 0 && !Number.isNaN(previous)) {
        const gap = parsed.epochMs - previous;
        if (gap === 0) {
          issues.push({ file, line, column: timestampColumn, message: `duplicate timestamp ${cells[timestampIndex]}` });
        } else if (gap < 0) {
          issues.push({
            file,
            line,
            column: timestampColumn,
            message: `timestamp ${cells[timestampIndex]} is before the previous row's ${formatTimestamp(previous)}; timestamps must increase`,
          });
        } else if (Number.isNaN(spacingMs)) {
          spacingMs = gap;
        } else if (gap !== spacingMs) {
          issues.push({
            file,
            line,
            column: timestampColumn,
            message: `irregular spacing: ${gap / 60_000} minutes after the previous row; the file's spacing is ${spacingMs / 60_000} minutes`,
          });
        }
      }
    }
    for (const [key, index] of Object.entries(rawIndex)) {
      const value = parseNumberCell(cells[index]);
      if (typeof value === "string") {
        issues.push({ file, line, column: document.header[index], message: value });
        raw[key][row] = Number.NaN;
      } else if (value < 0 && NON_NEGATIVE.has(key)) {
        issues.push({ file, line, column: document.header[index], message: `${value} is negative; expected a power >= 0 kW` });
      } else raw[key][row] = value;
    }
  });
  if (issues.length > 0) throw new DataFileError(issues);

  const computed = computeFeatures(hourOfDay, raw.baseLoadKw, raw.solarKw, raw.dayAheadPriceUsdPerKwh);
  const features = { ...computed } as EngineeredFeatures;
  for (const [key, names] of Object.entries(FEATURE_COLUMNS) as [keyof EngineeredFeatures, readonly string[]][]) {
    const index = columnIndex(names);
    if (index < 0) {
      notes.push(`feature ${names[0]} computed from the raw columns`);
      continue;
    }
    const values = new Float64Array(length);
    let filled = 0;
    document.rows.forEach(({ line, cells }, row) => {
      if (cells[index] === "") {
        values[row] = computed[key][row];
        filled++;
        return;
      }
      const value = parseNumberCell(cells[index]);
      if (typeof value === "string") issues.push({ file, line, column: document.header[index], message: value });
      else values[row] = value;
    });
    if (filled > 0) notes.push(`feature ${names[0]}: ${filled} empty cell(s) filled with the computed value`);
    features[key] = values;
  }
  if (issues.length > 0) throw new DataFileError(issues);
  const known = new Set<string>([...TIMESTAMP_COLUMNS, ...Object.values(RAW_COLUMNS).flat(), ...Object.values(FEATURE_COLUMNS).flat()]);
  const extra = document.header.filter((name) => !known.has(name));
  if (extra.length > 0) notes.push(`columns not used: ${extra.join(", ")}`);

  return {
    timestampsMs,
    hourOfDay,
    stepHours: spacingMs / 3_600_000,
    baseLoadKw: raw.baseLoadKw,
    solarKw: raw.solarKw,
    temperatureC: raw.temperatureC,
    dayAheadPriceUsdPerKwh: raw.dayAheadPriceUsdPerKwh,
    features,
    source: file,
    notes,
  };
}

/** How a profile CSV with real-world timestamps is read (see {@link parseProfileCsv}). */
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

/** Per-consumer columns: `load_kw:<id>` and `solar_kw:<id>` (kW, mean over the interval). */
const CONSUMER_COLUMN = /^(load_kw|solar_kw):(.+)$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The aligned reading of a profile CSV: timestamps in a time zone (daylight saving handled, a repeated hour read
 * in order, a skipped hour rejected), the file's spacing taken as its most common interval, missing rows and
 * empty cells filled up to `maxGapMinutes`, resampling to `stepMinutes`, and per-consumer columns. Feature
 * columns are recomputed from the raw series.
 */
function parseAlignedProfileCsv(document: CsvDocument, options: ProfileCsvOptions): ProfileTable {
  const file = document.file;
  const timeZone = options.timeZone ?? UTC_TIME_ZONE;
  const issues: DataIssue[] = [];
  const notes: string[] = [];
  const header = document.header;
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

  const length = document.rows.length;
  const clocks = new Float64Array(length);
  const instants = new Float64Array(length);
  const local: number[] = [];
  const column = header[timestampIndex];
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
      const row = local[problem.index];
      issues.push({ file, line: document.rows[row].line, column, message: problem.message });
    }
  }
  if (issues.length > 0) throw new DataFileError(issues);
  const spacings = new Map<number, number>();
  for (let row = 1; row < length; row++) {
    const gap = instants[row] - instants[row - 1];
    if (gap > 0) spacings.set(gap, (spacings.get(gap) ?? 0) + 1);
  }
  const intervalMs = [...spacings.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  if (intervalMs === undefined) throw new DataFileError([{ file, message: "timestamps never increase; expected rows in time order" }]);
  const intervalMinutes = intervalMs / 60_000;
  const lines = document.rows.map((row) => row.line);
  const readColumn = (index: number, nonNegative: boolean): Float64Array =>
    Float64Array.from(document.rows, ({ line, cells }) => {
      if (cells[index] === "") return Number.NaN;
      const value = parseNumberCell(cells[index]);
      if (typeof value === "string") {
        issues.push({ file, line, column: header[index], message: value });
        return Number.NaN;
      }
      if (nonNegative && value < 0) issues.push({ file, line, column: header[index], message: `${value} is negative; expected a power >= 0 kW` });
      return value;
    });
  const inputs: TimeSeriesInput[] = [];
  const add = (name: string, index: number, kind: TimeSeriesInput["kind"], nonNegative: boolean) => {
    if (index >= 0) inputs.push({ name, file, lines, timestampsMs: instants, values: readColumn(index, nonNegative), kind, intervalMinutes });
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
  const aligned = alignSeries(inputs, {
    stepMinutes: options.stepMinutes ?? intervalMinutes,
    timeZone,
    maxGapMinutes: options.maxGapMinutes ?? 0,
    startMs: instants[0],
    endMs: instants[length - 1] + intervalMs,
  });
  const consumers: ConsumerProfile[] = consumerIds.map((id) => {
    const consumer: ConsumerProfile = { id, loadKw: aligned.series[`load_kw:${id}`].values };
    const solar = aligned.series[`solar_kw:${id}`];
    if (solar) consumer.solarKw = solar.values;
    return consumer;
  });
  notes.push(
    `timestamps without an offset read as local time in ${timeZone}; spacing ${intervalMinutes} minutes (the most common); features computed from the raw series`,
    ...aligned.notes,
  );
  const known = new Set<string>([...TIMESTAMP_COLUMNS, ...Object.values(RAW_COLUMNS).flat(), ...Object.values(FEATURE_COLUMNS).flat()]);
  const extra = header.filter((name) => !known.has(name) && !CONSUMER_COLUMN.test(name));
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
