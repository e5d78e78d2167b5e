import { existsSync, statSync } from "node:fs";
import { getScenario, type Scenario, scenarioFromDataset } from "@grid/env";
import {
  type CityLearnBuilding,
  formatLocalTimestamp,
  isCityLearnFolder,
  type ProfileSummary,
  type ProfileTable,
  readCityLearnDataset,
  readProfileCsv,
  summarizeProfiles,
} from "@grid/profiles";
import { type Command, UsageError } from "../command.js";
import { formatNumber, formatQuantity, roundSignificant } from "../format.js";

/** Command-line options that say how a dataset is read (shared by `grid data inspect`, `grid simulate --dataset`). */
export const DATASET_READ_OPTIONS = {
  "time-zone": { type: "string" },
  "step-minutes": { type: "string" },
  "max-gap-minutes": { type: "string" },
  buildings: { type: "string" },
} as const;

/** The usage lines of {@link DATASET_READ_OPTIONS}. */
export const DATASET_READ_USAGE = `  --time-zone <zone>       IANA time zone of CSV timestamps written without an offset (default UTC)
  --step-minutes <n>       resample to this step, minutes (energy conserved)
  --max-gap-minutes <n>    fill gaps up to this long and report them (default 0: a gap is an error)
  --buildings <a,b,...>    CityLearn: the buildings to include (default: the schema's include flags)`;

/** How to read a dataset, from the command line. */
export interface DatasetReadOptions {
  timeZone?: string;
  stepMinutes?: number;
  maxGapMinutes?: number;
  buildings?: string[];
}

