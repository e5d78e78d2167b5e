import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type CityLearnBuilding, type CityLearnSchema, readCityLearnSchema } from "./citylearn-schema.js";
import { type CityLearnTimeline, reconstructTimeline } from "./citylearn-timeline.js";
import { type CsvDocument, type DataIssue, DataFileError, parseCsv, parseNumberCell } from "./csv.js";
import type { ConsumerProfile, ProfileTable } from "./profile-table.js";
import { alignSeries, type TimeSeriesInput } from "./time-align.js";
import { buildProfileTable } from "./table-tools.js";

/** How to read a CityLearn dataset folder. */
export interface CityLearnOptions {
  /** Buildings to make consumers, by name (`Building_1`); default: those with `include: true` in the schema. */
  buildings?: string[];
  /** Step of the returned table, minutes; default: the dataset's own (`seconds_per_time_step`, 60 in 2022). */
  stepMinutes?: number;
  /** Calendar year of the first row; default: the latest year up to 2022 whose weekdays match `day_type`. */
  startYear?: number;
  /** Longest run of empty cells filled by interpolation, minutes (0: an empty cell in a used column is an error). */
  maxGapMinutes?: number;
}

export type { CityLearnBattery, CityLearnBuilding } from "./citylearn-schema.js";

/** A CityLearn dataset read as a profile table, with what the schema says about each building. */
export interface CityLearnDataset {
  /** Every included building as a consumer (load and PV, kW), feeder totals, price, temperature, carbon intensity. */
  profiles: ProfileTable;
  buildings: CityLearnBuilding[];
  /** The dataset's own step, seconds (`seconds_per_time_step`). */
  secondsPerTimeStep: number;
  /** The calendar year given to the first row. */
  startYear: number;
}

/** The columns read from each building file. */
const BUILDING_COLUMNS = ["month", "hour", "day_type", "non_shiftable_load", "solar_generation"] as const;

/** Parses a CSV file the schema names; a missing or malformed file is recorded in `issues` (undefined). */
function readCsvFile(path: string, issues: DataIssue[]): CsvDocument | undefined {
  if (!existsSync(path)) {
    issues.push({ file: path, message: "file not found; the schema names it" });
    return undefined;
  }
  try {
    return parseCsv(readFileSync(path, "utf8"), path);
  } catch (error) {
    if (error instanceof DataFileError) issues.push(...error.issues);
    else throw error;
    return undefined;
  }
}

/**
 * Reads one numeric column by name: empty cells become NaN (gaps, filled or rejected by the alignment);
 * text, NaN and infinities are issues naming the line.
 */
function numberColumn(document: CsvDocument, name: string, issues: DataIssue[]): Float64Array | undefined {
  const index = document.header.indexOf(name);
  if (index < 0) {
    issues.push({ file: document.file, line: 1, message: `missing column "${name}"; the header has ${document.header.join(", ")}` });
    return undefined;
  }
  const values = new Float64Array(document.rows.length);
  document.rows.forEach(({ line, cells }, row) => {
    const cell = cells[index];
    if (cell === "") {
      values[row] = Number.NaN;
      return;
    }
    const value = parseNumberCell(cell);
    if (typeof value === "string") {
      issues.push({ file: document.file, line, column: name, message: value });
      values[row] = Number.NaN;
    } else values[row] = value;
  });
  return values;
}

/** A dataset's files, read: each building's, then the price, weather and carbon intensity files. */
interface DatasetFiles {
  buildings: CsvDocument[];
  pricing: CsvDocument;
  weather: CsvDocument;
  carbon: CsvDocument;
}

/** The numeric columns read from a dataset's files. */
interface DatasetColumns {
  /** Each building's {@link BUILDING_COLUMNS}. */
  buildings: Record<(typeof BUILDING_COLUMNS)[number], Float64Array>[];
  price: Float64Array;
  temperature: Float64Array;
  carbonIntensity: Float64Array;
}

/**
 * Reads a CityLearn dataset folder: `schema.json`, the building files it names (`Building_*.csv`),
 * `pricing.csv`, `weather.csv` and `carbon_intensity.csv`. Every included building becomes a consumer:
 * load = `non_shiftable_load` (kWh per step, as mean kW), PV = `solar_generation` (W per kW of PV) x the
 * building's `pv.attributes.nominal_power` (kW) / 1000, in kW. Columns are found by name; extra columns are
 * ignored; any length works as long as every file has the same number of rows. The feeder load and PV are the
 * sums over buildings; price is `electricity_pricing`, temperature `outdoor_dry_bulb_temperature`, carbon
 * intensity `carbon_intensity`. The timeline is reconstructed (see `notes`). With `stepMinutes` the table is
 * resampled (energy conserved). Every problem in every file is collected before the dataset is rejected.
 */
