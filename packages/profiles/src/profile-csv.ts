import { readFileSync } from "node:fs";
import { type DataIssue, DataFileError, parseCsv, parseNumberCell } from "./csv.js";
import { computeFeatures } from "./features.js";
import type { EngineeredFeatures, ProfileTable } from "./profile-table.js";
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
export function readProfileCsv(path: string): ProfileTable {
  return parseProfileCsv(readFileSync(path, "utf8"), path);
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
export function parseProfileCsv(text: string, file: string): ProfileTable {
  const document = parseCsv(text, file);
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
