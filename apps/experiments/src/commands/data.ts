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
import { defineCommand } from "../command.js";
import { formatNumber, formatQuantity, roundSignificant } from "../format.js";
import { checkDatasetPath, DATASET_READ_OPTIONS, type DatasetReadOptions, datasetReadOptions, JSON_OPTION } from "./scenario-options.js";

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
  checkDatasetPath(path);
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

export const dataCommand = defineCommand({
  name: "data",
  summary: "Inspect a dataset (CityLearn folder or profile CSV): series, span, consumers' energies, gaps, assumptions",
  arguments: [
    { name: "<action>", description: "what to do with the dataset", choices: ["inspect"] },
    { name: "<path>", description: "a CityLearn dataset folder (schema.json, Building_*.csv, ...) or a profile CSV file" },
  ],
  options: { json: JSON_OPTION, ...DATASET_READ_OPTIONS },
  notes: `Reads the data as grid simulate --dataset <path> does (at the data's own step unless --step-minutes;
the scenario then resamples to 15 minutes and keeps whole local days) and says what was read.
A file with problems is rejected with every problem's file, line and what was expected.`,
  async run(values, positionals) {
    const [, path] = positionals;
    const inspection = inspectDataset(path, datasetReadOptions(values));
    // JSON keeps 12 significant digits: all the data has, none of the floating-point noise (2.4000000000000004).
    const json = () => JSON.stringify(inspection, (_key, value) => (typeof value === "number" ? roundSignificant(value, 12) : value), 1);
    console.log(values.json ? json() : formatInspection(inspection));
    return 0;
  },
});