function wholeNumber(text: unknown, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${option}: "${text}" is not a number of minutes >= 0`);
  return value;
}

/** Parses the dataset-reading options of a command line. */
export function datasetReadOptions(values: Record<string, unknown>): DatasetReadOptions {
  return {
    timeZone: values["time-zone"] as string | undefined,
    stepMinutes: wholeNumber(values["step-minutes"], "step-minutes"),
    maxGapMinutes: wholeNumber(values["max-gap-minutes"], "max-gap-minutes"),
    buildings: typeof values.buildings === "string" ? values.buildings.split(",").map((name) => name.trim()) : undefined,
  };
}

function checkPath(path: string): void {
  if (!existsSync(path)) {
    throw new UsageError(`${path} does not exist; expected a CityLearn dataset folder (with schema.json) or a profile CSV file`);
  }
  if (statSync(path).isDirectory() && !isCityLearnFolder(path)) {
    throw new UsageError(`${path} is a folder without schema.json; expected a CityLearn dataset folder or a profile CSV file`);
  }
}

/**
 * The scenario a command runs: `--dataset <path>` (a CityLearn folder or a profile CSV, see `scenarioFromDataset`,
 * read with the data options) or `--scenario <name>` from the registry (default `seed`), not both. Used by
 * `grid simulate`, `grid evaluate` and `grid train`.
 */
export function scenarioFromCommandLine(values: Record<string, unknown>, defaultScenario = "seed"): Scenario {
  const dataset = values.dataset as string | undefined;
  if (dataset === undefined) {
    try {
      return getScenario(String(values.scenario ?? defaultScenario));
    } catch (error) {
      throw new UsageError(`--scenario: ${(error as Error).message}`);
    }
  }
  if (values.scenario !== undefined) {
    throw new UsageError("--scenario and --dataset both given; give one of them (a preset name or a data path)");
  }
  checkPath(dataset);
  return scenarioFromDataset(dataset, datasetReadOptions(values));
}

/** What `grid data inspect` found. */
export interface DatasetInspection extends ProfileSummary {
  /** `citylearn` or `profile-csv`. */
  format: string;
  /** CityLearn: each building's PV size and battery from the schema. */
  buildings?: CityLearnBuilding[];
  /** Steps where a value was filled, local time with its offset (at most 20 listed). */
  filledTimes: string[];
}

/** Reads a dataset as the framework would and summarises what was read. */
export function inspectDataset(path: string, options: DatasetReadOptions = {}): DatasetInspection {
  checkPath(path);
  let profiles: ProfileTable;
  let buildings: CityLearnBuilding[] | undefined;
  let format: string;
  if (isCityLearnFolder(path)) {
    const dataset = readCityLearnDataset(path, { stepMinutes: options.stepMinutes, maxGapMinutes: options.maxGapMinutes, buildings: options.buildings });
    profiles = dataset.profiles;
    buildings = dataset.buildings;
    format = "citylearn";
  } else {
    const readOptions = options.timeZone !== undefined || options.stepMinutes !== undefined || options.maxGapMinutes !== undefined ? options : undefined;
    profiles = readProfileCsv(path, readOptions);
    format = "profile-csv";
  }
  const filledTimes: string[] = [];
  if (profiles.filled) {
    for (let t = 0; t < profiles.filled.length && filledTimes.length < 20; t++) {
      if (profiles.filled[t]) filledTimes.push(formatLocalTimestamp(profiles.timestampsMs[t], profiles.timeZone ?? "UTC"));
    }
  }
  return { format, ...summarizeProfiles(profiles), ...(buildings ? { buildings } : {}), filledTimes };
}

/** A rating or setting as it was meant (2.4, not 2.4000000000000004). */
const setting = (value: number) => formatNumber(value, { significantDigits: 4, trimZeros: true });

function formatInspection(inspection: DatasetInspection): string {
  const column = (value: number, width: number) => formatNumber(value).padStart(width);
  const lines = [
    `${inspection.source} (${inspection.format})`,
    `  span        ${inspection.startIso} to ${inspection.endIso} (${inspection.days} whole local days, time zone ${inspection.timeZone})`,
    `  resolution  ${setting(inspection.stepMinutes)}-minute steps, ${formatNumber(inspection.steps)} steps`,
    `  series      ${inspection.series.join(", ")}`,
    `  feeder      load ${formatQuantity(inspection.feederLoadKwh, "kWh")} (peak ${formatQuantity(inspection.peakLoadKw, "kW")}), solar ${formatQuantity(inspection.feederSolarKwh, "kWh")} (peak ${formatQuantity(inspection.peakSolarKw, "kW")})`,
    `  consumers   ${inspection.numConsumers}`,
  ];
  const pvKwp = new Map(inspection.buildings?.map((building) => [building.id, building.pvNominalPowerKw]));
  if (inspection.consumers.length > 0) {
    const width = Math.max(8, ...inspection.consumers.map((consumer) => consumer.id.length));
    lines.push(`    ${"id".padEnd(width)}   load kWh     PV kWh  peak kW${pvKwp.size > 0 ? "  PV kWp (schema)" : ""}`);
    for (const consumer of inspection.consumers) {
      const size = pvKwp.has(consumer.id) ? `  ${setting(pvKwp.get(consumer.id) ?? Number.NaN).padStart(6)}` : "";
      lines.push(`    ${consumer.id.padEnd(width)} ${column(consumer.loadKwh, 10)} ${column(consumer.solarKwh, 10)} ${column(consumer.peakLoadKw, 8)}${size}`);
    }
  }
  if (inspection.buildings) {
    const kinds = new Map<string, number>();
    for (const { battery } of inspection.buildings) {
      if (!battery) continue;
      const kind = `${setting(battery.capacityKwh)} kWh / ${setting(battery.nominalPowerKw)} kW, efficiency ${setting(battery.efficiency)}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const text = [...kinds.entries()].map(([kind, count]) => `${count} x ${kind}`).join("; ");
    lines.push(`  batteries   ${text || "none in the schema"}`);
  }
  lines.push(`  gaps filled ${inspection.filledSteps} step(s)${inspection.filledTimes.length > 0 ? `: ${inspection.filledTimes.join(", ")}` : ""}`);
  lines.push("  assumptions and repairs:");
  for (const note of inspection.notes) lines.push(`    - ${note}`);
  return lines.join("\n");
}

export const dataCommand: Command = {
  name: "data",
  summary: "Inspect a dataset (CityLearn folder or profile CSV): series, span, consumers' energies, gaps, assumptions",
  usage: `grid data inspect <path> [--json] [options]

  <path>                   a CityLearn dataset folder (schema.json, Building_*.csv, ...) or a profile CSV file
  --json                   print one JSON object instead of text
${DATASET_READ_USAGE}

Reads the data as grid simulate --dataset <path> does (at the data's own step unless --step-minutes;
the scenario then resamples to 15 minutes and keeps whole local days) and says what was read.
A file with problems is rejected with every problem's file, line and what was expected.`,
  options: { json: { type: "boolean", default: false }, ...DATASET_READ_OPTIONS },
  async run(values, positionals) {
    const [action, path, ...rest] = positionals;
    if (action !== "inspect") throw new UsageError(action === undefined ? "missing action; expected: grid data inspect <path>" : `unknown action "${action}"; expected inspect`);
    if (path === undefined) throw new UsageError("missing <path>: a CityLearn dataset folder or a profile CSV file");
    if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(" ")}`);
    const inspection = inspectDataset(path, datasetReadOptions(values));
    // JSON keeps 12 significant digits: all the data has, none of the floating-point noise (2.4000000000000004).
    const json = () => JSON.stringify(inspection, (_key, value) => (typeof value === "number" ? roundSignificant(value, 12) : value), 1);
    console.log(values.json ? json() : formatInspection(inspection));
    return 0;
  },
};