export function readCityLearnDataset(folder: string, options: CityLearnOptions = {}): CityLearnDataset {
  const issues: DataIssue[] = [];
  const notes: string[] = [];
  const schema = readCityLearnSchema(folder, options.buildings, issues, notes);
  const files = readDatasetFiles(schema, issues);
  const columns = readDatasetColumns(files, issues);
  const stepMs = schema.secondsPerTimeStep * 1000;
  const timeline = datasetTimeline(files, columns, stepMs, options.startYear, issues, notes);
  notes.push(...daylightSavingsNotes(files.buildings[0]));
  const aligned = alignDataset(schema, files, columns, timeline, options);
  notes.push(
    "non_shiftable_load read as kWh per step (mean kW = kWh / step hours); solar_generation as W per kW of PV, times the schema's pv nominal_power / 1000 = kW",
    ...aligned.notes,
  );
  const consumers: ConsumerProfile[] = schema.buildings.map((building) => {
    const consumer: ConsumerProfile = { id: building.id, loadKw: aligned.series[`${building.id}.non_shiftable_load`].values };
    if (building.pvNominalPowerKw > 0) consumer.solarKw = aligned.series[`${building.id}.solar_generation`].values;
    return consumer;
  });
  const profiles = buildProfileTable({
    timestampsMs: aligned.timestampsMs,
    hourOfDay: aligned.hourOfDay,
    stepHours: aligned.stepHours,
    temperatureC: aligned.series.outdoor_dry_bulb_temperature.values,
    dayAheadPriceUsdPerKwh: aligned.series.electricity_pricing.values,
    carbonIntensityKgPerKwh: aligned.series.carbon_intensity.values,
    consumers,
    filled: aligned.gaps.length > 0 ? aligned.filled : undefined,
    source: folder,
    notes,
  });
  return { profiles, buildings: schema.buildings, secondsPerTimeStep: schema.secondsPerTimeStep, startYear: timeline.year };
}

/** Reads every file the schema names; throws with every issue so far unless all parse and have the same number (>= 2) of rows. */
function readDatasetFiles(schema: CityLearnSchema, issues: DataIssue[]): DatasetFiles {
  const buildings = schema.buildings.map((building) => readCsvFile(building.file, issues));
  const pricing = readCsvFile(schema.pricingPath, issues);
  const weather = readCsvFile(schema.weatherPath, issues);
  const carbon = readCsvFile(schema.carbonPath, issues);
  if (issues.length > 0) throw new DataFileError(issues);
  const documents = [...buildings, pricing, weather, carbon] as CsvDocument[];
  const length = documents[0].rows.length;
  for (const document of documents) {
    if (document.rows.length !== length) {
      issues.push({ file: document.file, message: `${document.rows.length} data rows; ${documents[0].file} has ${length} and every file must have the same number` });
    }
  }
  if (length < 2) issues.push({ file: documents[0].file, message: `${length} data rows; expected at least 2` });
  if (issues.length > 0) throw new DataFileError(issues);
  return { buildings: buildings as CsvDocument[], pricing: pricing!, weather: weather!, carbon: carbon! };
}

/**
 * Reads the columns used, by name; throws with every issue unless each is numeric, the calendar columns have no
 * empty cell, and load and PV are never negative.
 */
function readDatasetColumns(files: DatasetFiles, issues: DataIssue[]): DatasetColumns {
  const buildings = files.buildings.map((document) => {
    const found: Partial<Record<(typeof BUILDING_COLUMNS)[number], Float64Array>> = {};
    for (const name of BUILDING_COLUMNS) found[name] = numberColumn(document, name, issues);
    return found;
  });
  const price = numberColumn(files.pricing, "electricity_pricing", issues);
  const temperature = numberColumn(files.weather, "outdoor_dry_bulb_temperature", issues);
  const carbonIntensity = numberColumn(files.carbon, "carbon_intensity", issues);
  buildings.forEach((found, index) => {
    checkBuildingColumns(files.buildings[index], found, issues);
  });
  if (issues.length > 0) throw new DataFileError(issues);
  return { buildings: buildings as DatasetColumns["buildings"], price: price!, temperature: temperature!, carbonIntensity: carbonIntensity! };
}

