import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
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

/** A building's battery as the schema gives it (CityLearn's `electrical_storage.attributes`). */
export interface CityLearnBattery {
  /** Energy capacity, kWh. */
  capacityKwh: number;
  /** Power rating, kW. */
  nominalPowerKw: number;
  /** CityLearn's `efficiency` (applied as the square root on charge and on discharge: a round-trip efficiency). */
  efficiency: number;
  /** Capacity fade per cycle-equivalent (CityLearn's `capacity_loss_coefficient`). */
  capacityLossCoefficient: number;
  /** Standing loss per time step, fraction (CityLearn's `loss_coefficient`). */
  lossCoefficient: number;
}

/** One building as read. */
export interface CityLearnBuilding {
  /** The schema's name, e.g. `Building_1`; the consumer's id. */
  id: string;
  /** The building file. */
  file: string;
  /** Installed PV, kW (`pv.attributes.nominal_power`; 0 when the schema gives none). */
  pvNominalPowerKw: number;
  /** The building's battery, when the schema gives its attributes. */
  battery?: CityLearnBattery;
}

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

const BUILDING_COLUMNS = ["month", "hour", "day_type", "non_shiftable_load", "solar_generation"] as const;
/** Years searched (latest first) for a calendar whose weekdays match the data's `day_type`. */
const LATEST_YEAR = 2022;
const EARLIEST_YEAR = 1990;

interface SchemaBuilding {
  include?: boolean;
  energy_simulation?: string;
  weather?: string;
  pricing?: string;
  carbon_intensity?: string;
  pv?: { attributes?: { nominal_power?: number } };
  electrical_storage?: {
    attributes?: {
      capacity?: number;
      nominal_power?: number;
      efficiency?: number;
      capacity_loss_coefficient?: number;
      loss_coefficient?: number;
    };
  };
}

function readJson(path: string): { seconds_per_time_step?: number; buildings?: Record<string, SchemaBuilding> } {
  if (!existsSync(path)) {
    throw new DataFileError([{ file: path, message: "no schema.json; expected a CityLearn dataset folder (schema.json, Building_*.csv, pricing.csv, weather.csv, carbon_intensity.csv)" }]);
  }
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new DataFileError([{ file: path, message: `not valid JSON (${(error as Error).message})` }]);
  }
}

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

