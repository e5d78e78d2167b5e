import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type DataIssue, DataFileError } from "./csv.js";

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

/** A building's entry in `schema.json`, as far as it is read here. */
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

/** What a dataset's `schema.json` says: its step, its buildings (those chosen), and the shared files' paths. */
export interface CityLearnSchema {
  /** The schema file's path. */
  path: string;
  secondsPerTimeStep: number;
  buildings: CityLearnBuilding[];
  pricingPath: string;
  weatherPath: string;
  carbonPath: string;
}

/**
 * Reads `folder/schema.json`: the step (a whole number of seconds dividing a day), the buildings (`buildingNames`,
 * or those the schema includes) with their files, PV and batteries, and the files of the first building's price,
 * weather and carbon intensity. What the schema leaves out is said in `notes`; a problem in a building's entry is
 * recorded in `issues`; anything that stops the reading (no schema, no building) throws.
 */
export function readCityLearnSchema(folder: string, buildingNames: string[] | undefined, issues: DataIssue[], notes: string[]): CityLearnSchema {
  const path = join(folder, "schema.json");
  const schema = readJson(path);
  const secondsPerTimeStep = schema.seconds_per_time_step ?? 3600;
  if (!(Number.isInteger(secondsPerTimeStep) && secondsPerTimeStep > 0 && 86_400 % secondsPerTimeStep === 0)) {
    throw new DataFileError([{ file: path, message: `seconds_per_time_step ${secondsPerTimeStep}; expected a whole number of seconds dividing a day (3600)` }]);
  }
  const entries = schema.buildings ?? {};
  const names = chooseBuildings(path, entries, buildingNames, notes);
  const buildings = names.map((id) => describeBuilding(folder, path, id, entries[id], issues, notes));
  const first = entries[names[0]];
  return {
    path,
    secondsPerTimeStep,
    buildings,
    pricingPath: join(folder, first.pricing ?? "pricing.csv"),
    weatherPath: join(folder, first.weather ?? "weather.csv"),
    carbonPath: join(folder, first.carbon_intensity ?? "carbon_intensity.csv"),
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

/** The buildings to read: the caller's (each must be in the schema), else those whose `include` is not false. */
function chooseBuildings(path: string, entries: Record<string, SchemaBuilding>, requested: string[] | undefined, notes: string[]): string[] {
  const known = Object.keys(entries);
  if (known.length === 0) throw new DataFileError([{ file: path, message: 'no "buildings" object; expected one entry per building' }]);
  let names: string[];
  if (requested) {
    const unknown = requested.filter((name) => !known.includes(name));
    if (unknown.length > 0) throw new RangeError(`buildings: ${unknown.join(", ")} not in ${path}; known: ${known.join(", ")}`);
    names = requested;
    notes.push(`buildings chosen by the caller: ${names.join(", ")}`);
  } else {
    names = known.filter((name) => entries[name].include !== false);
    const excluded = known.filter((name) => !names.includes(name));
    if (excluded.length > 0) notes.push(`buildings excluded by the schema's include flags: ${excluded.join(", ")}`);
  }
  if (names.length === 0) throw new DataFileError([{ file: path, message: "no building is included; set include: true or pass buildings" }]);
  return names;
}

/** Building `id` from its schema entry: its file, its PV (0 when the schema gives none) and its battery (when sized). */
function describeBuilding(folder: string, path: string, id: string, entry: SchemaBuilding, issues: DataIssue[], notes: string[]): CityLearnBuilding {
  const pvNominalPowerKw = entry.pv?.attributes?.nominal_power ?? 0;
  if (!(pvNominalPowerKw >= 0 && Number.isFinite(pvNominalPowerKw))) {
    issues.push({ file: path, message: `buildings.${id}.pv.attributes.nominal_power: ${pvNominalPowerKw}; expected kW >= 0` });
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
}