/** Records empty calendar cells (the timeline needs every row) and negative load or PV in one building file. */
function checkBuildingColumns(document: CsvDocument, found: Partial<Record<(typeof BUILDING_COLUMNS)[number], Float64Array>>, issues: DataIssue[]): void {
  for (const name of ["month", "hour", "day_type"] as const) {
    found[name]?.forEach((value, row) => {
      if (Number.isNaN(value) && document.rows[row].cells[document.header.indexOf(name)] === "") {
        issues.push({ file: document.file, line: document.rows[row].line, column: name, message: "missing value; the timeline needs it on every row" });
      }
    });
  }
  found.non_shiftable_load?.forEach((value, row) => {
    if (value < 0) issues.push({ file: document.file, line: document.rows[row].line, column: "non_shiftable_load", message: `${value} is negative; expected kWh >= 0` });
  });
  found.solar_generation?.forEach((value, row) => {
    if (value < 0) issues.push({ file: document.file, line: document.rows[row].line, column: "solar_generation", message: `${value} is negative; expected W/kW >= 0` });
  });
}

/** The timeline of the first building file; throws with every issue unless it is whole and every other building file shares its calendar. */
function datasetTimeline(files: DatasetFiles, columns: DatasetColumns, stepMs: number, startYear: number | undefined, issues: DataIssue[], notes: string[]): CityLearnTimeline {
  const reference = columns.buildings[0];
  const calendar = { months: reference.month, hours: reference.hour, dayTypes: reference.day_type };
  const timeline = reconstructTimeline(files.buildings[0], calendar, stepMs, startYear, issues, notes);
  // Every building file must describe the same calendar as the first.
  columns.buildings.forEach((found, index) => {
    if (index === 0) return;
    const document = files.buildings[index];
    for (const name of ["month", "hour", "day_type"] as const) {
      const values = found[name];
      const row = values.findIndex((value, k) => value !== reference[name][k]);
      if (row >= 0) {
        issues.push({
          file: document.file,
          line: document.rows[row].line,
          column: name,
          message: `${values[row]} differs from ${files.buildings[0].file} (${reference[name][row]}) on the same row; every building must share one calendar`,
        });
      }
    }
  });
  if (!timeline || issues.length > 0) throw new DataFileError(issues);
  return timeline;
}

/** What the file's `daylight_savings_status` column (when it has one) says about its clock. */
function daylightSavingsNotes(document: CsvDocument): string[] {
  const dst = document.header.indexOf("daylight_savings_status");
  if (dst < 0) return [];
  const on = document.rows.filter((row) => row.cells[dst] === "1").length;
  return [
    on === 0
      ? "daylight_savings_status is 0 on every row: the clock is local standard time, every day has 24 hours"
      : `daylight_savings_status is 1 on ${on} rows; hours are taken as written (the rows stay consecutive)`,
  ];
}

/** Every series on the timeline (each building's load as energy and PV in kW, price, temperature, carbon), aligned to the table's step. */
function alignDataset(schema: CityLearnSchema, files: DatasetFiles, columns: DatasetColumns, timeline: CityLearnTimeline, options: CityLearnOptions) {
  const lines = files.buildings[0].rows.map((row) => row.line);
  const intervalMinutes = schema.secondsPerTimeStep / 60;
  const { timestampsMs } = timeline;
  const inputs: TimeSeriesInput[] = [];
  schema.buildings.forEach((building, index) => {
    const found = columns.buildings[index];
    const solarKw = found.solar_generation.map((value) => (value * building.pvNominalPowerKw) / 1000);
    inputs.push({ name: `${building.id}.non_shiftable_load`, file: building.file, lines, timestampsMs, values: found.non_shiftable_load, kind: "energy", intervalMinutes });
    inputs.push({ name: `${building.id}.solar_generation`, file: building.file, lines, timestampsMs, values: solarKw, kind: "power", intervalMinutes });
  });
  inputs.push({ name: "electricity_pricing", file: files.pricing.file, lines, timestampsMs, values: columns.price, kind: "level", intervalMinutes });
  inputs.push({ name: "outdoor_dry_bulb_temperature", file: files.weather.file, lines, timestampsMs, values: columns.temperature, kind: "level", intervalMinutes });
  inputs.push({ name: "carbon_intensity", file: files.carbon.file, lines, timestampsMs, values: columns.carbonIntensity, kind: "level", intervalMinutes });
  return alignSeries(inputs, {
    stepMinutes: options.stepMinutes ?? intervalMinutes,
    maxGapMinutes: options.maxGapMinutes ?? 0,
    startMs: timestampsMs[0],
    endMs: timestampsMs[timestampsMs.length - 1] + schema.secondsPerTimeStep * 1000,
  });
}

/** Whether a folder looks like a CityLearn dataset (it has a `schema.json`). */
export function isCityLearnFolder(folder: string): boolean {
  return existsSync(join(folder, "schema.json"));
}
