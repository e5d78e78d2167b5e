import { readFileSync } from "node:fs";
import { type CsvDocument, type DataIssue, DataFileError, parseCsv, parseNumberCell } from "./csv.js";
import { computeFeatures } from "./features.js";
import { parseAlignedProfileCsv, type ProfileCsvOptions } from "./profile-csv-aligned.js";
import { CONSUMER_COLUMN, FEATURE_COLUMNS, RAW_COLUMNS, TIMESTAMP_COLUMNS, unusedColumns } from "./profile-columns.js";
import type { EngineeredFeatures, ProfileTable } from "./profile-table.js";
import { formatTimestamp, parseTimestamp } from "./timestamps.js";

export { FEATURE_COLUMNS, RAW_COLUMNS } from "./profile-columns.js";
export type { ProfileCsvOptions } from "./profile-csv-aligned.js";

/** The raw series that may not be negative (powers). */
const NON_NEGATIVE: ReadonlySet<string> = new Set(["baseLoadKw", "solarKw"]);

/** Where the timestamp and each raw series are in a header (-1: absent). */
interface ColumnPlaces {
  timestampIndex: number;
  rawIndex: Record<string, number>;
}

/** The rows of a profile file: each one's instant and hour of day, the raw series, and the file's spacing. */
interface ProfileRows {
  timestampsMs: Float64Array;
  hourOfDay: Float64Array;
  raw: Record<string, Float64Array>;
  spacingMs: number;
}

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
 * ignored and listed in `notes`. With `options`, or with per-consumer columns, the file is read as real-world
 * data instead (time zones, gaps, resampling: {@link parseAlignedProfileCsv}).
 */