function weekdayIso(epochMs: number): number {
  const day = new Date(epochMs).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * Reconstructs the timeline of a CityLearn building file from `month`, `hour` (1-24: hour h is the interval
 * (h-1):00 to h:00 of the row's day) and `day_type` (1 = Monday .. 7 = Sunday, 8 = holiday). The rows are
 * consecutive steps; the day of the month is fixed by the first change of month (its row is the 1st at 00:00),
 * and the year is the latest up to 2022 (or `startYear`) for which every row's month, hour and weekday match.
 * Returns the start instant of each row (local clock read as UTC) or records issues at the first rows that
 * contradict the calendar (a missing or repeated row shows up there).
 */
function reconstructTimeline(
  document: CsvDocument,
  months: Float64Array,
  hours: Float64Array,
  dayTypes: Float64Array,
  stepMs: number,
  startYear: number | undefined,
  issues: DataIssue[],
  notes: string[],
): { timestampsMs: Float64Array; year: number } | undefined {
  const length = months.length;
  const file = document.file;
  for (let row = 0; row < length; row++) {
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
  if (issues.length > 0) return undefined;
  const hourMs = 3_600_000;
  if (stepMs === hourMs) {
    // Hourly rows: each hour follows the previous one (24 is followed by 1), whatever the year.
    for (let row = 1; row < length && issues.length < 10; row++) {
      const expected = (hours[row - 1] % 24) + 1;
      if (hours[row] !== expected) {
        issues.push({
          file,
          line: document.rows[row].line,
          column: "hour",
          message: `hour ${hours[row]} follows hour ${hours[row - 1]}; expected ${expected} (consecutive hourly rows): a row is missing or repeated here`,
        });
      }
    }
    if (issues.length > 0) return undefined;
  }
  const change = months.findIndex((month) => month !== months[0]);
  /** Start of row 0 in a given year, as UTC clock ms. */
  const startIn = (year: number): number => {
    if (change < 0) return Date.UTC(year, months[0] - 1, 1, hours[0] - 1);
    const changeYear = months[change] < months[0] ? year + 1 : year;
    return Date.UTC(changeYear, months[change] - 1, 1) - change * stepMs;
  };
  if (change < 0) notes.push(`the month never changes in ${file}: the first row is taken to be on day 1 of month ${months[0]}`);
  else if (hours[change] !== 1) {
    issues.push({
      file,
      line: document.rows[change].line,
      column: "hour",
      message: `the month changes at hour ${hours[change]}; expected hour 1 (00:00-01:00 of the 1st) for consecutive ${stepMs / 60_000}-minute rows`,
    });
    return undefined;
  }
  const mismatches = (year: number, limit: number): DataIssue[] => {
    const found: DataIssue[] = [];
    const start = startIn(year);
    for (let row = 0; row < length && found.length < limit; row++) {
      const clock = start + row * stepMs;
      // The row labelled hour h ends at h:00, so its day and month are those of its last millisecond.
      const labelled = new Date(clock + stepMs - 1);
      const labelledDayMs = Date.UTC(labelled.getUTCFullYear(), labelled.getUTCMonth(), labelled.getUTCDate());
      const expectedHour = Math.floor((clock - labelledDayMs) / hourMs) + 1;
      const dayType = dayTypes[row];
      const weekday = weekdayIso(labelled.getTime());
      const line = document.rows[row].line;
      if (labelled.getUTCMonth() + 1 !== months[row] || expectedHour !== hours[row]) {
        found.push({
          file,
          line,
          message: `month ${months[row]} hour ${hours[row]} breaks the timeline: consecutive rows from the start give ${new Date(clock).toISOString().slice(0, 16)} (month ${labelled.getUTCMonth() + 1}, hour ${expectedHour}); a row is missing or repeated before this line`,
        });
      } else if (dayType !== 8 && dayType !== weekday) {
        found.push({ file, line, column: "day_type", message: `day_type ${dayType} but ${new Date(clock).toISOString().slice(0, 10)} of ${year} is weekday ${weekday} (1 = Monday)` });
      }
    }
    return found;
  };
  let year = startYear;
  if (year === undefined) {
    for (let candidate = LATEST_YEAR; candidate >= EARLIEST_YEAR && year === undefined; candidate--) {
      if (mismatches(candidate, 1).length === 0) year = candidate;
    }
    if (year === undefined) {
      issues.push(...mismatches(LATEST_YEAR, 10));
      issues.push({ file, message: `no year from ${EARLIEST_YEAR} to ${LATEST_YEAR} matches the file's month, hour and day_type on every row; give startYear` });
      return undefined;
    }
  } else {
    const found = mismatches(year, 10);
    if (found.length > 0) {
      issues.push(...found);
      return undefined;
    }
  }
  const start = startIn(year);
  const timestampsMs = new Float64Array(length);
  for (let row = 0; row < length; row++) timestampsMs[row] = start + row * stepMs;
  notes.push(
    `timeline reconstructed from month, hour and day_type: consecutive ${stepMs / 60_000}-minute rows, hour h = (h-1):00 to h:00 local time, day_type 1 = Monday .. 7 = Sunday (8 = holiday); year ${year}${startYear === undefined ? ` (the latest year up to ${LATEST_YEAR} whose weekdays match every row)` : " (given)"}; first row starts ${new Date(start).toISOString().slice(0, 16)}; timestamps are the local clock read as UTC`,
  );
  return { timestampsMs, year };
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
  const schemaPath = join(folder, "schema.json");
  const schema = readJson(schemaPath);
  const issues: DataIssue[] = [];
  const notes: string[] = [];
  const secondsPerTimeStep = schema.seconds_per_time_step ?? 3600;
  if (!(Number.isInteger(secondsPerTimeStep) && secondsPerTimeStep > 0 && 86_400 % secondsPerTimeStep === 0)) {
    throw new DataFileError([{ file: schemaPath, message: `seconds_per_time_step ${secondsPerTimeStep}; expected a whole number of seconds dividing a day (3600)` }]);
  }
  const schemaBuildings = schema.buildings ?? {};
  const known = Object.keys(schemaBuildings);
  if (known.length === 0) throw new DataFileError([{ file: schemaPath, message: 'no "buildings" object; expected one entry per building' }]);
  let names: string[];
  if (options.buildings) {
    const unknown = options.buildings.filter((name) => !known.includes(name));
    if (unknown.length > 0) throw new RangeError(`buildings: ${unknown.join(", ")} not in ${schemaPath}; known: ${known.join(", ")}`);
    names = options.buildings;
    notes.push(`buildings chosen by the caller: ${names.join(", ")}`);
  } else {
    names = known.filter((name) => schemaBuildings[name].include !== false);
    const excluded = known.filter((name) => !names.includes(name));
    if (excluded.length > 0) notes.push(`buildings excluded by the schema's include flags: ${excluded.join(", ")}`);
  }
  if (names.length === 0) throw new DataFileError([{ file: schemaPath, message: "no building is included; set include: true or pass buildings" }]);

  const buildings: CityLearnBuilding[] = names.map((id) => {
    const entry = schemaBuildings[id];
    const pvNominalPowerKw = entry.pv?.attributes?.nominal_power ?? 0;
    if (!(pvNominalPowerKw >= 0 && Number.isFinite(pvNominalPowerKw))) {
      issues.push({ file: schemaPath, message: `buildings.${id}.pv.attributes.nominal_power: ${pvNominalPowerKw}; expected kW >= 0` });
    }
    if (entry.pv?.attributes?.nominal_power === undefined) notes.push(`${id}: the schema gives no PV nominal_power; no PV`);
    const attributes = entry.electrical_storage?.attributes;
    const building: CityLearnBuilding = { id, file: join(folder, entry.energy_simulation ?? `${id}.csv`), pvNominalPowerKw };
    if (attributes?.capacity !== undefined && attributes.nominal_power !== undefined) {
      building.battery = {
        capacityKwh: attributes.capacity,
        nominalPowerKw: attributes.nominal_power,
        efficiency: attributes.efficiency ?? 1,
        capacityLossCoefficient: attributes.capacity_loss_coefficient ?? 0,
        lossCoefficient: attributes.loss_coefficient ?? 0,
      };
    } else if (entry.electrical_storage) notes.push(`${id}: the schema's battery has no capacity and nominal_power (autosized?); not used`);
    return building;
  });
  const first = schemaBuildings[names[0]];
  const pricingPath = join(folder, first.pricing ?? "pricing.csv");
  const weatherPath = join(folder, first.weather ?? "weather.csv");
  const carbonPath = join(folder, first.carbon_intensity ?? "carbon_intensity.csv");

  const documents = buildings.map((building) => readCsvFile(building.file, issues));
  const pricing = readCsvFile(pricingPath, issues);
  const weather = readCsvFile(weatherPath, issues);
  const carbon = readCsvFile(carbonPath, issues);
  if (issues.length > 0) throw new DataFileError(issues);
  const length = documents[0]!.rows.length;
  for (const document of [...documents, pricing, weather, carbon]) {
    if (document!.rows.length !== length) {
      issues.push({ file: document!.file, message: `${document!.rows.length} data rows; ${documents[0]!.file} has ${length} and every file must have the same number` });
    }
  }
  if (length < 2) issues.push({ file: documents[0]!.file, message: `${length} data rows; expected at least 2` });
  if (issues.length > 0) throw new DataFileError(issues);

  const columns = documents.map((document) => {
    const found: Partial<Record<(typeof BUILDING_COLUMNS)[number], Float64Array>> = {};
    for (const name of BUILDING_COLUMNS) found[name] = numberColumn(document!, name, issues);
    return found;
  });
  const price = numberColumn(pricing!, "electricity_pricing", issues);
  const temperature = numberColumn(weather!, "outdoor_dry_bulb_temperature", issues);
  const carbonIntensity = numberColumn(carbon!, "carbon_intensity", issues);
  columns.forEach((found, index) => {
    const document = documents[index]!;
    for (const name of ["month", "hour", "day_type"] as const) {
      found[name]?.forEach((value, row) => {
        if (Number.isNaN(value) && document.rows[row].cells[document.header.indexOf(name)] === "") {
          issues.push({ file: document.file, line: document.rows[row].line, column: name, message: "missing value; the timeline needs it on every row" });
        }
      });
    }
    const load = found.non_shiftable_load;
    const solar = found.solar_generation;
    load?.forEach((value, row) => {
      if (value < 0) issues.push({ file: document.file, line: document.rows[row].line, column: "non_shiftable_load", message: `${value} is negative; expected kWh >= 0` });
    });
    solar?.forEach((value, row) => {
      if (value < 0) issues.push({ file: document.file, line: document.rows[row].line, column: "solar_generation", message: `${value} is negative; expected W/kW >= 0` });
    });
  });
  if (issues.length > 0) throw new DataFileError(issues);

  const stepMs = secondsPerTimeStep * 1000;
  const reference = columns[0];
  const timeline = reconstructTimeline(
    documents[0]!,
    reference.month!,
    reference.hour!,
    reference.day_type!,
    stepMs,
    options.startYear,
    issues,
    notes,
  );
  // Every building file must describe the same calendar as the first.
  columns.forEach((found, index) => {
    if (index === 0) return;
    const document = documents[index]!;
    for (const name of ["month", "hour", "day_type"] as const) {
      const values = found[name]!;
      const row = values.findIndex((value, k) => value !== reference[name]![k]);
      if (row >= 0) {
        issues.push({
          file: document.file,
          line: document.rows[row].line,
          column: name,
          message: `${values[row]} differs from ${documents[0]!.file} (${reference[name]![row]}) on the same row; every building must share one calendar`,
        });
      }
    }
  });
  if (!timeline || issues.length > 0) throw new DataFileError(issues);
  const dst = documents[0]!.header.indexOf("daylight_savings_status");
  if (dst >= 0) {
    const on = documents[0]!.rows.filter((row) => row.cells[dst] === "1").length;
    notes.push(
      on === 0
        ? "daylight_savings_status is 0 on every row: the clock is local standard time, every day has 24 hours"
        : `daylight_savings_status is 1 on ${on} rows; hours are taken as written (the rows stay consecutive)`,
    );
  }

  const lines = documents[0]!.rows.map((row) => row.line);
  const intervalMinutes = secondsPerTimeStep / 60;
  const inputs: TimeSeriesInput[] = [];
  buildings.forEach((building, index) => {
    const found = columns[index];
    const solarKw = found.solar_generation!.map((value) => (value * building.pvNominalPowerKw) / 1000);
    inputs.push({ name: `${building.id}.non_shiftable_load`, file: building.file, lines, timestampsMs: timeline.timestampsMs, values: found.non_shiftable_load!, kind: "energy", intervalMinutes });
    inputs.push({ name: `${building.id}.solar_generation`, file: building.file, lines, timestampsMs: timeline.timestampsMs, values: solarKw, kind: "power", intervalMinutes });
  });
  inputs.push({ name: "electricity_pricing", file: pricing!.file, lines, timestampsMs: timeline.timestampsMs, values: price!, kind: "level", intervalMinutes });
  inputs.push({ name: "outdoor_dry_bulb_temperature", file: weather!.file, lines, timestampsMs: timeline.timestampsMs, values: temperature!, kind: "level", intervalMinutes });
  inputs.push({ name: "carbon_intensity", file: carbon!.file, lines, timestampsMs: timeline.timestampsMs, values: carbonIntensity!, kind: "level", intervalMinutes });
  const aligned = alignSeries(inputs, {
    stepMinutes: options.stepMinutes ?? intervalMinutes,
    maxGapMinutes: options.maxGapMinutes ?? 0,
    startMs: timeline.timestampsMs[0],
    endMs: timeline.timestampsMs[length - 1] + stepMs,
  });
  notes.push(
    "non_shiftable_load read as kWh per step (mean kW = kWh / step hours); solar_generation as W per kW of PV, times the schema's pv nominal_power / 1000 = kW",
    ...aligned.notes,
  );
  const consumers: ConsumerProfile[] = buildings.map((building) => {
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
  return { profiles, buildings, secondsPerTimeStep, startYear: timeline.year };
}

/** Whether a folder looks like a CityLearn dataset (it has a `schema.json`). */
export function isCityLearnFolder(folder: string): boolean {
  return existsSync(join(folder, "schema.json"));
}