export function parseProfileCsv(text: string, file: string, options?: ProfileCsvOptions): ProfileTable {
  const document = parseCsv(text, file);
  const hasConsumers = document.header.some((name) => CONSUMER_COLUMN.test(name));
  if (options !== undefined || hasConsumers) return parseAlignedProfileCsv(document, options ?? {});
  const places = locateColumns(document);
  const { timestampsMs, hourOfDay, raw, spacingMs } = readRows(document, places);
  const notes: string[] = [];
  const features = readFeatures(document, hourOfDay, raw, notes);
  const extra = unusedColumns(document.header);
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

/** The index in the header of the first of `names` present (-1 when none). */
function columnIndex(document: CsvDocument, names: readonly string[]): number {
  return document.header.findIndex((name) => names.includes(name));
}

/** Finds the timestamp and raw columns; throws naming each one missing, or a file of fewer than 2 rows. */
function locateColumns(document: CsvDocument): ColumnPlaces {
  const file = document.file;
  const issues: DataIssue[] = [];
  const timestampIndex = columnIndex(document, TIMESTAMP_COLUMNS);
  if (timestampIndex < 0) {
    issues.push({ file, line: 1, message: `no timestamp column; expected one named ${TIMESTAMP_COLUMNS.join(" or ")}` });
  }
  const rawIndex: Record<string, number> = {};
  for (const [key, names] of Object.entries(RAW_COLUMNS)) {
    rawIndex[key] = columnIndex(document, names);
    if (rawIndex[key] < 0) {
      issues.push({ file, line: 1, message: `missing column; expected one named ${names.join(" or ")}` });
    }
  }
  if (issues.length > 0) throw new DataFileError(issues);
  if (document.rows.length < 2) {
    throw new DataFileError([{ file, message: `${document.rows.length} data rows; a profile needs at least 2` }]);
  }
  return { timestampIndex, rawIndex };
}

/** Reads every row's timestamp (evenly spaced and increasing) and raw values; throws with every problem found. */
function readRows(document: CsvDocument, { timestampIndex, rawIndex }: ColumnPlaces): ProfileRows {
  const length = document.rows.length;
  const timestampsMs = new Float64Array(length);
  const hourOfDay = new Float64Array(length);
  const raw: Record<string, Float64Array> = {};
  for (const key of Object.keys(RAW_COLUMNS)) raw[key] = new Float64Array(length);
  const issues: DataIssue[] = [];
  const issueAt = (line: number, index: number, message: string) => issues.push({ file: document.file, line, column: document.header[index], message });
  let spacingMs = Number.NaN;
  document.rows.forEach(({ line, cells }, row) => {
    const cell = cells[timestampIndex];
    const parsed = parseTimestamp(cell);
    if (!parsed) {
      issueAt(line, timestampIndex, `"${cell}" is not a timestamp; expected ISO 8601 such as 2026-07-01T00:15:00`);
      timestampsMs[row] = Number.NaN;
    } else {
      timestampsMs[row] = parsed.epochMs;
      hourOfDay[row] = parsed.hourOfDay;
      const previous = timestampsMs[row - 1];
      if (row > 0 && !Number.isNaN(previous)) {
        const gapMs = parsed.epochMs - previous;
        const problem = intervalProblem(gapMs, spacingMs, cell, previous);
        if (problem !== undefined) issueAt(line, timestampIndex, problem);
        else if (Number.isNaN(spacingMs)) spacingMs = gapMs;
      }
    }
    for (const [key, index] of Object.entries(rawIndex)) {
      const value = parseNumberCell(cells[index]);
      if (typeof value === "string") {
        issueAt(line, index, value);
        raw[key][row] = Number.NaN;
      } else if (value < 0 && NON_NEGATIVE.has(key)) issueAt(line, index, `${value} is negative; expected a power >= 0 kW`);
      else raw[key][row] = value;
    }
  });
  if (issues.length > 0) throw new DataFileError(issues);
  return { timestampsMs, hourOfDay, raw, spacingMs };
}

/** What is wrong with a row `gapMs` after the previous one (at `previousMs`), given the file's spacing so far (NaN: none yet). */
function intervalProblem(gapMs: number, spacingMs: number, cell: string, previousMs: number): string | undefined {
  if (gapMs === 0) return `duplicate timestamp ${cell}`;
  if (gapMs < 0) return `timestamp ${cell} is before the previous row's ${formatTimestamp(previousMs)}; timestamps must increase`;
  if (!Number.isNaN(spacingMs) && gapMs !== spacingMs) {
    return `irregular spacing: ${gapMs / 60_000} minutes after the previous row; the file's spacing is ${spacingMs / 60_000} minutes`;
  }
  return undefined;
}

/** The engineered features: each feature column present as given (its empty cells computed), the others computed; throws on a non-numeric cell. */
function readFeatures(document: CsvDocument, hourOfDay: Float64Array, raw: Record<string, Float64Array>, notes: string[]): EngineeredFeatures {
  const computed = computeFeatures(hourOfDay, raw.baseLoadKw, raw.solarKw, raw.dayAheadPriceUsdPerKwh);
  const features = { ...computed } as EngineeredFeatures;
  const issues: DataIssue[] = [];
  for (const [key, names] of Object.entries(FEATURE_COLUMNS) as [keyof EngineeredFeatures, readonly string[]][]) {
    const index = columnIndex(document, names);
    if (index < 0) {
      notes.push(`feature ${names[0]} computed from the raw columns`);
      continue;
    }
    const values = new Float64Array(document.rows.length);
    let filled = 0;
    document.rows.forEach(({ line, cells }, row) => {
      if (cells[index] === "") {
        values[row] = computed[key][row];
        filled++;
        return;
      }
      const value = parseNumberCell(cells[index]);
      if (typeof value === "string") issues.push({ file: document.file, line, column: document.header[index], message: value });
      else values[row] = value;
    });
    if (filled > 0) notes.push(`feature ${names[0]}: ${filled} empty cell(s) filled with the computed value`);
    features[key] = values;
  }
  if (issues.length > 0) throw new DataFileError(issues);
  return features;
}
